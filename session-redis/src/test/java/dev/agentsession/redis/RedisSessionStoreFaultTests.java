package dev.agentsession.redis;

import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.testservers.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Redis server that the test started is killed while a writer appends: calls fail with
 * {@link SessionStoreUnavailableException} within the command timeout, and once the server is back on the same
 * port the same store and connection factory work again.
 */
class RedisSessionStoreFaultTests {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private RedisServerProcess server;

    private LettuceConnectionFactory factory;

    @AfterEach
    void stop() throws Exception {
        if (this.factory != null) {
            this.factory.destroy();
        }
        if (this.server != null) {
            this.server.stop();
        }
    }

    @Test
    void appendWhenServerStopsThenUnavailableWithinTimeoutAndWorksAgainAfterRestart() throws Exception {
        RedisServerProcess.requireBinaries();
        int port = RedisServerProcess.freePort();
        this.server = RedisServerProcess.start(Paths.get("target", "redis-fault-" + UUID.randomUUID()), port);
        this.factory = RedisTestSupport.standalone("127.0.0.1", port, COMMAND_TIMEOUT);
        RedisSessionStore store = new RedisSessionStore(this.factory, new SessionCodec(), "fault");
        SessionManager sessions = new DefaultSessionManager(store, store,
                new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                SessionSettings.defaults());
        SessionRef ref = sessions.create(NewSession.forUser("fault-app", "alice")).ref();

        AtomicInteger appended = new AtomicInteger();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Failure> failure = writer.submit(() -> {
                while (true) {
                    long start = System.nanoTime();
                    try {
                        sessions.append(ref, NewEvent.message("user", "m" + appended.get()));
                        appended.incrementAndGet();
                    }
                    catch (RuntimeException ex) {
                        return new Failure(ex, Duration.ofNanos(System.nanoTime() - start));
                    }
                }
            });
            while (appended.get() < 50) {
                Thread.sleep(10);
            }
            this.server.stop();

            Failure failed = failure.get(30, TimeUnit.SECONDS);
            assertThat(failed.exception()).isInstanceOf(SessionStoreUnavailableException.class)
                .hasCauseInstanceOf(DataAccessException.class);
            assertThat(failed.took()).isLessThan(COMMAND_TIMEOUT.plusSeconds(3));
        }
        finally {
            writer.shutdownNow();
        }
        long start = System.nanoTime();
        assertThatExceptionOfType(SessionStoreUnavailableException.class)
            .isThrownBy(() -> sessions.append(ref, NewEvent.message("user", "while down")));
        assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(store::ping);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT.multipliedBy(2).plusSeconds(3));

        this.server.start();
        // The restarted server kept no data (no persistence); the store reconnects by itself.
        AgentSession recreated = awaitRecovery(() -> sessions.create(NewSession.forUser("fault-app", "alice")));
        AgentSession appendedAgain = sessions.append(recreated.ref(), NewEvent.message("user", "back"));
        assertThat(appendedAgain.eventCount()).isEqualTo(1);
        store.ping();
    }

    private static AgentSession awaitRecovery(java.util.function.Supplier<AgentSession> action) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return action.get();
            }
            catch (SessionStoreUnavailableException ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
    }

    private record Failure(RuntimeException exception, Duration took) {
    }
}
