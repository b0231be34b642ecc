package dev.agentsession.springai;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.agentsession.EventType;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.history.Summarizer;
import dev.agentsession.testservers.BootBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI on a compacted conversation, on every backend: with {@code agent.session.history.compaction.max-turns}
 * and a {@link Summarizer} bean, the starter compacts after the appends that the memory advisor makes, and the
 * model's prompts show the application's system prompt first, then the summary (a question and its answer) and the
 * last turns instead of the whole history, through the window chat memory on the repository and through the log
 * chat memory; the log keeps every message.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BootBackend.class)
class SpringAiCompactionTests {

    private static final String SYSTEM = "You are a weather assistant.";

    private static final int TURNS = 6;

    private static BootBackend.@Nullable Started started;

    @Parameter
    BootBackend backend;

    @BeforeParameterizedClassInvocation
    static void startBackend(BootBackend backend) throws Exception {
        started = backend.start();
    }

    @AfterParameterizedClassInvocation
    static void stopBackend() throws Exception {
        if (started != null) {
            started.stop();
            started = null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ChatApplication {

        /** Summarizes by listing the user's questions, after the previous summary. */
        @Bean
        Summarizer summarizer() {
            return (events, previous) -> ((previous != null) ? previous + ", " : "questions: ") + events.stream()
                .filter((event) -> event.type() == EventType.MESSAGE && "user".equals(event.author()))
                .map(SessionEvent::content)
                .collect(Collectors.joining(", "));
        }

    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(ChatApplication.class)
            .withPropertyValues(started.properties().toArray(String[]::new))
            .withPropertyValues("spring.application.name=compacting-agent-" + UUID.randomUUID(),
                    "agent.session.history.compaction.max-turns=2");
    }

    @Test
    void chatClientWhenWindowMemoryAndCompactionThenModelSeesSummaryAndLastTurns() {
        runner().run(this::converseAndCheck);
    }

    @Test
    void chatClientWhenLogMemoryAndCompactionThenModelSeesSummaryAndLastTurns() {
        runner().withPropertyValues("agent.session.spring-ai.chat-memory=log").run(this::converseAndCheck);
    }

    private void converseAndCheck(AssertableApplicationContext context) {
        assertThat(context).as(this.backend.name()).hasNotFailed();
        ScriptedChatModel model = new ScriptedChatModel();
        ChatClient client = ChatClient.builder(model)
            .defaultSystem(SYSTEM)
            .defaultAdvisors(MessageChatMemoryAdvisor.builder(context.getBean(ChatMemory.class)).build())
            .build();
        String conversation = "conversation-" + UUID.randomUUID();
        for (int turn = 1; turn <= TURNS; turn++) {
            model.then(AssistantMessage.builder().content("answer " + turn).build());
            client.prompt()
                .user("question " + turn)
                .advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, conversation))
                .call()
                .content();
        }

        // The advisor reads the memory before it stores the new question. Storing question k made three turns, so
        // turn k - 2 was compacted: the prompt of call c shows the summary of questions 1 to c - 3, the last two
        // turns and the new question.
        assertThat(texts(model.prompts().get(2).getInstructions())).containsExactly("SYSTEM:" + SYSTEM,
                "USER:question 1", "ASSISTANT:answer 1", "USER:question 2", "ASSISTANT:answer 2", "USER:question 3");
        for (int call = 4; call <= TURNS; call++) {
            StringBuilder summary = new StringBuilder("questions: question 1");
            for (int compacted = 2; compacted <= call - 3; compacted++) {
                summary.append(", question ").append(compacted);
            }
            assertThat(texts(model.prompts().get(call - 1).getInstructions())).as("prompt of call %d", call)
                .containsExactly("SYSTEM:" + SYSTEM, "USER:" + MessageEvents.SUMMARY_REQUEST, "ASSISTANT:" + summary,
                        "USER:question " + (call - 2),
                        "ASSISTANT:answer " + (call - 2), "USER:question " + (call - 1),
                        "ASSISTANT:answer " + (call - 1), "USER:question " + call);
        }
        SessionManager sessions = context.getBean(SessionManager.class);
        SessionRef ref = context.getBean(ConversationRefResolver.class).resolve(conversation);
        List<SessionEvent> log = sessions.events(ref, 1, 1000);
        assertThat(log).filteredOn((event) -> event.type() == EventType.MESSAGE).hasSize(2 * TURNS);
        assertThat(log).filteredOn((event) -> event.type() == EventType.COMPACTION).hasSize(TURNS - 2);
        sessions.delete(ref);
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map((message) -> message.getMessageType().name() + ":" + message.getText()).toList();
    }
}
