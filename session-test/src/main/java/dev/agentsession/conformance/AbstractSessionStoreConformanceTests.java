package dev.agentsession.conformance;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every session suite of this module shares: a store created per test on a {@link MutableClock}, a
 * {@link DefaultSessionManager} on it, and an app that no other test uses. A backend runs a suite by subclassing it
 * and implementing {@link #createStore(Clock)}.
 *
 * <p>Because every test works in an app of its own, a store on a shared server needs no cleaning between tests.
 * Time comes from a clock that the tests move, so expiry is tested without sleeping.
 *
 * @param <S> the store under test
 */
public abstract class AbstractSessionStoreConformanceTests<S extends SessionStore & WaitStore> {

    /** The clock every store and manager of a test uses. */
    protected final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    private S store;

    private SessionManager sessions;

    private String app;

    /**
     * A store for one test, driven by {@code clock}. It may share its backend with earlier tests.
     * @param clock the test's clock
     * @return the store
     * @throws Exception if the store cannot be set up
     */
    protected abstract S createStore(Clock clock) throws Exception;

    /**
     * Releases what {@link #createStore(Clock)} set up; nothing by default.
     * @param store the store
     * @throws Exception if it cannot be released
     */
    protected void destroyStore(S store) throws Exception {
    }

    @BeforeEach
    void setUpStore() throws Exception {
        this.store = createStore(this.clock);
        this.sessions = manager(SessionSettings.defaults());
        this.app = "app-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDownStore() throws Exception {
        destroyStore(this.store);
    }

    /**
     * The store under test.
     * @return the store
     */
    protected S store() {
        return this.store;
    }

    /**
     * A manager on the store under test.
     * @param settings the manager's settings
     * @return the manager
     */
    protected SessionManager manager(SessionSettings settings) {
        return new DefaultSessionManager(this.store, this.store, new TimeOrderedSessionIdGenerator(this.clock),
                this.clock, new SessionCodec(), settings);
    }

    /**
     * The manager of this test, on the store under test with default settings.
     * @return the manager
     */
    protected SessionManager sessions() {
        return this.sessions;
    }

    /**
     * The app this test works in; no other test uses it.
     * @return the app
     */
    protected String app() {
        return this.app;
    }

}
