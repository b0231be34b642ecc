package dev.agentsession.springai;

import java.util.List;

import dev.agentsession.EventWindow;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.langchain4j.SessionChatMemoryStore;
import dev.agentsession.langchain4j.autoconfigure.AgentSessionLangChain4jAutoConfiguration;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring AI and LangChain4j adapters on one classpath: both use the one {@link ConversationRefResolver}, so one
 * setting ({@code agent.session.conversation.*}) or one bean of the application's places the conversations of both.
 */
class SpringAiBesideLangChain4jTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class,
                SpringAiSessionAutoConfiguration.class, ChatMemoryAutoConfiguration.class,
                AgentSessionLangChain4jAutoConfiguration.class))
        .withPropertyValues("agent.session.store-type=memory", "spring.application.name=support-bot");

    @Test
    void conversationsWhenBothAdaptersArePresentThenOneResolverPlacesBothInTheConfiguredTenantAndApp() {
        this.runner
            .withPropertyValues("agent.session.conversation.tenant=acme", "agent.session.conversation.app=helpdesk")
            .run((context) -> {
                assertThat(context).hasSingleBean(ConversationRefResolver.class)
                    .hasSingleBean(SessionChatMemoryRepository.class)
                    .hasSingleBean(SessionChatMemoryStore.class);
                converseWithBoth(context);
                assertStored(context, new SessionRef("acme", "helpdesk", "spring-ai-chat", "spring-ai-chat"));
                assertStored(context, new SessionRef("acme", "helpdesk", "langchain4j-chat", "langchain4j-chat"));
                // Sharing the app, Spring AI still lists only its own conversations (marked by its metadata).
                assertThat(context.getBean(ChatMemoryRepository.class).findConversationIds())
                    .containsExactly("spring-ai-chat");
            });
    }

    @Test
    void conversationsWhenNothingIsSetThenBothAdaptersUseTheApplicationName() {
        this.runner.run((context) -> {
            converseWithBoth(context);
            assertStored(context, new SessionRef("default", "support-bot", "spring-ai-chat", "spring-ai-chat"));
            assertStored(context, new SessionRef("default", "support-bot", "langchain4j-chat", "langchain4j-chat"));
        });
    }

    @Test
    void conversationsWhenTheApplicationDefinesAResolverThenBothAdaptersUseIt() {
        ConversationRefResolver own = (id) -> new SessionRef("acme", "helpdesk", "ada", id);
        this.runner.withBean(ConversationRefResolver.class, () -> own).run((context) -> {
            assertThat(context).getBean(ConversationRefResolver.class).isSameAs(own);
            converseWithBoth(context);
            assertStored(context, new SessionRef("acme", "helpdesk", "ada", "spring-ai-chat"));
            assertStored(context, new SessionRef("acme", "helpdesk", "ada", "langchain4j-chat"));
        });
    }

    private static void converseWithBoth(AssertableApplicationContext context) {
        context.getBean(ChatMemory.class).add("spring-ai-chat", new UserMessage("hello from Spring AI"));
        context.getBean(ChatMemoryStore.class)
            .updateMessages("langchain4j-chat",
                    List.of(dev.langchain4j.data.message.UserMessage.from("hello from LangChain4j")));
    }

    private static void assertStored(AssertableApplicationContext context, SessionRef ref) {
        assertThat(context.getBean(SessionManager.class).find(ref, EventWindow.all()))
            .hasValueSatisfying((session) -> assertThat(session.events()).hasSize(1));
    }
}
