package dev.agentsession.springai;

import java.util.List;

import dev.agentsession.EventWindow;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.conversation.ConversationRefResolver;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration, one condition at a time, on the memory store.
 */
class SpringAiSessionAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class,
                SpringAiSessionAutoConfiguration.class, ChatMemoryAutoConfiguration.class))
        .withPropertyValues("agent.session.store-type=memory");

    @Test
    void chatMemoryWhenSessionManagerExistsThenSpringAiWindowMemoryStoresInTheSession() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(SessionChatMemoryRepository.class)
                .doesNotHaveBean(InMemoryChatMemoryRepository.class)
                .hasSingleBean(ConversationRefResolver.class);
            ChatMemory memory = context.getBean(ChatMemory.class);
            assertThat(memory).isInstanceOf(MessageWindowChatMemory.class);
            memory.add("c1", new UserMessage("hello"));
            SessionRef ref = context.getBean(ConversationRefResolver.class).resolve("c1");
            assertThat(ref).isEqualTo(new SessionRef("default", "agent", "c1", "c1"));
            assertThat(context.getBean(SessionManager.class).get(ref, EventWindow.all()).events())
                .hasSize(1);
        });
    }

    @Test
    void chatMemoryRepositoryWhenTheApplicationDefinesOneThenBacksOff() {
        this.runner.withBean(ChatMemoryRepository.class, InMemoryChatMemoryRepository::new).run((context) -> {
            assertThat(context).doesNotHaveBean(SessionChatMemoryRepository.class)
                .hasSingleBean(InMemoryChatMemoryRepository.class);
        });
    }

    @Test
    void chatMemoryRepositoryWhenNoSessionManagerThenSpringAiKeepsItsOwn() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SpringAiSessionAutoConfiguration.class, ChatMemoryAutoConfiguration.class))
            .run((context) -> assertThat(context).doesNotHaveBean(SessionChatMemoryRepository.class)
                .doesNotHaveBean(ConversationRefResolver.class)
                .hasSingleBean(InMemoryChatMemoryRepository.class));
    }

    @Test
    void chatMemoryRepositoryWhenSpringAiIsNotOnTheClasspathThenNothingIsConfigured() {
        this.runner.withClassLoader(new FilteredClassLoader(ChatMemoryRepository.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(SessionManager.class)
                .doesNotHaveBean(SessionChatMemoryRepository.class)
                .doesNotHaveBean(SpringAiSessionProperties.class));
    }

    @Test
    void conversationsWhenApplicationNameIsSetThenItIsTheApp() {
        this.runner.withPropertyValues("spring.application.name=support-bot").run((context) -> {
            context.getBean(ChatMemory.class).add("c1", new UserMessage("hello"));
            assertThat(context.getBean(SessionManager.class)
                .find(new SessionRef("default", "support-bot", "c1", "c1"), EventWindow.none())).isPresent();
        });
    }

    @Test
    void conversationsWhenTheSharedTenantAndAppAreSetThenTheyHoldAndListTheConversations() {
        this.runner
            .withPropertyValues("spring.application.name=support-bot", "agent.session.conversation.tenant=acme",
                    "agent.session.conversation.app=helpdesk")
            .run((context) -> {
                assertThat(context.getBean(ConversationRefResolver.class).resolve("c1"))
                    .isEqualTo(new SessionRef("acme", "helpdesk", "c1", "c1"));
                context.getBean(ChatMemory.class).add("c1", new UserMessage("hello"));
                assertThat(context.getBean(SessionManager.class)
                    .find(new SessionRef("acme", "helpdesk", "c1", "c1"), EventWindow.none())).isPresent();
                assertThat(context.getBean(ChatMemoryRepository.class).findConversationIds()).containsExactly("c1");
            });
    }

    @Test
    void conversationRefResolverWhenTheApplicationDefinesOneThenTheRepositoryUsesIt() {
        ConversationRefResolver resolver = (id) -> new SessionRef("default", "agent", "shared-user", id);
        this.runner.withBean(ConversationRefResolver.class, () -> resolver).run((context) -> {
            assertThat(context.getBean(ConversationRefResolver.class)).isSameAs(resolver);
            context.getBean(ChatMemory.class).add("c1", new UserMessage("hello"));
            assertThat(context.getBean(SessionManager.class)
                .find(new SessionRef("default", "agent", "shared-user", "c1"), EventWindow.all()))
                .hasValueSatisfying((session) -> assertThat(session.events()).hasSize(1));
        });
    }

    @Test
    void chatMemoryWhenChatMemoryIsLogThenTheSessionLogIsTheChatMemory() {
        this.runner
            .withPropertyValues("agent.session.spring-ai.chat-memory=log", "agent.session.spring-ai.max-messages=2")
            .run((context) -> {
                ChatMemory memory = context.getBean(ChatMemory.class);
                assertThat(memory).isInstanceOf(SessionChatMemory.class);
                memory.add("c1", List.of(new UserMessage("1"), new UserMessage("2"), new UserMessage("3")));
                assertThat(memory.get("c1")).containsExactly(new UserMessage("2"), new UserMessage("3"));
            });
    }

    @Test
    void propertiesWhenUnsetThenDefaultsMatchSpringAi() {
        SpringAiSessionProperties properties = new SpringAiSessionProperties();
        assertThat(properties.getMaxMessages()).isEqualTo(20);
        assertThat(properties.getChatMemory()).isEqualTo(SpringAiSessionProperties.ChatMemoryType.WINDOW);
    }

    @Test
    void maxMessagesWhenNotPositiveThenStartupFailsNamingTheProperty() {
        this.runner.withPropertyValues("agent.session.spring-ai.max-messages=0")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("max-messages must be at least 1"));
    }
}
