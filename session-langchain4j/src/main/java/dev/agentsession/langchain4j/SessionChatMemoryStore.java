package dev.agentsession.langchain4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.StaleSessionException;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

/**
 * A LangChain4j {@link ChatMemoryStore} on a {@link SessionManager}: each memory id is a session (found through a
 * {@link ConversationRefResolver}), each message an event, and the history is only ever appended to.
 *
 * <ul>
 * <li>{@link #updateMessages(Object, List)} receives the memory's whole window and appends only the messages the
 * session does not hold yet: the head of the window that lines up with the stored tail is stored, the rest is new.
 * Messages the memory evicted stay in the log. An AI message with tool execution requests is stored as a
 * {@code TOOL_CALL} event, a tool execution result as a {@code TOOL_RESULT}; every message reads back {@code equals}
 * to what was written.</li>
 * <li>{@link #getMessages(Object)} reads the {@code maxMessages} most recent events, never the whole history, so it
 * must be at least the window of the chat memory on top (for example {@code MessageWindowChatMemory.maxMessages}).
 * The memory's system message is kept in session state and always comes first, however old it is; a memory holds one
 * system message, as LangChain4j's chat memories do.</li>
 * <li>{@link #deleteMessages(Object)} ({@code ChatMemory.clear()}) appends a marker after which the memory starts
 * empty; the log keeps what came before. To remove a conversation for good, use
 * {@link SessionManager#delete(SessionRef)}.</li>
 * </ul>
 * The session is created on the first update. Updates of one memory at the same time (two requests of one
 * conversation) are serialized with the session version: each appends its own new messages after the other's, and a
 * retried turn whose messages the other update already appended adds nothing.
 */
public final class SessionChatMemoryStore implements ChatMemoryStore {

    /** How many recent events {@link #getMessages(Object)} reads unless told otherwise. */
    public static final int DEFAULT_MAX_MESSAGES = 20;

    // A write races another write of the same memory only while both run; a few rereads settle it.
    private static final int MAX_ATTEMPTS = 5;

    private final SessionManager sessions;

    private final ConversationRefResolver resolver;

    private final int maxMessages;

    /**
     * Creates a store.
     * @param sessions where the sessions live
     * @param resolver which session a memory id is
     * @param maxMessages how many recent events a read looks at, at least 1 (see
     * {@link #DEFAULT_MAX_MESSAGES})
     */
    public SessionChatMemoryStore(SessionManager sessions, ConversationRefResolver resolver, int maxMessages) {
        if (sessions == null) {
            throw new IllegalArgumentException("sessions must not be null");
        }
        if (resolver == null) {
            throw new IllegalArgumentException("resolver must not be null");
        }
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
        }
        this.sessions = sessions;
        this.resolver = resolver;
        this.maxMessages = maxMessages;
    }

    /**
     * The memory's messages: its system message, then the other messages among the {@code maxMessages} most recent
     * events since it was last cleared.
     * @param memoryId the memory id; its {@code toString()} is the conversation id
     * @return the messages, oldest first; empty for a memory never written
     */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        return this.sessions.find(ref(memoryId), EventWindow.recent(this.maxMessages))
            .map(StoredMemory::of)
            .map(StoredMemory::view)
            .orElse(List.of());
    }

    /**
     * Appends the messages of the memory's window that are not stored yet.
     * @param memoryId the memory id
     * @param messages the memory's whole current window, oldest first
     */
    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        if (messages == null || messages.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("messages must not be null or contain null");
        }
        SessionRef ref = ref(memoryId);
        int window = Math.max(this.maxMessages, messages.size());
        AgentSession session = findOrCreate(ref, EventWindow.recent(window));
        StoredMemory stored = StoredMemory.of(session);
        List<ChatMessage> unstored = stored.unstored(messages);
        SystemMessage system = SystemMessage.findFirst(messages).orElse(null);
        for (int attempt = 1;; attempt++) {
            List<NewEvent> events = stored.eventsFor(system, unstored);
            if (events.isEmpty()) {
                return;
            }
            try {
                this.sessions.append(ref, events, session.version());
                return;
            }
            catch (StaleSessionException ex) {
                if (attempt == MAX_ATTEMPTS) {
                    throw ex;
                }
                // Another write came first. Of our new messages, drop those it appended itself (a retried turn);
                // the rest follow whatever it wrote.
                session = this.sessions.get(ref, EventWindow.afterSeq(session.eventCount()).withRecent(window));
                stored = StoredMemory.of(session);
                unstored = WindowOverlap.unstored(stored.messages(), unstored);
            }
        }
    }

    /**
     * Clears the memory: appends a marker after which it reads empty. The events before the marker stay.
     * @param memoryId the memory id
     */
    @Override
    public void deleteMessages(Object memoryId) {
        SessionRef ref = ref(memoryId);
        Optional<AgentSession> session = this.sessions.find(ref, EventWindow.recent(this.maxMessages));
        if (session.isPresent() && !StoredMemory.of(session.get()).isEmpty()) {
            this.sessions.append(ref, ChatMessageEvents.clearMarker());
        }
    }

    private AgentSession findOrCreate(SessionRef ref, EventWindow window) {
        Optional<AgentSession> found = this.sessions.find(ref, window);
        if (found.isPresent()) {
            return found.get();
        }
        try {
            return this.sessions.create(
                    new NewSession(ref.tenant(), ref.app(), ref.userId(), ref.sessionId(), Map.of(), Map.of()));
        }
        catch (SessionAlreadyExistsException ex) {
            // Another node created it first: use theirs.
            return this.sessions.get(ref, window);
        }
    }

    private SessionRef ref(Object memoryId) {
        if (memoryId == null) {
            throw new IllegalArgumentException("memoryId must not be null");
        }
        return this.resolver.resolve(memoryId.toString());
    }
}
