package dev.agentsession.redis;

import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.agentsession.AgentSession;
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
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC 9: one network round trip per append or read of a session. Counted twice on a private server: by
 * the client (a Lettuce command listener sees every command sent) and by the server ({@code INFO
 * commandstats} after {@code CONFIG RESETSTAT}: one {@code EVALSHA}, no {@code EVAL}).
 */
class RedisSessionStoreRoundTripTests {

    private static RedisServerProcess server;

    private static LettuceConnectionFactory factory;

    private static final List<String> sent = new CopyOnWriteArrayList<>();

    private static SessionManager sessions;

    private SessionRef ref;

    @BeforeAll
    static void startServer() throws Exception {
        RedisServerProcess.requireBinaries();
        int port = RedisServerProcess.freePort();
        server = RedisServerProcess.start(Paths.get("target", "redis-roundtrip-" + UUID.randomUUID()), port);
        factory = RedisTestSupport.standalone("127.0.0.1", port, Duration.ofSeconds(10));
        factory.getRequiredNativeClient().addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                sent.add(event.getCommand().getType().toString());
            }
        });
        RedisSessionStore store = new RedisSessionStore(factory, new SessionCodec(), "rt");
        sessions = new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(Clock.systemUTC()),
                Clock.systemUTC(), new SessionCodec(), SessionSettings.defaults().withTtl(Duration.ofHours(1)));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (factory != null) {
            factory.destroy();
        }
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void warmUp() {
        // The first use of each script on a server is EVALSHA, NOSCRIPT, then EVAL; later uses are EVALSHA.
        this.ref = sessions.create(NewSession.forUser("rt-app", "alice").withState(Map.of("user:u", 1))).ref();
        for (int i = 0; i < 50; i++) {
            sessions.append(this.ref, NewEvent.message("user", "m" + i).withStateDelta(Map.of("n", i, "app:a", i)));
        }
        sessions.get(this.ref, EventWindow.recent(20));
        sessions.updateState(this.ref, Map.of("k", "v"), null);
        sessions.events(this.ref, 1, 10);
        sessions.create(NewSession.forUser("rt-app", "bob"));
    }

    @Test
    void appendWhenScriptIsCachedThenExactlyOneEvalsha() throws Exception {
        Map<String, Long> commands = measure(() -> sessions.append(this.ref,
                NewEvent.message("user", "one more").withStateDelta(Map.of("user:x", 1, "app:y", 2, "z", 3))));
        assertThat(commands).containsExactly(Map.entry("EVALSHA", 1L));
    }

    @Test
    void findWithRecentTwentyThenExactlyOneEvalshaReturningTwentyEvents() throws Exception {
        AgentSession[] read = new AgentSession[1];
        Map<String, Long> commands = measure(() -> read[0] = sessions.get(this.ref, EventWindow.recent(20)));
        assertThat(commands).containsExactly(Map.entry("EVALSHA", 1L));
        assertThat(read[0].events()).hasSize(20);
        assertThat(read[0].events().get(19).content()).isEqualTo("m49");
    }

    @Test
    void updateStateCreateAndEventsPageThenOneEvalshaEach() throws Exception {
        assertThat(measure(() -> sessions.updateState(this.ref, Map.of("k", "w", "app:q", 1), 52L)))
            .containsExactly(Map.entry("EVALSHA", 1L));
        assertThat(measure(() -> sessions.create(NewSession.forUser("rt-app", "carol"))))
            .containsExactly(Map.entry("EVALSHA", 1L));
        assertThat(measure(() -> sessions.events(this.ref, 11, 20))).containsExactly(Map.entry("EVALSHA", 1L));
    }

    /**
     * The commands an action sends, as seen by the client; checks that the server counted the same.
     */
    private static Map<String, Long> measure(Runnable action) throws Exception {
        assertThat(server.cli("config", "resetstat")).contains("OK");
        sent.clear();
        action.run();
        Map<String, Long> client = new LinkedHashMap<>();
        sent.forEach((command) -> client.merge(command, 1L, Long::sum));
        String stats = server.cli("info", "commandstats");
        assertThat(callsOf(stats, "evalsha")).isEqualTo(client.getOrDefault("EVALSHA", 0L));
        assertThat(callsOf(stats, "eval")).isZero();
        return client;
    }

    private static long callsOf(String commandstats, String command) {
        for (String line : commandstats.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                String calls = line.substring(("cmdstat_" + command + ":calls=").length());
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }
}
