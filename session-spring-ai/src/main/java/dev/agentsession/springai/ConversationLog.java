package dev.agentsession.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.agentsession.AgentSession;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionPage;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.history.Compaction;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring AI conversations kept as sessions: reads the window of a conversation that a chat memory shows the model,
 * and appends messages, creating the session on first use. The repository and the chat memory share it.
 *
 * <p>The window is what a {@code MessageWindowChatMemory} of {@code maxMessages} would keep over the whole history:
 * the most recent messages, starting at a user message when older ones are left out, and the conversation's
 * latest system message wherever it is in the history (older system messages are replaced by it). It is read with
 * {@link EventWindow#context()} with a recent count, so its cost follows the window, not the history. After a
 * compaction ({@code SessionManager.compact}), the window starts with the compaction's summary as a user question and
 * an assistant answer (see {@link MessageEvents#summary(Compaction)}) and holds only messages after the range it
 * stands for.
 */
final class ConversationLog {

    /** Session metadata: the Spring AI conversation id the session was created for. */
    static final String CONVERSATION_ID = "spring-ai.conversation-id";

    /** Session state: the sequence number of the conversation's latest system message. */
    static final String SYSTEM_MESSAGE_SEQ = "spring-ai.system-message-seq";

    // Version conflicts only arise between writers of one conversation at the same moment.
    private static final int MAX_ATTEMPTS = 5;

    // SessionManager.events pages at most this many events.
    private static final int MAX_PAGE = 1000;

    private final SessionManager sessions;

    private final ConversationRefResolver resolver;

    private final MessageEvents events;

    private final int maxMessages;

    ConversationLog(SessionManager sessions, ConversationRefResolver resolver, int maxMessages) {
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
        this.events = new MessageEvents(JsonMapper.shared());
        this.maxMessages = maxMessages;
    }

    SessionRef resolve(String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw new IllegalArgumentException("conversationId must not be null or blank");
        }
        return this.resolver.resolve(conversationId);
    }

    /**
     * The conversation's window, oldest first.
     * @param ref the conversation's session
     * @return the messages, none if the session does not exist
     */
    List<StoredMessage> window(SessionRef ref) {
        Loaded loaded = load(ref, (messages) -> countNonSystem(messages) >= this.maxMessages);
        if (loaded == null) {
            return List.of();
        }
        StoredMessage system = latestSystemMessage(ref, loaded);
        List<StoredMessage> others = loaded.messages()
            .stream()
            .filter((stored) -> !(stored.message() instanceof SystemMessage))
            .toList();
        int keep = Math.max(0,
                this.maxMessages - ((system != null) ? 1 : 0) - ((loaded.compaction() != null) ? 2 : 0));
        int start = Math.max(0, others.size() - keep);
        if (start > 0 || loaded.firstSeq() > 1) {
            // Like MessageWindowChatMemory: a window that leaves messages out starts at a complete turn, never at a
            // reply or a tool result whose request is left out.
            while (start < others.size() && !(others.get(start).message() instanceof UserMessage)) {
                start++;
            }
        }
        List<StoredMessage> window = new ArrayList<>(others.subList(start, others.size()));
        if (system != null) {
            int at = 0;
            while (at < window.size() && window.get(at).seq() < system.seq()) {
                at++;
            }
            window.add(at, system);
        }
        if (loaded.compaction() != null) {
            // The summary stands for everything before the window, so it comes first (after a system message
            // from that range).
            int at = (system != null && !window.isEmpty() && window.get(0) == system) ? 1 : 0;
            window.addAll(at, MessageEvents.summary(loaded.compaction()));
        }
        return window;
    }

    /**
     * The last messages of the history as stored, for matching a window whose messages this adapter did not return.
     * @param ref the conversation's session
     * @param conversationId the conversation id, for a session created now
     * @param count how many messages
     * @return the session read (created if it did not exist), the messages and the latest system message
     */
    Tail tail(SessionRef ref, String conversationId, int count) {
        Loaded loaded = load(ref, (messages) -> messages.size() >= count);
        if (loaded == null) {
            return new Tail(findOrCreate(ref, conversationId), List.of(), null);
        }
        List<StoredMessage> messages = loaded.messages();
        StoredMessage system = latestSystemMessage(ref, loaded);
        return new Tail(loaded.session(),
                messages.subList(Math.max(0, messages.size() - count), messages.size())
                    .stream()
                    .map(StoredMessage::message)
                    .toList(),
                (system != null) ? system.message() : null);
    }

    /**
     * Appends messages, creating the session if it does not exist.
     * @param ref the conversation's session
     * @param conversationId the conversation id, for a session created now
     * @param messages the messages
     */
    void append(SessionRef ref, String conversationId, List<? extends Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.stream().noneMatch(SystemMessage.class::isInstance)) {
            List<NewEvent> events = toEvents(messages, 0);
            try {
                this.sessions.append(ref, events, null);
            }
            catch (SessionNotFoundException ex) {
                findOrCreate(ref, conversationId);
                this.sessions.append(ref, events, null);
            }
            return;
        }
        // A system message's position is recorded with it, which needs the position the append starts at.
        for (int attempt = 1;; attempt++) {
            try {
                append(ref, messages, findOrCreate(ref, conversationId));
                return;
            }
            catch (StaleSessionException ex) {
                if (attempt == MAX_ATTEMPTS) {
                    throw ex;
                }
            }
        }
    }

    /**
     * Appends messages if the session is still as {@code basis} saw it.
     * @param ref the conversation's session
     * @param messages the messages
     * @param basis the session as last read
     * @throws StaleSessionException if the session changed since
     */
    void append(SessionRef ref, List<? extends Message> messages, AgentSession basis) {
        if (!messages.isEmpty()) {
            this.sessions.append(ref, toEvents(messages, basis.eventCount() + 1), basis.version());
        }
    }

    boolean delete(SessionRef ref) {
        return this.sessions.delete(ref);
    }

    /**
     * The ids of the conversations among the sessions a query lists, every page of them.
     * @param query which sessions
     * @return the conversation ids, most recently updated first
     */
    List<String> conversationIds(SessionQuery query) {
        List<String> ids = new ArrayList<>();
        SessionPage page = this.sessions.list(query);
        while (true) {
            for (SessionSummary summary : page.sessions()) {
                String id = summary.metadata().get(CONVERSATION_ID);
                if (id != null) {
                    ids.add(id);
                }
            }
            if (!page.hasNext()) {
                return ids;
            }
            page = this.sessions.list(query.withPageToken(page.nextPageToken()));
        }
    }

    /**
     * The events for messages; with a known first sequence number, each system message records its own.
     */
    private List<NewEvent> toEvents(List<? extends Message> messages, long firstSeq) {
        List<NewEvent> events = new ArrayList<>();
        for (Message message : messages) {
            List<NewEvent> mapped = this.events.toEvents(message);
            if (message instanceof SystemMessage && firstSeq > 0) {
                mapped = List.of(mapped.get(0)
                    .withStateDelta(Map.of(SYSTEM_MESSAGE_SEQ, firstSeq + events.size())));
            }
            events.addAll(mapped);
        }
        return events;
    }

    private AgentSession findOrCreate(SessionRef ref, String conversationId) {
        Optional<AgentSession> found = this.sessions.find(ref, EventWindow.none());
        if (found.isPresent()) {
            return found.get();
        }
        try {
            return this.sessions.create(new NewSession(ref.tenant(), ref.app(), ref.userId(), ref.sessionId(),
                    Map.of(CONVERSATION_ID, conversationId), Map.of()));
        }
        catch (SessionAlreadyExistsException ex) {
            return this.sessions.get(ref, EventWindow.none());
        }
    }

    /**
     * Reads the most recent events, and earlier pages while {@code enough} is not met and earlier events exist.
     */
    private @Nullable Loaded load(SessionRef ref, Predicate<List<StoredMessage>> enough) {
        int page = Math.min(this.maxMessages, MAX_PAGE);
        // The context: after a compaction, its summary and the events after the range it stands for.
        Optional<AgentSession> found = this.sessions.find(ref, EventWindow.context().withRecent(page));
        if (found.isEmpty()) {
            return null;
        }
        AgentSession session = found.get();
        List<SessionEvent> events = new ArrayList<>(session.events());
        Compaction compaction = (!events.isEmpty() && events.get(0).type() == EventType.COMPACTION)
                ? Compaction.of(events.remove(0)) : null;
        long floor = (compaction != null) ? compaction.toSeq() + 1 : 1;
        List<StoredMessage> messages = this.events.toMessages(events);
        while (!events.isEmpty() && events.get(0).seq() > floor && !enough.test(messages)) {
            long first = events.get(0).seq();
            long from = Math.max(floor, first - page);
            List<SessionEvent> earlier;
            try {
                earlier = this.sessions.events(ref, from, (int) (first - from));
            }
            catch (EventsRemovedException ex) {
                // Nothing older is left to read: history retention removed it.
                break;
            }
            if (earlier.isEmpty()) {
                break;
            }
            events.addAll(0, earlier);
            messages = this.events.toMessages(events);
        }
        long firstSeq = events.isEmpty() ? session.eventCount() + 1 : events.get(0).seq();
        return new Loaded(session, messages, firstSeq, compaction);
    }

    private @Nullable StoredMessage latestSystemMessage(SessionRef ref, Loaded loaded) {
        Object value = loaded.session().state().get(SYSTEM_MESSAGE_SEQ);
        if (!(value instanceof Number number)) {
            return null;
        }
        long seq = number.longValue();
        List<StoredMessage> candidates;
        try {
            candidates = (seq >= loaded.firstSeq()) ? loaded.messages()
                    : this.events.toMessages(this.sessions.events(ref, seq, 1));
        }
        catch (EventsRemovedException ex) {
            // History retention removed it: the compaction's summary stands for it.
            return null;
        }
        return candidates.stream()
            .filter((stored) -> stored.seq() == seq && stored.message() instanceof SystemMessage)
            .findFirst()
            .orElse(null);
    }

    private static long countNonSystem(List<StoredMessage> messages) {
        return messages.stream().filter((stored) -> !(stored.message() instanceof SystemMessage)).count();
    }

    /**
     * Events read and the messages they hold.
     *
     * @param session the session as read
     * @param messages the messages, oldest first
     * @param firstSeq the sequence number of the first event read
     * @param compaction the latest compaction, whose range was not read, or {@code null}
     */
    private record Loaded(AgentSession session, List<StoredMessage> messages, long firstSeq,
            @Nullable Compaction compaction) {
    }

    /**
     * The end of a conversation as stored.
     *
     * @param session the session as read; its version guards an append decided on this tail
     * @param messages the last messages, oldest first
     * @param system the conversation's latest system message, or {@code null}
     */
    record Tail(AgentSession session, List<Message> messages, @Nullable Message system) {
    }
}
