package dev.agentsession.springai;

import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.autoconfigure.AgentSessionConversationProperties;
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
 * {@link SessionChatMemory}. Both find a conversation's session through the application's
 * {@link ConversationRefResolver} (the starter's default one is configured by {@code agent.session.conversation.*},
 * shared with every other framework adapter).
 */
@AutoConfiguration(after = AgentSessionAutoConfiguration.class, before = ChatMemoryAutoConfiguration.class)
@ConditionalOnClass({ ChatMemoryRepository.class, SessionManager.class })
@ConditionalOnBean(SessionManager.class)
@EnableConfigurationProperties(SpringAiSessionProperties.class)
public final class SpringAiSessionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ChatMemoryRepository.class)
    SessionChatMemoryRepository agentSessionChatMemoryRepository(SessionManager sessions,
            ConversationRefResolver resolver, SpringAiSessionProperties properties,
            AgentSessionConversationProperties conversations, Environment environment) {
        return new SessionChatMemoryRepository(sessions, resolver,
                SessionQuery.forApp(conversations.getTenant(), conversations.determineApp(environment)),
                properties.getMaxMessages());
    }

    @Bean
    @ConditionalOnMissingBean(ChatMemory.class)
    @ConditionalOnProperty(name = "agent.session.spring-ai.chat-memory", havingValue = "log")
    SessionChatMemory agentSessionChatMemory(SessionManager sessions, ConversationRefResolver resolver,
            SpringAiSessionProperties properties) {
        return new SessionChatMemory(sessions, resolver, properties.getMaxMessages());
    }
}
