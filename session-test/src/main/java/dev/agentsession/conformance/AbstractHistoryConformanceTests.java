package dev.agentsession.conformance;

import java.util.List;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.store.HistoryRetention;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the history suites share: a manager that compacts with {@link #summarize(List, String)}, conversations of
 * whole turns, and the seqs of what a read returns.
 *
 * @param <S> the store under test
 */
public abstract class AbstractHistoryConformanceTests<S extends SessionStore & WaitStore & HistoryRetention>
        extends AbstractSessionStoreConformanceTests<S> {

    private final JsonMapper json = JsonMapper.builder().build();

    private SessionManager history;

    @BeforeEach
    void setUpCompactingManager() {
        this.history = manager(CompactionSettings.of(this::summarize));
    }

    /**
     * A manager on the store under test that compacts.
     * @param compaction its summarizer and policy
     * @return the manager
     */
    protected SessionManager manager(CompactionSettings compaction) {
        return new DefaultSessionManager(store(), store(), new TimeOrderedSessionIdGenerator(this.clock), this.clock,
                new SessionCodec(), SessionSettings.defaults(), SessionLifecycleListener.NONE,
                SessionObservations.NOOP, compaction);
    }

    /**
     * The summarizer of {@link #history()}: says how many events it summarized.
     * @param events the events to summarize
     * @param previous the previous summary, or {@code null}
     * @return the summary
     */
    protected String summarize(List<SessionEvent> events, @Nullable String previous) {
        return "summary of " + events.size() + " events";
    }

    /**
     * The compacting manager of this test.
     * @return the manager
     */
    protected SessionManager history() {
        return this.history;
    }

    /**
     * A JSON mapper for event data.
     * @return the mapper
     */
    protected JsonMapper json() {
        return this.json;
    }

    /**
     * A new session of this test's app.
     * @return its ref
     */
    protected SessionRef newSession() {
        return this.history.create(NewSession.forUser(app(), "alice")).ref();
    }

    /**
     * Appends turns of a user message and an assistant reply: seqs 2k-1 and 2k for the k-th turn of a new session.
     * @param ref the session
     * @param count how many turns
     */
    protected void turns(SessionRef ref, int count) {
        for (int i = 0; i < count; i++) {
            this.history.append(ref, NewEvent.message("user", "question " + i),
                    NewEvent.message("assistant", "answer " + i));
        }
    }

    /**
     * The seqs of events.
     * @param events the events
     * @return their seqs in order
     */
    protected static List<Long> seqs(List<SessionEvent> events) {
        return events.stream().map(SessionEvent::seq).toList();
    }

    /**
     * What {@link EventWindow#context()} reads of a session.
     * @param ref the session
     * @return the summary (if any) and the events after its range
     */
    protected List<SessionEvent> context(SessionRef ref) {
        return this.history.get(ref, EventWindow.context()).events();
    }
}
