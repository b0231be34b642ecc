package dev.agentsession.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections cut in the middle of appends (with {@code pg_terminate_backend} from a second connection; the
 * server keeps running): calls fail with {@link SessionStoreUnavailableException}, no partial append is ever
 * visible, and the store works again once connections are possible, without a restart.
 */
class JdbcPostgresqlFaultTests {

    private JdbcTestDatabase database;

    @BeforeEach
    void openDatabase() {
        LocalServer.POSTGRESQL.require();
        this.database = JdbcTestDatabase.of(JdbcTestPlatform.POSTGRESQL).open();
    }

    @AfterEach
    void closeDatabase() {
        if (this.database != null) {
            this.database.close();
        }
    }

    @Test
    void appendWhenConnectionsAreCutThenUnavailableNothingPartialAndWorkResumes() throws Exception {
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = new DefaultSessionManager(store, store,
                new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser("fault-app", "alice")).ref();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        // Each append is a pair of events plus a state delta: all of it, or none of it.
                        try {
                            sessions.append(ref, List.of(NewEvent.message("user", writer + "-" + i + "-a")
                                .withStateDelta(Map.of("user:last-" + writer, i, "last-" + writer, i)),
                                    NewEvent.message("assistant", writer + "-" + i + "-b")), null);
                            succeeded.incrementAndGet();
                        }
                        catch (RuntimeException ex) {
                            failures.add(ex);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(300);
            int terminated = cutConnections(20);
            running.set(false);
            for (Future<?> future : futures) {
                future.get(1, TimeUnit.MINUTES);
            }
            assertThat(terminated).isPositive();
        }
        finally {
            running.set(false);
            pool.shutdownNow();
        }

        assertThat(failures).isNotEmpty()
            .allSatisfy((failure) -> assertThat(failure).isInstanceOf(SessionStoreUnavailableException.class)
                .hasCauseInstanceOf(Exception.class));
        assertThat(succeeded.get()).isPositive();

        AgentSession resumed = appendUntilItWorks(sessions, ref);
        assertThat(resumed.events()).hasSize(2);

        AgentSession read = sessions.get(ref, EventWindow.all());
        List<SessionEvent> events = read.events();
        assertThat(events).extracting(SessionEvent::seq)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events.size() % 2).isZero();
        for (int i = 0; i < events.size(); i += 2) {
            String first = events.get(i).content();
            assertThat(first).endsWith("-a");
            assertThat(events.get(i + 1).content()).isEqualTo(first.substring(0, first.length() - 2) + "-b");
        }
        int pairs = events.size() / 2;
        assertThat(read.version()).isEqualTo(1 + pairs);
        assertThat(read.eventCount()).isEqualTo(events.size());
        // A call whose commit was cut may have been applied although it failed; never more than that.
        assertThat(pairs).isBetween(succeeded.get() + 1, succeeded.get() + 1 + failures.size());
        for (SessionEvent event : events) {
            if (event.content().endsWith("-a") && !event.content().startsWith("resumed")) {
                String writer = event.content().substring(0, event.content().indexOf('-'));
                assertThat(read.state()).containsKey("last-" + writer).containsKey("user:last-" + writer);
            }
        }
    }

    /**
     * Terminates every backend of the test's pool, {@code rounds} times 50 ms apart, from a connection of its
     * own. Returns how many backends were terminated.
     */
    private int cutConnections(int rounds) throws Exception {
        String applicationName = this.database.dataSource().getDataSourceProperties().getProperty("ApplicationName");
        int terminated = 0;
        try (Connection admin = DriverManager.getConnection(this.database.dataSource().getJdbcUrl(), "postgres", "");
                PreparedStatement kill = admin.prepareStatement("""
                        SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE application_name = ? AND pid <> pg_backend_pid()) AS killed
                        """)) {
            for (int round = 0; round < rounds; round++) {
                kill.setString(1, applicationName);
                try (var rs = kill.executeQuery()) {
                    rs.next();
                    terminated += rs.getInt(1);
                }
                Thread.sleep(50);
            }
        }
        return terminated;
    }

    private static AgentSession appendUntilItWorks(SessionManager sessions, SessionRef ref) throws Exception {
        SessionStoreUnavailableException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return sessions.append(ref, List.of(NewEvent.message("user", "resumed-" + attempt + "-a"),
                        NewEvent.message("assistant", "resumed-" + attempt + "-b")), null);
            }
            catch (SessionStoreUnavailableException ex) {
                last = ex;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("The store did not recover", last);
    }
}
