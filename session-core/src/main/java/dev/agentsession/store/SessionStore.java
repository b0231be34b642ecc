package dev.agentsession.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.state.ScopedStore;
import org.jspecify.annotations.Nullable;

/**
 * Where sessions live. Each method is one atomic operation, scoped by the whole {@link SessionRef}. A
 * session whose {@code expiresAt} is not after the {@code now} passed in is treated as absent by every
 * method, whether or not the backend has removed it yet. Backend failures are thrown as
 * {@link SessionStoreUnavailableException}.
 */
public interface SessionStore {

    /**
     * The store's short name for health and metrics, such as {@code memory}, {@code jdbc} or {@code redis}.
     * @return the name
     */
    String type();

    /**
     * Creates a session at version 1, applies its initial state and keeps the session-scope part of it
     * ({@link HistoryReplay#initialState}) for rewinds and forks to rebuild from.
     * @param command what to create
     * @return the new session, without events
     * @throws SessionAlreadyExistsException if a live session has that ref
     */
    AgentSession create(CreateCommand command);

    /**
     * Reads a session with the events of a window, taken from its effective history (the log without the ranges
     * rewinds took out, see {@link RewoundRanges}); the state is the merged view of the three scopes.
     * @param ref the session
     * @param window which events
     * @param now the read time
     * @return the session, or empty
     */
    Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now);

    /**
     * Reads up to {@code limit} events of the raw log from sequence number {@code fromSeq} on, oldest first: rewound
     * events and {@code REWIND} markers included.
     * @param ref the session
     * @param fromSeq the first sequence number
     * @param limit the most events
     * @param now the read time
     * @return the events
     * @throws SessionNotFoundException if the session does not exist
     */
    List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now);

    /**
     * Appends events; see {@link AppendCommand} for the rules.
     * @param command the append
     * @return the session after the append, its events being the command's events as stored, in order
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the expected version does not match
     */
    AgentSession append(AppendCommand command);

    /**
     * Changes state without an event.
     * @param command the change
     * @return the session after the change, without events
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the expected version does not match
     */
    AgentSession updateState(StateCommand command);

    /**
     * Rewinds a session; see {@link RewindCommand} for the rules.
     * @param command the rewind
     * @return the session after the rewind, its one event being the {@code REWIND} marker as stored
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the expected version does not match
     * @throws IllegalArgumentException if {@code toSeq} is after the last event or inside a rewound range
     */
    AgentSession rewind(RewindCommand command);

    /**
     * Forks a session into a new one; see {@link ForkCommand} for the rules.
     * @param command the fork
     * @return the new session, without events
     * @throws SessionNotFoundException if the source does not exist
     * @throws SessionAlreadyExistsException if a live session has the target's ref
     * @throws IllegalArgumentException if {@code atSeq} is after the last event or inside a rewound range
     */
    AgentSession fork(ForkCommand command);

    /**
     * Saves, replaces or clears a session's flow state without a wait.
     * @param command the change
     * @return the session after the change, without events
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the expected version does not match
     */
    AgentSession updateFlow(FlowCommand command);

    /**
     * Changes a session's metadata and moves it in the metadata indexes that
     * {@link SessionQuery#metadataKey()} filters read.
     * @param command the change
     * @return the session after the change, without events
     * @throws SessionNotFoundException if the session does not exist
     * @throws SessionArchivedException if it is archived
     * @throws StaleSessionException if the expected version does not match
     */
    AgentSession updateMetadata(MetadataCommand command);

    /**
     * Lists sessions in {@link PageCursor#NEWEST_FIRST} order, without state or events. A query with a metadata
     * filter is served by an index of the sessions carrying that key and value, so that a page costs what it
     * holds (plus the sessions a status, user or time filter skips).
     * @param query the filters (its page token is already decoded into {@code after})
     * @param after the cursor to continue after, or {@code null} for the first page
     * @param limit the most sessions to return
     * @param now the read time
     * @return the sessions
     */
    List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now);

    /**
     * Archives a session, advancing its version; {@code updatedAt} and the expiry stay as they are.
     * @param ref the session
     * @param now the write time
     * @return {@code false} if no such session exists
     */
    boolean archive(SessionRef ref, Instant now);

    /**
     * Archives every active session updated before {@code updatedBefore}.
     * @param updatedBefore the exclusive bound
     * @param now the write time
     * @return how many were archived
     */
    int archiveInactive(Instant updatedBefore, Instant now);

    /**
     * Deletes a session and everything stored with it, and returns once it is gone.
     * @param ref the session
     * @return {@code true} if it existed
     */
    boolean delete(SessionRef ref);

    /**
     * Deletes every session of an app, and the app's user and app state.
     * @param tenant the tenant
     * @param app the app
     * @return how many sessions were deleted
     */
    int deleteAll(String tenant, String app);

    /**
     * Deletes everything this store holds: every session of every tenant and app with its events, state, waits
     * and index entries, and every document. Auth sessions, which live in an {@link AuthSessionStore}, are kept.
     * Touches nothing but the store's own data (its tables, its key namespace).
     */
    void clearAll();

    /**
     * The documents stored beside the sessions.
     * @return the document store
     */
    ScopedStore documents();

    /**
     * A round trip to the backend, for health checks.
     * @throws SessionStoreUnavailableException if the backend cannot be reached or is not set up
     */
    void ping();
}
