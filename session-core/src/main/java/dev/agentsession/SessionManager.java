package dev.agentsession;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.history.Compaction;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.state.ScopedStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Creates, reads and changes agent sessions. Inject it; the store behind it (memory, JDBC, Redis) is chosen
 * by configuration, and every store keeps the same rules.
 *
 * <p>Every write is atomic and increments the session's {@linkplain AgentSession#version() version}.
 * A write given an expected version fails with {@link StaleSessionException} if another write came first;
 * without one, concurrent writes are serialized and none is lost. A run that must be the session's only writer
 * takes its run lease ({@link #acquireLease(SessionRef, String, Duration)}) and writes through
 * {@link #withLease(SessionLease)}.
 */
public interface SessionManager {

    /** The confirmation {@link #clearAll(String)} requires. */
    String CLEAR_ALL_CONFIRMATION = "DELETE EVERYTHING";

    /**
     * Creates a session.
     * @param session what to create
     * @return the new session (version 1, no events)
     * @throws SessionAlreadyExistsException if the given id is taken
     */
    AgentSession create(NewSession session);

    /**
     * Reads a session.
     * @param ref the session
     * @param window which events to include
     * @return the session, or empty if it does not exist or has expired
     */
    Optional<AgentSession> find(SessionRef ref, EventWindow window);

    /**
     * Reads a session that must exist.
     * @param ref the session
     * @param window which events to include
     * @return the session
     * @throws SessionNotFoundException if it does not exist or has expired
     */
    AgentSession get(SessionRef ref, EventWindow window);

    /**
     * Pages through a session's history.
     * @param ref the session
     * @param fromSeq the first sequence number to return (1 for the start)
     * @param limit the most events to return, 1 to 1000
     * @return the events from {@code fromSeq} on, oldest first
     * @throws SessionNotFoundException if the session does not exist
     */
    List<SessionEvent> events(SessionRef ref, long fromSeq, int limit);

    /**
     * Appends events and applies their state deltas in one atomic step.
     * An event whose id the session already holds is not stored again: the stored event is returned in
     * its place, and its delta is not applied again.
     * @param ref the session
     * @param events the events, at least one
     * @return the session after the append, with the appended (or already stored) events in the given order
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if the session is archived
     */
    default AgentSession append(SessionRef ref, NewEvent... events) {
        return append(ref, List.of(events), null);
    }

    /**
     * Appends events if the session is still at {@code expectedVersion}.
     * @param ref the session
     * @param expectedVersion the version the caller last read
     * @param events the events, at least one
     * @return the session after the append
     * @throws StaleSessionException if the session has another version; nothing is written
     * @see #append(SessionRef, NewEvent...)
     */
    default AgentSession append(SessionRef ref, long expectedVersion, NewEvent... events) {
        return append(ref, List.of(events), expectedVersion);
    }

    /**
     * Appends events, with or without a version check.
     * @param ref the session
     * @param events the events, at least one
     * @param expectedVersion the version the caller last read, or {@code null} to serialize without a check
     * @return the session after the append
     * @see #append(SessionRef, NewEvent...)
     */
    AgentSession append(SessionRef ref, List<NewEvent> events, @Nullable Long expectedVersion);

    /**
     * Compacts the session's history with the configured policy ({@code agent.session.history.compaction.*}).
     * @param ref the session
     * @return the stored compaction, or empty when the policy finds nothing to compact
     * @throws IllegalStateException if no policy or no summarizer is configured
     * @see #compact(SessionRef, CompactionPolicy)
     */
    Optional<Compaction> compact(SessionRef ref);

    /**
     * Compacts the session's history: the policy chooses whole turns after the latest compaction, the configured
     * {@link dev.agentsession.history.Summarizer} summarizes them (with the previous summary), and a
     * {@link EventType#COMPACTION} event standing for them is appended. The log is never edited:
     * {@link EventWindow#context()} then reads the summary and the turns after it. The event is appended at the
     * version read before summarizing, so of two concurrent compactions (or a compaction and an append) one fails.
     * @param ref the session
     * @param policy how much to keep
     * @return the stored compaction, or empty when the policy finds nothing to compact
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived and there is something to compact
     * @throws StaleSessionException if another write reached the session while the summary was written
     * @throws IllegalStateException if no summarizer is configured
     */
    Optional<Compaction> compact(SessionRef ref, CompactionPolicy policy);

    /**
     * Changes state without an event.
     * @param ref the session
     * @param delta the changes; a {@code null} value deletes the key
     * @param expectedVersion the version the caller last read, or {@code null}
     * @return the session after the change, without events
     */
    AgentSession updateState(SessionRef ref, Map<String, ? extends @Nullable Object> delta,
            @Nullable Long expectedVersion);

    /**
     * Changes state without an event and without a version check; concurrent writes are serialized.
     * @param ref the session
     * @param delta the changes; a {@code null} value deletes the key
     * @return the session after the change, without events
     * @see #updateState(SessionRef, Map, Long)
     */
    default AgentSession updateState(SessionRef ref, Map<String, ? extends @Nullable Object> delta) {
        return updateState(ref, delta, null);
    }

    /**
     * Rewinds a session to just after event {@code toSeq}, in one atomic step that advances the version: a
     * {@link EventType#REWIND} event with data {@code {"toSeq": toSeq}} is appended, the events after {@code toSeq}
     * (that marker included) stop counting in every {@link EventWindow} read, and the session's own state returns to
     * its value after {@code toSeq}, rebuilt from the state given at creation and the state deltas of the events that
     * count up to {@code toSeq}. The log itself never changes: {@link #events(SessionRef, long, int)} still pages
     * through every event, markers and rewound events included, and {@link AgentSession#eventCount()} counts them
     * all. {@code user:} and {@code app:} state is shared with other sessions and is not rewound; a change made by
     * {@link #updateState(SessionRef, Map, Long)} is not in the log, so a rewind drops it (append a
     * {@link NewEvent#state(String, Map)} event for a change that must survive rewinds and forks). Flow and
     * metadata stay as they are. Appends continue after the marker's sequence number.
     * @param ref the session
     * @param toSeq the last event that keeps counting: 0 (back to the state at creation) up to the last event; an
     * event a previous rewind took out is refused
     * @param expectedVersion the version the caller last read, or {@code null} to serialize without a check
     * @return the session after the rewind, whose one event is the {@code REWIND} marker
     * @throws IllegalArgumentException if {@code toSeq} is negative, after the last event or inside a rewound range;
     * nothing is written
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the session has another version; nothing is written
     */
    AgentSession rewind(SessionRef ref, long toSeq, @Nullable Long expectedVersion);

    /**
     * Rewinds a session without a version check; concurrent writes are serialized.
     * @param ref the session
     * @param toSeq the last event that keeps counting, 0 for none
     * @return the session after the rewind, whose one event is the {@code REWIND} marker
     * @see #rewind(SessionRef, long, Long)
     */
    default AgentSession rewind(SessionRef ref, long toSeq) {
        return rewind(ref, toSeq, null);
    }

    /**
     * Forks a session at event {@code atSeq} into a new session of the same tenant, app and user, in one atomic
     * write: the new session holds copies of the events that count up to {@code atSeq}, numbered again from 1 (ids,
     * content, deltas and timestamps kept), the source's state given at creation as its own, the session's own
     * state as of {@code atSeq} (rebuilt as {@link #rewind(SessionRef, long, Long)} does) and the source's
     * metadata; no flow. {@code user:} and {@code app:} state stays shared. The source is not changed (it may be
     * archived). Either the whole fork is stored or nothing is. The fork is a created session: lifecycle listeners
     * hear of it as of {@link #create(NewSession)}.
     * @param ref the source session
     * @param atSeq the last event copied: 0 up to the last event, not one a rewind took out
     * @param newSessionId the new session's id, or {@code null} to generate one
     * @return the new session (version 1, no events)
     * @throws IllegalArgumentException if {@code atSeq} is negative, after the last event or inside a rewound
     * range; nothing is written
     * @throws SessionNotFoundException if the source does not exist
     * @throws SessionAlreadyExistsException if the given id is taken; nothing is written
     */
    AgentSession fork(SessionRef ref, long atSeq, @Nullable String newSessionId);

    /**
     * Forks a session into a new session with a generated id.
     * @param ref the source session
     * @param atSeq the last event copied, 0 for none
     * @return the new session (version 1, no events)
     * @see #fork(SessionRef, long, String)
     */
    default AgentSession fork(SessionRef ref, long atSeq) {
        return fork(ref, atSeq, null);
    }

    /**
     * Saves, replaces or clears the session's flow state without registering a wait, for a flow that moves on
     * by itself or has finished.
     * @param ref the session
     * @param flow the flow state, or {@code null} to clear it
     * @param expectedVersion the version the caller last read, or {@code null}
     * @return the session after the change, without events
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the session has another version; nothing is written
     */
    AgentSession updateFlow(SessionRef ref, @Nullable FlowState flow, @Nullable Long expectedVersion);

    /**
     * Saves, replaces or clears the session's flow state without a version check.
     * @param ref the session
     * @param flow the flow state, or {@code null} to clear it
     * @return the session after the change, without events
     * @see #updateFlow(SessionRef, FlowState, Long)
     */
    default AgentSession updateFlow(SessionRef ref, @Nullable FlowState flow) {
        return updateFlow(ref, flow, null);
    }

    /**
     * Changes the session's metadata: sets the keys given a value and removes the keys given {@code null}.
     * Listings filtered by metadata ({@link SessionQuery#withMetadata(String, String)}) see the change at once.
     * @param ref the session
     * @param delta the changes; keys follow the identifier rules, a {@code null} value removes the key
     * @param expectedVersion the version the caller last read, or {@code null}
     * @return the session after the change, without events
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the session has another version; nothing is written
     */
    AgentSession updateMetadata(SessionRef ref, Map<String, ? extends @Nullable String> delta,
            @Nullable Long expectedVersion);

    /**
     * Changes the session's metadata without a version check.
     * @param ref the session
     * @param delta the changes; a {@code null} value removes the key
     * @return the session after the change, without events
     * @see #updateMetadata(SessionRef, Map, Long)
     */
    default AgentSession updateMetadata(SessionRef ref, Map<String, ? extends @Nullable String> delta) {
        return updateMetadata(ref, delta, null);
    }

    /**
     * Lists sessions, one page at a time, newest update first. Events and state are not loaded.
     * @param query which sessions
     * @return the page
     */
    SessionPage list(SessionQuery query);

    /**
     * Archives a session: it stays readable but refuses changes.
     * @param ref the session
     * @throws SessionNotFoundException if it does not exist
     */
    void archive(SessionRef ref);

    /**
     * Archives every active session not updated for {@code inactivity}.
     * @param inactivity how long without an update
     * @return how many sessions were archived
     */
    int archiveInactive(Duration inactivity);

    /**
     * Deletes a session with its events.
     * @param ref the session
     * @return {@code true} if it existed
     */
    boolean delete(SessionRef ref);

    /**
     * Deletes every session of an app with its events, and the app's user and app state.
     * @param tenant the tenant
     * @param app the app
     * @return how many sessions were deleted
     */
    int deleteAll(String tenant, String app);

    /**
     * Deletes everything the session store holds: every session of every tenant and app with its events, state
     * and waits, and every document. Auth sessions are kept (see
     * {@link dev.agentsession.auth.AuthSessionManager#invalidateThread(String, String)}). Only the store's own
     * data goes: its tables on JDBC, its key namespace on Redis (never {@code FLUSHALL}). Meant for tests and
     * for resetting a development store; on Redis it is not atomic, so stop writers first.
     * @param confirmation must be {@value #CLEAR_ALL_CONFIRMATION}, so that no call deletes everything by
     * accident
     * @throws IllegalArgumentException if the confirmation is anything else; nothing is deleted
     */
    void clearAll(String confirmation);

    /**
     * The namespaced documents stored beside the sessions.
     * @return the document store
     */
    ScopedStore documents();

    /**
     * Pauses a flow until the session's user replies in {@code scope}: saves the flow state on the session and
     * registers the wait in one atomic step. A wait already registered for that user and scope, by this or
     * another session, is replaced.
     * @param ref the waiting session
     * @param scope where the reply will come from
     * @param flow the flow state to resume from
     * @param ttl how long the wait stays valid, or {@code null} for {@code agent.session.waits.default-ttl};
     * never longer than the session lives
     * @param payload data to keep with the wait, or {@code null}
     * @return the stored wait
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     */
    default SessionWait registerWait(SessionRef ref, ReplyScope scope, FlowState flow, @Nullable Duration ttl,
            @Nullable JsonNode payload) {
        return registerWait(ref, ref.userId(), scope, flow, ttl, payload);
    }

    /**
     * Pauses a flow until a user, the session's owner or another user of the same tenant and app (a manager
     * asked to approve), replies in {@code scope}: saves the flow state on the session and registers the wait
     * under the waiting user's key in one atomic step. The wait is found, listed and resumed with that user's
     * {@link WaitKey}, and resuming it returns the owner's session. A wait already registered for that user and
     * scope, by this or another session, is replaced; deleting or archiving the session removes the wait.
     * @param ref the waiting session
     * @param waitingUserId the user whose reply is awaited
     * @param scope where the reply will come from
     * @param flow the flow state to resume from
     * @param ttl how long the wait stays valid, or {@code null} for {@code agent.session.waits.default-ttl};
     * never longer than the session lives
     * @param payload data to keep with the wait, or {@code null}
     * @return the stored wait
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     */
    SessionWait registerWait(SessionRef ref, String waitingUserId, ReplyScope scope, FlowState flow,
            @Nullable Duration ttl, @Nullable JsonNode payload);

    /**
     * Pauses a flow until another user replies, with the default wait time-to-live and no payload.
     * @param ref the waiting session
     * @param waitingUserId the user whose reply is awaited
     * @param scope where the reply will come from
     * @param flow the flow state to resume from
     * @return the stored wait
     * @see #registerWait(SessionRef, String, ReplyScope, FlowState, Duration, JsonNode)
     */
    default SessionWait registerWait(SessionRef ref, String waitingUserId, ReplyScope scope, FlowState flow) {
        return registerWait(ref, waitingUserId, scope, flow, null, null);
    }

    /**
     * Pauses a flow with the default wait time-to-live and no payload.
     * @param ref the waiting session
     * @param scope where the reply will come from
     * @param flow the flow state to resume from
     * @return the stored wait
     * @see #registerWait(SessionRef, ReplyScope, FlowState, Duration, JsonNode)
     */
    default SessionWait registerWait(SessionRef ref, ReplyScope scope, FlowState flow) {
        return registerWait(ref, scope, flow, null, null);
    }

    /**
     * Reads the live wait for a user and reply scope, without claiming it.
     * @param key the user and scope
     * @return the wait, or empty
     */
    Optional<SessionWait> findWait(WaitKey key);

    /**
     * The live waits for a reply of one user of an app: those of the user's own sessions and those of other
     * users' sessions that wait for this user.
     * @param tenant the tenant
     * @param app the app
     * @param userId the waiting user
     * @return the waits, oldest first
     */
    List<SessionWait> listWaits(String tenant, String app, String userId);

    /**
     * Removes a wait without resuming it.
     * @param key the user and scope
     * @return {@code true} if a live wait was removed
     */
    boolean clearWait(WaitKey key);

    /**
     * Claims the wait a reply resumes: returns it and removes it in one atomic step. Of any number of
     * concurrent claims, on any number of nodes, exactly one receives the wait. The session keeps its flow
     * state; see {@link #resume(WaitKey, boolean)} to clear it.
     * @param key the user and scope the reply came from
     * @return the wait to resume, or empty if none is live (or another claim won)
     */
    default Optional<SessionWait> resume(WaitKey key) {
        return resume(key, false);
    }

    /**
     * Claims the wait a reply resumes and, when asked to, clears the flow state of the wait's session in the
     * same atomic step, for a flow that finishes with this reply (the wait's own copy of the flow is returned
     * either way). Clearing is a write like any other: the session's version advances.
     * @param key the user and scope the reply came from
     * @param clearFlow whether to clear the session's flow state
     * @return the wait to resume, or empty if none is live (or another claim won); nothing changes then
     */
    Optional<SessionWait> resume(WaitKey key, boolean clearFlow);

    /**
     * Takes the run lease of a session, failing at once if another run holds it. While the lease is live, only the
     * writes of {@link #withLease(SessionLease)} (which carry its fencing token) change the session; any other
     * write fails with {@link SessionLeasedException}. Taking a lease does not change the session's version.
     * @param ref the session
     * @param owner who takes it: a worker or node name, for diagnostics; identifier rules
     * @param ttl how long the lease lasts unless renewed or released
     * @return the lease, with a fencing token one more than the session's last one
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionLeasedException if another lease is live; nothing changes
     */
    default SessionLease acquireLease(SessionRef ref, String owner, Duration ttl) {
        return acquireLease(ref, owner, ttl, Duration.ZERO);
    }

    /**
     * Takes the run lease of a session, waiting up to {@code maxWait} for a live lease to end (released or
     * expired), polling with a growing backoff.
     * @param ref the session
     * @param owner who takes it
     * @param ttl how long the lease lasts unless renewed or released
     * @param maxWait how long to wait at most; zero fails at once
     * @return the lease
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionLeasedException if another lease is still live after {@code maxWait}, or the thread was
     * interrupted while waiting (its interrupt flag set again)
     * @see #acquireLease(SessionRef, String, Duration)
     */
    SessionLease acquireLease(SessionRef ref, String owner, Duration ttl, Duration maxWait);

    /**
     * Extends a lease that is still held to {@code ttl} from now; a long run renews before its lease expires.
     * @param lease the lease
     * @param ttl how long it lasts from now
     * @return the lease with its new expiry (same token)
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionLeasedException if the lease expired, was released or was taken over; nothing changes
     */
    SessionLease renewLease(SessionLease lease, Duration ttl);

    /**
     * Ends a lease at once, so that the next run need not wait for it to expire. Its token stays used: writes
     * carrying it fail from now on.
     * @param lease the lease
     * @return {@code false} if it was not held any more (expired, taken over, or the session is gone)
     */
    boolean releaseLease(SessionLease lease);

    /**
     * A view of this manager whose writes of the lease's session carry its fencing token: {@code append},
     * {@code updateState}, {@code updateFlow}, {@code updateMetadata}, {@code registerWait}, {@code archive}, and
     * {@code resume} of a wait of that session. They succeed only while the lease is held; once it expired, was
     * released or was taken over, they fail with {@link SessionLeasedException} and change nothing, even if no
     * other lease is live. Reads and the other operations are the manager's own.
     * @param lease the lease
     * @return the view
     * @throws IllegalArgumentException from the view's writes, if they name another session than the lease's
     */
    SessionManager withLease(SessionLease lease);

    /**
     * Reads one event of a session by its id, without reading the history: a redelivered run uses the ids of its
     * tool calls as event ids, and checks here whether a tool call already has its recorded result before running
     * the tool again.
     * @param ref the session
     * @param eventId the event id
     * @return the event, or empty if the session holds none with that id
     * @throws SessionNotFoundException if the session does not exist
     */
    Optional<SessionEvent> findEvent(SessionRef ref, String eventId);
}
