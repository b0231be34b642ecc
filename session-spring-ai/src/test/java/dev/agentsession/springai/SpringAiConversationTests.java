package dev.agentsession.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.history.Summarizer;
import dev.agentsession.store.SessionStore;
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
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI itself on every backend: a Boot application with the Agent Session starter, this adapter and Spring AI's
 * chat memory auto-configuration, configured by properties only, runs a {@link ChatClient} with the
 * {@link MessageChatMemoryAdvisor} through a conversation longer than the window, with tool calls that Spring AI
 * executes. The scripted model records each prompt: what it saw and what is stored are both checked. With
 * {@code agent.session.history.compaction.max-turns} and a {@link Summarizer} bean, the starter compacts after the
 * appends the memory advisor makes, and the prompts show the application's system prompt first, then the summary (a
 * question and its answer) and the last turns, through the window memory and the log memory; the log keeps every
 * message.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(BootBackend.class)
class SpringAiConversationTests {

    private static final String SYSTEM = "You are a weather assistant.";

    private static final int TURNS = 14;

    private static final int COMPACTED_TURNS = 6;

    // MessageWindowChatMemory's default and the adapter's default max-messages.
    private static final int WINDOW = 20;

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

    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(ChatApplication.class)
            .withPropertyValues(started.properties().toArray(String[]::new))
            .withPropertyValues("spring.application.name=weather-agent");
    }

    private void assertRunsOnTheBackend(AssertableApplicationContext context) {
        assertThat(context).as(this.backend.name()).hasNotFailed();
        String store = switch (this.backend) {
            case MEMORY -> "memory";
            case REDIS, REDIS_CLUSTER -> "redis";
            default -> "jdbc";
        };
        assertThat(context.getBean(SessionStore.class).type()).isEqualTo(store);
        if (this.backend == BootBackend.REDIS_CLUSTER) {
            assertThat(context.getBean(LettuceConnectionFactory.class).isClusterAware()).isTrue();
        }
    }

    @Test
    void chatClientWhenConversationOutgrowsTheWindowThenModelSeesTheWindowAndEveryMessageIsStoredOnce() {
        runner().run((context) -> {
            assertRunsOnTheBackend(context);
            assertThat(context).hasSingleBean(SessionChatMemoryRepository.class);
            assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(SessionChatMemoryRepository.class);
            assertThat(context.getBean(ChatMemory.class)).isInstanceOf(MessageWindowChatMemory.class);
            String conversation = converseAndCheck(context);

            ChatMemoryRepository repository = context.getBean(ChatMemoryRepository.class);
            assertThat(repository.findConversationIds()).contains(conversation);
            context.getBean(ChatMemory.class).clear(conversation);
            assertThat(repository.findConversationIds()).doesNotContain(conversation);
            SessionManager sessions = context.getBean(SessionManager.class);
            assertThat(sessions.find(ref(context, conversation), EventWindow.none())).isEmpty();
            sessions.deleteAll("default", "weather-agent");
        });
    }

    @Test
    void chatClientWhenChatMemoryIsTheLogThenModelSeesTheSameWindowAndEveryMessageIsStoredOnce() {
        runner().withPropertyValues("agent.session.spring-ai.chat-memory=log").run((context) -> {
            assertRunsOnTheBackend(context);
            assertThat(context.getBean(ChatMemory.class)).isInstanceOf(SessionChatMemory.class);
            converseAndCheck(context);
            assertThat(context.getBean(SessionManager.class).deleteAll("default", "weather-agent")).isOne();
        });
    }

    private static SessionRef ref(AssertableApplicationContext context, String conversation) {
        return context.getBean(ConversationRefResolver.class).resolve(conversation);
    }

    /**
     * Runs the conversation and checks the prompts and the stored history.
     * @return the conversation id
     */
    private static String converseAndCheck(AssertableApplicationContext context) {
        ScriptedChatModel model = new ScriptedChatModel();
        WeatherTools tools = new WeatherTools();
        // Ordered inside the tool-calling loop, the memory advisor stores each tool call and tool result too.
        ChatClient client = ChatClient.builder(model)
            .defaultSystem(SYSTEM)
            .defaultAdvisors(MessageChatMemoryAdvisor.builder(context.getBean(ChatMemory.class))
                .order(ToolCallingAdvisor.DEFAULT_ORDER + 1)
                .build())
            .defaultTools(tools)
            .build();
        String conversation = "conversation-" + UUID.randomUUID();
        List<String> cities = List.of("Paris", "Rome", "Oslo");
        for (int turn = 1; turn <= TURNS; turn++) {
            String question;
            String answer = "answer " + turn;
            if (turn % 5 == 3) {
                String city = cities.get(turn / 5);
                question = "What is the weather in " + city + "?";
                model.then(AssistantMessage.builder()
                    .content("")
                    .properties(Map.of("turn", turn))
                    .toolCalls(List.of(new AssistantMessage.ToolCall("call-" + turn, "function", "weather",
                            "{\"city\":\"" + city + "\"}")))
                    .build());
            }
            else {
                question = "question " + turn;
            }
            model.then(AssistantMessage.builder().content(answer).properties(Map.of("turn", turn)).build());
            String reply = client.prompt()
                .user(question)
                .advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, conversation))
                .call()
                .content();
            assertThat(reply).isEqualTo(answer);
        }
        assertThat(model.scriptDone()).isTrue();
        assertThat(tools.cities()).containsExactly("Paris", "Rome", "Oslo");

        // The memory advisor stores the last user or tool message of each prompt, then the model's reply.
        List<Message> transcript = new ArrayList<>();
        for (int call = 0; call < model.prompts().size(); call++) {
            List<Message> instructions = model.prompts().get(call).getInstructions();
            transcript.add(instructions.get(instructions.size() - 1));
            transcript.add(model.answered().get(call));
        }
        assertThat(transcript).filteredOn(ToolResponseMessage.class::isInstance).hasSize(3);
        for (int call = 0; call < model.prompts().size(); call++) {
            List<Message> expected = new ArrayList<>();
            expected.add(new SystemMessage(SYSTEM));
            expected.addAll(window(transcript.subList(0, 2 * call)));
            expected.add(transcript.get(2 * call));
            assertThat(model.prompts().get(call).getInstructions()).as("prompt of call %d", call + 1)
                .isEqualTo(expected);
        }
        // The window slid: the last prompt no longer shows the first question.
        assertThat(model.prompts().get(model.prompts().size() - 1).getInstructions())
            .doesNotContain(new UserMessage("question 1"));

        SessionManager sessions = context.getBean(SessionManager.class);
        SessionRef ref = ref(context, conversation);
        assertThat(ref.app()).isEqualTo("weather-agent");
        ChatMemoryRepository everything = new SessionChatMemoryRepository(sessions,
                context.getBean(ConversationRefResolver.class), SessionQuery.forApp("weather-agent"), 1000);
        assertThat(everything.findByConversationId(conversation)).isEqualTo(transcript);
        List<SessionEvent> events = sessions.get(ref, EventWindow.all()).events();
        assertThat(events).filteredOn((event) -> event.type() == EventType.TOOL_CALL)
            .extracting((event) -> event.data().path("id").asString())
            .containsExactly("call-3", "call-8", "call-13");
        assertThat(events).filteredOn((event) -> event.type() == EventType.TOOL_RESULT)
            .extracting((event) -> event.data().path("responseData").asString())
            .containsExactly("\"sunny, 21 degrees in Paris\"", "\"sunny, 21 degrees in Rome\"",
                    "\"sunny, 21 degrees in Oslo\"");
        assertThat(events).filteredOn((event) -> event.type() == EventType.MESSAGE).hasSize(transcript.size() - 3);
        return conversation;
    }

    /**
     * The window the adapter documents: the last {@value #WINDOW} messages, from a user message on when older ones
     * are left out.
     */
    private static List<Message> window(List<Message> history) {
        int start = Math.max(0, history.size() - WINDOW);
        if (start > 0) {
            while (start < history.size() && !(history.get(start) instanceof UserMessage)) {
                start++;
            }
        }
        return history.subList(start, history.size());
    }

    @Test
    void chatClientWhenWindowMemoryAndCompactionThenModelSeesSummaryAndLastTurns() {
        compactingRunner().run(this::converseWithCompactionAndCheck);
    }

    @Test
    void chatClientWhenLogMemoryAndCompactionThenModelSeesSummaryAndLastTurns() {
        compactingRunner().withPropertyValues("agent.session.spring-ai.chat-memory=log")
            .run(this::converseWithCompactionAndCheck);
    }

    /**
     * Compacts to the last two turns after each append, with a summarizer that lists the user's questions after the
     * previous summary.
     */
    private ApplicationContextRunner compactingRunner() {
        Summarizer summarizer = (events, previous) -> ((previous != null) ? previous + ", " : "questions: ")
                + events.stream()
                    .filter((event) -> event.type() == EventType.MESSAGE && "user".equals(event.author()))
                    .map(SessionEvent::content)
                    .collect(Collectors.joining(", "));
        return runner().withBean(Summarizer.class, () -> summarizer)
            .withPropertyValues("spring.application.name=compacting-agent-" + UUID.randomUUID(),
                    "agent.session.history.compaction.max-turns=2");
    }

    /**
     * Runs a conversation of {@value #COMPACTED_TURNS} turns with compaction and checks the prompts and the log.
     */
    private void converseWithCompactionAndCheck(AssertableApplicationContext context) {
        assertThat(context).as(this.backend.name()).hasNotFailed();
        ScriptedChatModel model = new ScriptedChatModel();
        ChatClient client = ChatClient.builder(model)
            .defaultSystem(SYSTEM)
            .defaultAdvisors(MessageChatMemoryAdvisor.builder(context.getBean(ChatMemory.class)).build())
            .build();
        String conversation = "conversation-" + UUID.randomUUID();
        for (int turn = 1; turn <= COMPACTED_TURNS; turn++) {
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
        for (int call = 4; call <= COMPACTED_TURNS; call++) {
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
        assertThat(log).filteredOn((event) -> event.type() == EventType.MESSAGE).hasSize(2 * COMPACTED_TURNS);
        assertThat(log).filteredOn((event) -> event.type() == EventType.COMPACTION).hasSize(COMPACTED_TURNS - 2);
        sessions.delete(ref);
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map((message) -> message.getMessageType().name() + ":" + message.getText()).toList();
    }
}
