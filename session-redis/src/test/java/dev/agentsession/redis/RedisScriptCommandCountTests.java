package dev.agentsession.redis;

import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.testservers.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins what an append and a {@code recent(20)} read cost on a server of the test's own (so that no other client
 * is counted): one round trip each, and the number of commands the script runs inside it, read from
 * {@code INFO commandstats}. A script change that makes the hot paths run more commands fails here; one that
 * makes them run fewer updates the numbers.
 */
class RedisScriptCommandCountTests {

    private RedisServerProcess server;

    private LettuceConnectionFactory factory;

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess.requireBinaries();
        int port = RedisServerProcess.freePort();
        this.server = RedisServerProcess.start(Paths.get("target", "redis-count-" + UUID.randomUUID()), port);
        this.factory = RedisTestSupport.standalone("127.0.0.1", port, Duration.ofSeconds(10));
    }

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
    void appendWhenNoTtlThenOneRoundTripOfSixteenCommandsWhateverTheHistory() throws Exception {
        SessionManager sessions = sessions(SessionSettings.defaults());
        SessionRef ref = sessionWithHistory(sessions, 10);
        Commands atTen = count((manager) -> manager.append(ref, NewEvent.message("user", "counted")), sessions);
        appendHistory(sessions, ref, 1000);
        Commands atThousand = count((manager) -> manager.append(ref, NewEvent.message("user", "counted")), sessions);
        assertThat(atTen).isEqualTo(new Commands(1, 16));
        assertThat(atThousand).isEqualTo(atTen);
    }

    @Test
    void appendWhenTtlThenOneRoundTripThatAlsoRefreshesTheExpiryOfEachKey() throws Exception {
        SessionManager sessions = sessions(SessionSettings.defaults().withTtl(Duration.ofHours(1)));
        SessionRef ref = sessionWithHistory(sessions, 10);
        assertThat(count((manager) -> manager.append(ref, NewEvent.message("user", "counted")), sessions))
            .isEqualTo(new Commands(1, 24));
    }

    @Test
    void recentTwentyThenOneRoundTripOfFiveCommandsWhateverTheHistory() throws Exception {
        SessionManager sessions = sessions(SessionSettings.defaults());
        SessionRef ref = sessionWithHistory(sessions, 10);
        Commands atTen = count((manager) -> manager.get(ref, EventWindow.recent(20)), sessions);
        appendHistory(sessions, ref, 1000);
        Commands atThousand = count((manager) -> manager.get(ref, EventWindow.recent(20)), sessions);
        assertThat(atTen).isEqualTo(new Commands(1, 5));
        assertThat(atThousand).isEqualTo(atTen);
    }

    private SessionManager sessions(SessionSettings settings) {
        RedisSessionStore store = new RedisSessionStore(this.factory, new SessionCodec(), "count");
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(Clock.systemUTC()),
                Clock.systemUTC(), new SessionCodec(), settings);
    }

    private static SessionRef sessionWithHistory(SessionManager sessions, int events) {
        SessionRef ref = sessions.create(NewSession.forUser("count-app", "alice")).ref();
        appendHistory(sessions, ref, events);
        // Every script the counted calls run is loaded, so that no NOSCRIPT and EVAL is counted.
        sessions.append(ref, NewEvent.message("user", "warm-up"));
        sessions.get(ref, EventWindow.recent(20));
        return ref;
    }

    private static void appendHistory(SessionManager sessions, SessionRef ref, int events) {
        for (int i = 0; i < events; i += 100) {
            List<NewEvent> chunk = new java.util.ArrayList<>();
            for (int j = i; j < Math.min(events, i + 100); j++) {
                chunk.add(NewEvent.message("user", "history " + j));
            }
            sessions.append(ref, chunk, null);
        }
    }

    private Commands count(Consumer<SessionManager> call, SessionManager sessions) throws Exception {
        this.server.cli("CONFIG", "RESETSTAT");
        call.accept(sessions);
        long scripts = 0;
        long others = 0;
        for (String line : this.server.cli("INFO", "commandstats").split("\\R")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            int from = line.indexOf(":calls=") + ":calls=".length();
            long calls = Long.parseLong(line.substring(from, line.indexOf(',', from)));
            if (name.equals("evalsha") || name.equals("eval")) {
                scripts += calls;
            }
            else if (!name.equals("info") && !name.equals("config|resetstat") && !name.equals("config")) {
                others += calls;
            }
        }
        return new Commands(scripts, others);
    }

    /**
     * Round trips (script calls) and the commands run inside them (or on their own).
     */
    private record Commands(long scripts, long commands) {
    }
}
