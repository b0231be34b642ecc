package dev.agentsession.springai;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The repository on the memory store: what {@code saveAll} appends, what {@code findByConversationId} returns, and
 * that every message type reads back equal. The same behaviour on every backend is checked by
 * {@link SpringAiConversationTests}.
 */
class SessionChatMemoryRepositoryTests {

    static final String APP = "chat";

    static final ConversationRefResolver RESOLVER = ConversationRefResolver.perConversationUser("default", APP);

    private final SessionManager sessions = memorySessions();

    private final SessionChatMemoryRepository repository = repository(20);

    static SessionManager memorySessions() {
        Clock clock = Clock.systemUTC();
        MemorySessionStore store = new MemorySessionStore(clock, 1000, new SessionCodec());
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(clock), clock,
                new SessionCodec(), SessionSettings.defaults());
    }

    private SessionChatMemoryRepository repository(int maxMessages) {
        return new SessionChatMemoryRepository(this.sessions, RESOLVER, SessionQuery.forApp(APP), maxMessages);
    }

    private List<SessionEvent> history(String conversationId) {
        return this.sessions.get(RESOLVER.resolve(conversationId), EventWindow.all()).events();
    }

    private List<String> storedTexts(String conversationId) {
        return history(conversationId).stream()
            .filter((event) -> event.type() == EventType.MESSAGE)
            .map(SessionEvent::content)
            .toList();
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::getText).toList();
    }

    @Test
    void findByConversationIdWhenEveryMessageTypeWasSavedThenEachReadsBackEqual() {
        List<Message> messages = List.of(new SystemMessage("You are terse."),
                UserMessage.builder().text("Weather in Paris and Rome?").metadata(Map.of("channel", "web")).build(),
                AssistantMessage.builder()
                    .content(null)
                    .properties(Map.of("id", "resp-1", "index", 0, "finishReason", "TOOL_CALLS"))
                    .toolCalls(List.of(
                            new AssistantMessage.ToolCall("call-1", "function", "weather", "{\"city\":\"Paris\"}"),
                            new AssistantMessage.ToolCall("call-2", "function", "weather", "{\"city\":\"Rome\"}")))
                    .build(),
                ToolResponseMessage.builder()
                    .responses(List.of(new ToolResponseMessage.ToolResponse("call-1", "weather", "\"sunny\""),
                            new ToolResponseMessage.ToolResponse("call-2", "weather", "\"rain\"")))
                    .metadata(Map.of("elapsed", 12))
                    .build(),
                ToolResponseMessage.builder()
                    .responses(List.of(new ToolResponseMessage.ToolResponse("call-3", "clock", "\"noon\"")))
                    .build(),
                AssistantMessage.builder()
                    .content("")
                    .toolCalls(List.of(new AssistantMessage.ToolCall("call-4", "function", "noop", "{}")))
                    .build(),
                ToolResponseMessage.builder().responses(List.of()).build(),
                AssistantMessage.builder()
                    .content("Sunny in Paris, rain in Rome.")
                    .properties(Map.of("usage", Map.of("tokens", 42), "tags", List.of("a", "b"), "flag", true))
                    .build());
        this.repository.saveAll("c1", messages);

        assertThat(this.repository.findByConversationId("c1")).isEqualTo(messages);
        assertThat(history("c1")).extracting(SessionEvent::type)
            .containsExactly(EventType.MESSAGE, EventType.MESSAGE, EventType.MESSAGE, EventType.TOOL_CALL,
                    EventType.TOOL_CALL, EventType.TOOL_RESULT, EventType.TOOL_RESULT, EventType.TOOL_RESULT,
                    EventType.MESSAGE, EventType.TOOL_CALL, EventType.TOOL_RESULT, EventType.MESSAGE);
        SessionEvent call = history("c1").get(3);
        assertThat(call.author()).isEqualTo("assistant");
        assertThat(call.data().path("name").asString()).isEqualTo("weather");
        assertThat(call.data().path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
        SessionEvent result = history("c1").get(6);
        assertThat(result.author()).isEqualTo("tool");
        assertThat(result.data().path("id").asString()).isEqualTo("call-2");
        assertThat(result.data().path("responseData").asString()).isEqualTo("\"rain\"");
    }

    @Test
    void saveAllWhenHandedTheReadWindowPlusNewMessagesThenAppendsOnlyTheNewOnes() {
        this.repository.saveAll("c1", List.of(new UserMessage("hi"), new AssistantMessage("hello")));
        List<Message> window = new ArrayList<>(this.repository.findByConversationId("c1"));
        window.add(new UserMessage("hi"));
        this.repository.saveAll("c1", window);
        window.add(new AssistantMessage("hello"));
        this.repository.saveAll("c1", window);
        assertThat(storedTexts("c1")).containsExactly("hi", "hello", "hi", "hello");
    }

    @Test
    void saveAllWhenHandedEqualCopiesOfTheStoredWindowThenMatchesThemToTheEndOfTheHistory() {
        this.repository.saveAll("c1", List.of(new UserMessage("hi"), new AssistantMessage("hello")));
        SessionChatMemoryRepository another = repository(20);
        another.saveAll("c1", List.of(new UserMessage("hi"), new AssistantMessage("hello"), new UserMessage("hi")));
        assertThat(storedTexts("c1")).containsExactly("hi", "hello", "hi");
    }

    @Test
    void saveAllWhenWindowIsEmptyThenStoresNothingAndCreatesNoSession() {
        this.repository.saveAll("c1", List.of());
        assertThat(this.sessions.find(RESOLVER.resolve("c1"), EventWindow.none())).isEmpty();
        assertThat(this.repository.findByConversationId("c1")).isEmpty();
    }

    @Test
    void saveAllWhenAMessageIsNullThenRefused() {
        List<Message> messages = new ArrayList<>();
        messages.add(null);
        assertThatIllegalArgumentException().isThrownBy(() -> this.repository.saveAll("c1", messages));
    }

    @Test
    void windowMemoryWhenMoreTurnsThanTheWindowThenWindowSlidesAndNoHistoryIsLost() {
        ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository(4)).maxMessages(4)
            .build();
        for (int turn = 1; turn <= 6; turn++) {
            memory.add("c1", new UserMessage("q" + turn));
            memory.add("c1", new AssistantMessage("a" + turn));
        }
        assertThat(texts(memory.get("c1"))).containsExactly("q5", "a5", "q6", "a6");
        assertThat(storedTexts("c1")).containsExactly("q1", "a1", "q2", "a2", "q3", "a3", "q4", "a4", "q5", "a5", "q6",
                "a6");
    }

    @Test
    void windowMemoryWhenTheSameMessageRepeatsThenEveryRepeatIsStoredOnce() {
        ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository(2)).maxMessages(2)
            .build();
        for (int i = 0; i < 3; i++) {
            memory.add("c1", new UserMessage("again"));
        }
        memory.add("c1", new AssistantMessage("again"));
        assertThat(storedTexts("c1")).containsExactly("again", "again", "again", "again");
    }

    @Test
    void windowMemoryWhenANewSystemMessageReplacesTheOldThenBothStayInTheHistoryAndTheWindowShowsTheNew() {
        ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(this.repository).build();
        memory.add("c1", List.of(new SystemMessage("be brief"), new UserMessage("q1")));
        memory.add("c1", new AssistantMessage("a1"));
        memory.add("c1", List.of(new SystemMessage("be polite"), new UserMessage("q2")));
        assertThat(memory.get("c1")).containsExactly(new UserMessage("q1"), new AssistantMessage("a1"),
                new SystemMessage("be polite"), new UserMessage("q2"));
        assertThat(storedTexts("c1")).containsExactly("be brief", "q1", "a1", "be polite", "q2");
    }

    @Test
    void findByConversationIdWhenTheSystemMessageIsOlderThanTheWindowThenItIsKeptInFront() {
        ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository(5)).maxMessages(5)
            .build();
        memory.add("c1", new SystemMessage("be brief"));
        for (int turn = 1; turn <= 5; turn++) {
            memory.add("c1", new UserMessage("q" + turn));
            memory.add("c1", new AssistantMessage("a" + turn));
        }
        assertThat(texts(memory.get("c1"))).containsExactly("be brief", "q4", "a4", "q5", "a5");
        assertThat(storedTexts("c1")).hasSize(11).containsOnlyOnce("be brief");
    }

    @Test
    void findByConversationIdWhenTheWindowWouldStartInsideAToolTurnThenItStartsAtTheNextUserMessage() {
        AssistantMessage call = AssistantMessage.builder()
            .content("")
            .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "weather", "{}")))
            .build();
        ToolResponseMessage result = ToolResponseMessage.builder()
            .responses(List.of(new ToolResponseMessage.ToolResponse("call-1", "weather", "\"sunny\"")))
            .build();
        this.repository.saveAll("c1", List.of(new UserMessage("q1"), call, result, new AssistantMessage("a1"),
                new UserMessage("q2"), new AssistantMessage("a2")));
        // Three messages would start at the tool result, whose call is left out.
        assertThat(repository(3).findByConversationId("c1")).containsExactly(new UserMessage("q2"),
                new AssistantMessage("a2"));
        assertThat(repository(6).findByConversationId("c1")).hasSize(6).startsWith(new UserMessage("q1"));
    }

    @Test
    void findByConversationIdWhenToolCallsOutnumberTheWindowThenReadsEarlierEventsUntilTheWindowIsFull() {
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(new AssistantMessage.ToolCall("call-" + i, "function", "lookup", "{}"));
        }
        List<Message> messages = List.of(new UserMessage("q1"),
                AssistantMessage.builder().content("").toolCalls(calls).build(), new AssistantMessage("a1"));
        this.repository.saveAll("c1", messages);
        assertThat(repository(3).findByConversationId("c1")).isEqualTo(messages);
    }

    @Test
    void windowMemoryWhenTwoWritersInterleaveThenBothMessagesAreStoredAndNoneTwice() {
        this.repository.saveAll("c1", List.of(new UserMessage("q1"), new AssistantMessage("a1")));
        List<Message> first = new ArrayList<>(this.repository.findByConversationId("c1"));
        List<Message> second = new ArrayList<>(this.repository.findByConversationId("c1"));
        first.add(new UserMessage("from tab one"));
        second.add(new UserMessage("from tab two"));
        this.repository.saveAll("c1", first);
        this.repository.saveAll("c1", second);
        assertThat(storedTexts("c1")).containsExactly("q1", "a1", "from tab one", "from tab two");
    }

    @Test
    void saveAllWhenTheSessionHoldsEventsOfOtherKindsThenTheyAreKeptAndSkippedOnRead() {
        SessionRef ref = RESOLVER.resolve("c1");
        this.sessions.create(new NewSession(ref.tenant(), ref.app(), ref.userId(), ref.sessionId(), Map.of(),
                Map.of()));
        this.sessions.append(ref, NewEvent.state("agent", Map.of("step", 1)), NewEvent.message("planner", "plan"));
        this.repository.saveAll("c1", List.of(new UserMessage("q1")));
        assertThat(this.repository.findByConversationId("c1")).containsExactly(new UserMessage("q1"));
        assertThat(history("c1")).hasSize(3);
    }

    @Test
    void deleteByConversationIdWhenStoredThenTheSessionAndItsHistoryAreGone() {
        this.repository.saveAll("c1", List.of(new UserMessage("q1")));
        this.repository.deleteByConversationId("c1");
        assertThat(this.sessions.find(RESOLVER.resolve("c1"), EventWindow.none())).isEmpty();
        assertThat(this.repository.findByConversationId("c1")).isEmpty();
    }

    @Test
    void findConversationIdsWhenConversationsAndOtherSessionsExistThenListsTheConversationsOnly() {
        for (int i = 0; i < 60; i++) {
            this.repository.saveAll("c" + i, List.of(new UserMessage("hi")));
        }
        this.sessions.create(NewSession.forUser(APP, "someone"));
        assertThat(this.repository.findConversationIds()).hasSize(60).contains("c0", "c59");
    }

    @Test
    void findByConversationIdWhenTheIdCannotBeASessionIdThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.repository.findByConversationId(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> this.repository.findByConversationId("a".repeat(300)));
    }

    @Test
    void sessionChatMemoryWhenAddedThenEveryMessageIsAppendedAndGetReturnsTheWindow() {
        ChatMemory memory = new SessionChatMemory(this.sessions, RESOLVER, 3);
        memory.add("c1", List.of(new SystemMessage("be brief"), new UserMessage("q1")));
        memory.add("c1", new AssistantMessage("a1"));
        memory.add("c1", List.of(new UserMessage("q2"), new AssistantMessage("a2")));
        assertThat(texts(memory.get("c1"))).containsExactly("be brief", "q2", "a2");
        assertThat(storedTexts("c1")).containsExactly("be brief", "q1", "a1", "q2", "a2");
        memory.clear("c1");
        assertThat(memory.get("c1")).isEmpty();
    }
}
