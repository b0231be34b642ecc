package dev.agentsession.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating sessions over expired ones while the expiry cleanup deletes them (SPEC 3.5): the two lock the same rows
 * in different orders, which MariaDB resolves by aborting one side as a deadlock. The aborted transaction is run
 * again after a backoff with jitter, so every create succeeds. Once per database.
 */
@OnEveryJdbcPlatform
class JdbcCleanupRaceTests {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @Parameter
    JdbcTestDatabase database;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @Test
    void createWhenCleanupDeletesTheExpiredSessionAtTheSameTimeThenEveryCreateSucceeds() throws Exception {
        JdbcSessionStore store = this.database.store();
        SessionManager sessions = new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock),
                this.clock, new SessionCodec(), SessionSettings.defaults().withTtl(Duration.ofMinutes(1)));
        String app = "race-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("s-" + i);
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                for (String id : ids) {
                    SessionRef ref = sessions.create(NewSession.forUser(app, "u-" + (id.hashCode() % 4))
                        .withId(id).withState(Map.of("k", id, "user:k", id, "app:k", id))).ref();
                    sessions.append(ref, NewEvent.message("user", "hi"));
                }
                this.clock.advance(Duration.ofMinutes(2));
                List<Future<?>> work = new ArrayList<>();
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        store.deleteExpired(this.clock.instant(), 3);
                    }
                    return null;
                }));
                for (List<String> half : List.of(ids.subList(0, 20), ids.subList(20, 40))) {
                    work.add(pool.submit(() -> {
                        for (String id : half) {
                            try {
                                sessions.create(NewSession.forUser(app, "u-" + (id.hashCode() % 4)).withId(id)
                                    .withState(Map.of("k", id, "user:k", id, "app:k", id)));
                            }
                            catch (RuntimeException ex) {
                                failures.add(ex);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : work) {
                    future.get(2, TimeUnit.MINUTES);
                }
                assertThat(failures).as("round %d", round).isEmpty();
                for (String id : ids) {
                    assertThat(sessions.find(SessionRef.of(app, "u-" + (id.hashCode() % 4), id), EventWindow.none()))
                        .as(id).isPresent();
                }
                sessions.deleteAll("default", app);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
