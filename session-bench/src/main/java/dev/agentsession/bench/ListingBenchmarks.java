package dev.agentsession.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A page of 50 sessions with 100 or 100,000 sessions in the app and in the user (SPEC 9: the same cost). The
 * sessions are created on four threads, all of one user of a fresh app, so that both listings walk them all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ListingBenchmarks {

    /** Which backend. */
    @Param({ "MEMORY", "H2", "SQLITE", "POSTGRESQL", "MARIADB", "REDIS" })
    public String backend;

    /** How many sessions the app and the user hold. */
    @Param({ "100", "100000" })
    public int sessions;

    private BenchStore store;

    private SessionManager manager;

    private String app;

    /**
     * Opens the store and creates the sessions.
     * @throws Exception if the backend cannot be opened or a creation fails
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        Clock clock = Clock.systemUTC();
        this.store = Backend.valueOf(this.backend).open(clock);
        this.manager = new DefaultSessionManager(this.store.sessions(), this.store.waits(),
                new TimeOrderedSessionIdGenerator(clock), clock, new SessionCodec(), SessionSettings.defaults());
        this.app = "bench-list-" + UUID.randomUUID();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int share = this.sessions / 4 + ((t < this.sessions % 4) ? 1 : 0);
                created.add(threads.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        this.manager.create(NewSession.forUser(this.app, "lister"));
                    }
                }));
            }
            for (Future<?> done : created) {
                done.get();
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    /**
     * Closes the store, which drops its tables or namespace with the sessions.
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws Exception {
        this.store.resources().close();
    }

    /**
     * The newest 50 sessions of the app.
     * @return the page size
     */
    @Benchmark
    public int listAppPage50() {
        return this.manager.list(SessionQuery.forApp(this.app).withLimit(50)).sessions().size();
    }

    /**
     * The newest 50 sessions of the user.
     * @return the page size
     */
    @Benchmark
    public int listUserPage50() {
        return this.manager.list(SessionQuery.forApp(this.app).withUser("lister").withLimit(50)).sessions().size();
    }
}
