package dev.agentsession.langchain4j.autoconfigure;

import dev.agentsession.SessionManager;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.autoconfigure.AgentSessionConfigurationException;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.langchain4j.SessionChatMemoryStore;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of a LangChain4j {@link ChatMemoryStore} on the application's {@link SessionManager}, and of a
 * {@link ChatMemoryProvider} of {@link MessageWindowChatMemory} on it, which LangChain4j's {@code @AiService}s wire
 * automatically: their conversations keep their history in Agent Session. A memory id's session is the one the
 * application's {@link ConversationRefResolver} names (the starter's default one is configured by
 * {@code agent.session.conversation.*}, shared with every other framework adapter).
 */
@AutoConfiguration(after = AgentSessionAutoConfiguration.class)
@ConditionalOnClass(ChatMemoryStore.class)
@ConditionalOnBean(SessionManager.class)
@EnableConfigurationProperties(AgentSessionLangChain4jProperties.class)
public final class AgentSessionLangChain4jAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ChatMemoryStore.class)
    SessionChatMemoryStore agentSessionChatMemoryStore(SessionManager sessions, ConversationRefResolver resolver,
            AgentSessionLangChain4jProperties properties) {
        try {
            return new SessionChatMemoryStore(sessions, resolver, properties.getMaxMessages());
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.langchain4j.max-messages",
                    "Set agent.session.langchain4j.max-messages to at least the window of your ChatMemory.", ex);
        }
    }

    /**
     * The chat memories, when the application builds none itself.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MessageWindowChatMemory.class)
    static class ChatMemoryProviderConfiguration {

        @Bean
        @ConditionalOnMissingBean({ ChatMemoryProvider.class, ChatMemory.class })
        ChatMemoryProvider agentSessionChatMemoryProvider(ChatMemoryStore store,
                AgentSessionLangChain4jProperties properties) {
            int maxMessages = properties.getMaxMessages();
            return (memoryId) -> MessageWindowChatMemory.builder()
                .id(memoryId)
                .maxMessages(maxMessages)
                .chatMemoryStore(store)
                .build();
        }

    }
}
