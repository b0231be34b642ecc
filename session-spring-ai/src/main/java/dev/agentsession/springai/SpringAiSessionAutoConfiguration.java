package dev.agentsession.springai;

import java.util.Objects;

import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.conversation.ConversationRefResolver;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Spring AI chat memory on the application's {@link SessionManager}: a
 * {@link SessionChatMemoryRepository} that Spring AI's {@link ChatMemoryAutoConfiguration} wraps in its
 * {@code MessageWindowChatMemory}, or, with {@code agent.session.spring-ai.chat-memory=log}, a
 * {@link SessionChatMemory}; and the default {@link ConversationRefResolver}.
 */
@AutoConfiguration(after = AgentSessionAutoConfiguration.class, before = ChatMemoryAutoConfiguration.class)
@ConditionalOnClass({ ChatMemoryRepository.class, SessionManager.class })
@ConditionalOnBean(SessionManager.class)
@EnableConfigurationProperties(SpringAiSessionProperties.class)
public final class SpringAiSessionAutoConfiguration {

    private static final String DEFAULT_APP = "agent";

    @Bean
    @ConditionalOnMissingBean
    ConversationRefResolver agentSessionConversationRefResolver(SpringAiSessionProperties properties,
            Environment environment) {
        return ConversationRefResolver.perConversationUser(properties.getTenant(), app(properties, environment));
    }

    @Bean
    @ConditionalOnMissingBean(ChatMemoryRepository.class)
    SessionChatMemoryRepository agentSessionChatMemoryRepository(SessionManager sessions,
            ConversationRefResolver resolver, SpringAiSessionProperties properties, Environment environment) {
        return new SessionChatMemoryRepository(sessions, resolver,
                SessionQuery.forApp(properties.getTenant(), app(properties, environment)),
                properties.getMaxMessages());
    }

    @Bean
    @ConditionalOnMissingBean(ChatMemory.class)
    @ConditionalOnProperty(name = "agent.session.spring-ai.chat-memory", havingValue = "log")
    SessionChatMemory agentSessionChatMemory(SessionManager sessions, ConversationRefResolver resolver,
            SpringAiSessionProperties properties) {
        return new SessionChatMemory(sessions, resolver, properties.getMaxMessages());
    }

    private static String app(SpringAiSessionProperties properties, Environment environment) {
        return Objects.requireNonNullElseGet(properties.getApp(),
                () -> environment.getProperty("spring.application.name", DEFAULT_APP));
    }
}
