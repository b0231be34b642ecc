package dev.agentsession.langchain4j;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.SessionCodec;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The store under LangChain4j's own {@link MessageWindowChatMemory}, on the memory backend.
 */
class SessionChatMemoryStoreTests {

    private static final ConversationRefResolver RESOLVER = ConversationRefResolver.perConversationUser("acme",
            "assistant");

    private static final SessionRef CHAT = RESOLVER.resolve("chat-1");

    private final SessionManager sessions = newManager();

    private final SessionChatMemoryStore store = new SessionChatMemoryStore(this.sessions, RESOLVER, 100);

    private static SessionManager newManager() {
        Clock clock = Clock.systemUTC();
        MemorySessionStore memory = new MemorySessionStore(clock, 1000, new SessionCodec());
        return new DefaultSessionManager(memory, memory, new TimeOrderedSessionIdGenerator(clock), clock,
                new SessionCodec(), SessionSettings.defaults());
    }

    private ChatMemory memory(int maxMessages) {
        return MessageWindowChatMemory.builder().id("chat-1").maxMessages(maxMessages).chatMemoryStore(this.store)
            .build();
    }

    private List<String> log() {
        return this.sessions.get(CHAT, EventWindow.all()).events().stream()
            .filter((event) -> event.type() != EventType.STATE)
            .map((event) -> (event.content() != null) ? event.author() + ": " + event.content() : event.author())
            .toList();
    }

    @Test
    void updateMessagesWhenTheMemoryEvictsOldMessagesThenTheLogKeepsEveryMessageOnce() {
        ChatMemory memory = memory(4);
        for (int turn = 1; turn <= 5; turn++) {
            memory.add(UserMessage.from("question " + turn));
            memory.add(AiMessage.from("answer " + turn));
        }
        assertThat(memory.messages()).containsExactly(UserMessage.from("question 4"), AiMessage.from("answer 4"),
                UserMessage.from("question 5"), AiMessage.from("answer 5"));
        assertThat(log()).containsExactly("user: question 1", "assistant: answer 1", "user: question 2",
                "assistant: answer 2", "user: question 3", "assistant: answer 3", "user: question 4",
                "assistant: answer 4", "user: question 5", "assistant: answer 5");
    }

    @Test
    void updateMessagesWhenTheUserRepeatsAMessageThenBothAreStored() {
        ChatMemory memory = memory(10);
        memory.add(UserMessage.from("yes"));
        memory.add(AiMessage.from("ok"));
        memory.add(UserMessage.from("yes"));
        assertThat(log()).containsExactly("user: yes", "assistant: ok", "user: yes");
    }

    @Test
    void updateMessagesWhenTheSessionDoesNotExistThenCreatesItWithTheResolvedRef() {
        assertThat(this.sessions.find(CHAT, EventWindow.none())).isEmpty();
        this.store.updateMessages("chat-1", List.of(UserMessage.from("hello")));
        assertThat(this.sessions.get(new SessionRef("acme", "assistant", "chat-1", "chat-1"), EventWindow.all())
            .eventCount()).isEqualTo(1);
    }

    @Test
    void getMessagesWhenTheMemoryWasNeverWrittenThenEmptyAndNoSessionIsCreated() {
        assertThat(this.store.getMessages("chat-1")).isEmpty();
        assertThat(this.sessions.find(CHAT, EventWindow.none())).isEmpty();
    }

    @Test
    void getMessagesWhenTheHistoryIsLongerThanMaxMessagesThenOnlyTheMostRecent() {
        SessionChatMemoryStore small = new SessionChatMemoryStore(this.sessions, RESOLVER, 3);
        for (int i = 1; i <= 6; i++) {
            this.store.updateMessages("chat-1", List.of(UserMessage.from("m" + i)));
        }
        assertThat(small.getMessages("chat-1")).containsExactly(UserMessage.from("m4"), UserMessage.from("m5"),
                UserMessage.from("m6"));
    }

    @Test
    void getMessagesWhenTheSystemMessageIsOlderThanTheWindowThenItStillComesFirstAndIsStoredOnce() {
        ChatMemory memory = memory(3);
        memory.add(SystemMessage.from("Be brief."));
        for (int i = 1; i <= 5; i++) {
            memory.add(SystemMessage.from("Be brief."));
            memory.add(UserMessage.from("m" + i));
        }
        SessionChatMemoryStore small = new SessionChatMemoryStore(this.sessions, RESOLVER, 2);
        assertThat(small.getMessages("chat-1")).containsExactly(SystemMessage.from("Be brief."),
                UserMessage.from("m4"), UserMessage.from("m5"));
        assertThat(memory.messages()).containsExactly(SystemMessage.from("Be brief."), UserMessage.from("m4"),
                UserMessage.from("m5"));
        assertThat(log()).containsExactly("system: Be brief.", "user: m1", "user: m2", "user: m3", "user: m4",
                "user: m5");
    }

