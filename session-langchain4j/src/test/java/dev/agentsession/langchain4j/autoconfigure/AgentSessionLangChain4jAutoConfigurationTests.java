package dev.agentsession.langchain4j.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import dev.agentsession.EventWindow;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.autoconfigure.AgentSessionConfigurationException;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.langchain4j.SessionChatMemoryStore;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition of {@link AgentSessionLangChain4jAutoConfiguration}.
 */
class AgentSessionLangChain4jAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class,
                AgentSessionLangChain4jAutoConfiguration.class))
        .withPropertyValues("agent.session.store-type=memory");

    @Test
    void storeWhenASessionManagerExistsThenPublishedWithAResolverForTheApplicationName() {
        this.runner.withPropertyValues("spring.application.name=support-bot").run((context) -> {
            assertThat(context).hasSingleBean(SessionChatMemoryStore.class);
            assertThat(context.getBean(ConversationRefResolver.class).resolve("chat-7"))
                .isEqualTo(new SessionRef("default", "support-bot", "chat-7", "chat-7"));
            ChatMemoryStore store = context.getBean(ChatMemoryStore.class);
            store.updateMessages("chat-7", List.of(UserMessage.from("hello")));
            assertThat(context.getBean(SessionManager.class)
                .get(SessionRef.of("support-bot", "chat-7", "chat-7"), EventWindow.all())
                .events()).hasSize(1);
        });
    }

    @Test
    void storeWhenNoApplicationNameThenTheAppIsAgent() {
        this.runner.run((context) -> {
            context.getBean(ChatMemoryStore.class).updateMessages("c", List.of(UserMessage.from("hi")));
            assertThat(context.getBean(SessionManager.class).find(new SessionRef("default", "agent", "c", "c"),
                    EventWindow.none())).isPresent();
        });
    }

    @Test
    void storeWhenTheSharedTenantAndAppAreSetThenUsesThem() {
        this.runner
            .withPropertyValues("spring.application.name=ignored", "agent.session.conversation.tenant=acme",
                    "agent.session.conversation.app=helpdesk")
            .run((context) -> {
                context.getBean(ChatMemoryStore.class).updateMessages("c", List.of(UserMessage.from("hi")));
                assertThat(context.getBean(SessionManager.class).find(new SessionRef("acme", "helpdesk", "c", "c"),
                        EventWindow.none())).isPresent();
            });
    }

    @Test
    void maxMessagesWhenSetThenTheStoreReadsThatManyRecentEvents() {
        this.runner.withPropertyValues("agent.session.langchain4j.max-messages=2").run((context) -> {
            ChatMemoryStore store = context.getBean(ChatMemoryStore.class);
            store.updateMessages("c", List.of(UserMessage.from("1"), UserMessage.from("2"), UserMessage.from("3")));
            assertThat(store.getMessages("c")).containsExactly(UserMessage.from("2"), UserMessage.from("3"));
        });
    }

    @Test
    void propertiesWhenUnsetThenTheStoreDefaults() {
        AgentSessionLangChain4jProperties properties = new AgentSessionLangChain4jProperties();
        assertThat(properties.getMaxMessages()).isEqualTo(SessionChatMemoryStore.DEFAULT_MAX_MESSAGES);
    }

    @Test
    void providerWhenLangChain4jIsPresentThenMessageWindowMemoriesOfMaxMessagesOnTheStore() {
        this.runner.withPropertyValues("agent.session.langchain4j.max-messages=2").run((context) -> {
            ChatMemory memory = context.getBean(ChatMemoryProvider.class).get("c");
            assertThat(memory).isInstanceOf(MessageWindowChatMemory.class);
            memory.add(UserMessage.from("1"));
            memory.add(UserMessage.from("2"));
            memory.add(UserMessage.from("3"));
            assertThat(memory.messages()).containsExactly(UserMessage.from("2"), UserMessage.from("3"));
            assertThat(context.getBean(SessionManager.class)
                .get(SessionRef.of("agent", "c", "c"), EventWindow.all())
                .events()).hasSize(3);
        });
    }

    @Test
    void providerWhenTheApplicationDefinesAChatMemoryOrAProviderThenBacksOff() {
        this.runner.withBean(ChatMemory.class, () -> MessageWindowChatMemory.withMaxMessages(5))
            .run((context) -> assertThat(context).hasSingleBean(SessionChatMemoryStore.class)
                .doesNotHaveBean(ChatMemoryProvider.class));
        ChatMemoryProvider own = (id) -> MessageWindowChatMemory.withMaxMessages(5);
        this.runner.withBean(ChatMemoryProvider.class, () -> own)
            .run((context) -> assertThat(context.getBean(ChatMemoryProvider.class)).isSameAs(own));
    }

    @Test
    void providerWhenOnlyLangChain4jCoreIsOnTheClasspathThenOnlyTheStore() {
        this.runner.withClassLoader(new FilteredClassLoader(MessageWindowChatMemory.class))
            .run((context) -> assertThat(context).hasSingleBean(SessionChatMemoryStore.class)
                .doesNotHaveBean(ChatMemoryProvider.class));
    }

    @Test
    void storeWhenTheApplicationDefinesAChatMemoryStoreThenBacksOff() {
        this.runner.withBean(ChatMemoryStore.class, InMemoryChatMemoryStore::new)
            .run((context) -> assertThat(context).hasSingleBean(ChatMemoryStore.class)
                .doesNotHaveBean(SessionChatMemoryStore.class));
    }

    @Test
    void resolverWhenTheApplicationDefinesOneThenTheStoreUsesIt() {
        ConversationRefResolver own = (id) -> new SessionRef("t", "a", "user-of-" + id, id);
        this.runner.withBean(ConversationRefResolver.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(ConversationRefResolver.class);
            context.getBean(ChatMemoryStore.class).updateMessages("c", List.of(UserMessage.from("hi")));
            assertThat(context.getBean(SessionManager.class).find(new SessionRef("t", "a", "user-of-c", "c"),
                    EventWindow.none())).isPresent();
        });
    }

    @Test
    void storeWhenThereIsNoSessionManagerThenNothingIsPublished() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AgentSessionLangChain4jAutoConfiguration.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(ChatMemoryStore.class)
                .doesNotHaveBean(ConversationRefResolver.class));
    }

    @Test
    void storeWhenLangChain4jIsNotOnTheClasspathThenNothingIsPublished() {
        this.runner.withClassLoader(new FilteredClassLoader(ChatMemoryStore.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(SessionChatMemoryStore.class)
                .doesNotHaveBean(AgentSessionLangChain4jProperties.class)
                .doesNotHaveBean(ChatMemoryProvider.class));
    }

    @Test
    void storeWhenMaxMessagesIsNotPositiveThenStartupFailsSayingWhatToSet() {
        this.runner.withPropertyValues("agent.session.langchain4j.max-messages=0").run((context) -> {
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maxMessages");
            assertThat(configurationFailure(context).getAction()).contains("agent.session.langchain4j.max-messages");
        });
    }

    @Test
    void metadataWhenBuiltThenDescribesEveryPropertyAndTheAutoConfigurationConditions() throws IOException {
        assertThat(resource("META-INF/spring-configuration-metadata.json"))
            .contains("agent.session.langchain4j.max-messages")
            .doesNotContain("agent.session.langchain4j.tenant", "agent.session.langchain4j.app");
        assertThat(resource("META-INF/spring-autoconfigure-metadata.properties"))
            .contains("AgentSessionLangChain4jAutoConfiguration.ConditionalOnClass="
                    + "dev.langchain4j.store.memory.chat.ChatMemoryStore");
        assertThat(resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
            .contains(AgentSessionLangChain4jAutoConfiguration.class.getName());
    }

    private static AgentSessionConfigurationException configurationFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof AgentSessionConfigurationException)) {
            failure = failure.getCause();
        }
        assertThat(failure).as("an AgentSessionConfigurationException in the startup failure").isNotNull();
        return (AgentSessionConfigurationException) failure;
    }

    /** Every copy of a resource on the test class path (the starter has some too), one after the other. */
    private String resource(String name) throws IOException {
        StringBuilder all = new StringBuilder();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(name))) {
            try (InputStream in = url.openStream()) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}