    @Test
    void updateMessagesWhenTheSystemMessageIsReplacedThenTheNewOneComesFirstAndBothStayInTheLog() {
        ChatMemory memory = memory(10);
        memory.add(SystemMessage.from("Be brief."));
        memory.add(UserMessage.from("hi"));
        memory.add(SystemMessage.from("Be verbose."));
        assertThat(memory.messages()).containsExactly(SystemMessage.from("Be verbose."), UserMessage.from("hi"));
        assertThat(log()).containsExactly("system: Be brief.", "user: hi", "system: Be verbose.");
    }

    @Test
    void updateMessagesWhenTheWindowDropsTheSystemMessageThenTheMemoryHasNoneAndTheLogKeepsIt() {
        ChatMemory memory = memory(10);
        memory.add(SystemMessage.from("Be brief."));
        memory.add(UserMessage.from("hi"));
        memory.set(List.of(UserMessage.from("hi")));
        assertThat(memory.messages()).containsExactly(UserMessage.from("hi"));
        assertThat(log()).containsExactly("system: Be brief.", "user: hi");
    }

    @Test
    void deleteMessagesWhenTheMemoryIsClearedThenItReadsEmptyAndTheLogKeepsTheHistory() {
        ChatMemory memory = memory(10);
        memory.add(SystemMessage.from("Be brief."));
        memory.add(UserMessage.from("old question"));
        memory.clear();
        assertThat(memory.messages()).isEmpty();
        memory.add(UserMessage.from("new question"));
        assertThat(memory.messages()).containsExactly(UserMessage.from("new question"));
        assertThat(log()).containsExactly("system: Be brief.", "user: old question", "system",
                "user: new question");
        memory.clear();
        memory.clear();
        assertThat(log()).hasSize(5);
    }

    @Test
    void deleteMessagesWhenTheMemoryWasNeverWrittenThenNothingIsCreated() {
        this.store.deleteMessages("chat-1");
        assertThat(this.sessions.find(CHAT, EventWindow.none())).isEmpty();
    }

    @Test
    void updateMessagesWhenAnotherTurnAppendsFirstThenBothTurnsAreStoredAndNothingTwice() {
        this.store.updateMessages("chat-1", List.of(UserMessage.from("u1")));
        SessionChatMemoryStore racing = new SessionChatMemoryStore(racingManager(
                () -> this.store.updateMessages("chat-1", List.of(UserMessage.from("u1"), UserMessage.from("other")))),
                RESOLVER, 100);
        racing.updateMessages("chat-1", List.of(UserMessage.from("u1"), UserMessage.from("mine")));
        assertThat(log()).containsExactly("user: u1", "user: other", "user: mine");
    }

    @Test
    void updateMessagesWhenARetriedTurnWasAppendedMeanwhileThenItIsNotAppendedAgain() {
        this.store.updateMessages("chat-1", List.of(UserMessage.from("u1")));
        List<ChatMessage> window = List.of(UserMessage.from("u1"), UserMessage.from("same"));
        SessionChatMemoryStore racing = new SessionChatMemoryStore(
                racingManager(() -> this.store.updateMessages("chat-1", window)), RESOLVER, 100);
        racing.updateMessages("chat-1", window);
        assertThat(log()).containsExactly("user: u1", "user: same");
    }

    @Test
    void updateMessagesWhenAMessageIsNullThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> this.store.updateMessages("chat-1", Arrays.asList(UserMessage.from("a"), null)));
        assertThatIllegalArgumentException().isThrownBy(() -> this.store.getMessages(null));
    }

    @Test
    void constructorWhenMaxMessagesIsNotPositiveThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SessionChatMemoryStore(this.sessions, RESOLVER, 0))
            .withMessageContaining("maxMessages");
    }

    /**
     * The test's manager, except that another write runs just before the first append, as if another request of the
     * same conversation won the race.
     */
    private SessionManager racingManager(Runnable competingWrite) {
        AtomicBoolean raced = new AtomicBoolean();
        return (SessionManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { SessionManager.class }, (proxy, method, args) -> {
                    if (method.getName().equals("append") && raced.compareAndSet(false, true)) {
                        competingWrite.run();
                    }
                    try {
                        return method.invoke(this.sessions, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }
}
