package dev.agentsession.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Counts what one append and one {@code recent(20)} read cost on the wire, at 10 and at 10,000 prior events:
 * statements sent for the JDBC backends (through a counting DataSource), commands the server executed for
 * Redis ({@code INFO commandstats}, read on a second connection).
 */
final class CostReport {

    private static final int[] HISTORIES = { 10, 10_000 };

    private CostReport() {
    }

    static String measure(List<String> backends) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String name : backends) {
            Backend backend = Backend.valueOf(name);
            if (backend.isJdbc()) {
                rows.addAll(jdbc(backend));
            }
            else if (backend == Backend.REDIS) {
                rows.addAll(redis());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("| %-10s | %-7s | %-10s | %10s | %14s |%n", "backend", "history", "unit",
                "per append", "per recent(20)"));
        out.append("|------------|--------:|------------|-----------:|---------------:|\n");
        rows.forEach(out::append);
        return out.toString();
    }

    private static List<String> jdbc(Backend backend) throws Exception {
        StatementCounter counter = new StatementCounter();
        BenchStore store = backend.open(Clock.systemUTC(), counter::counting);
        try {
            SessionManager sessions = manager(store);
            List<String> rows = new ArrayList<>();
            for (int history : HISTORIES) {
                SessionRef ref = withHistory(sessions, history);
                long before = counter.count();
                sessions.append(ref, NewEvent.message("user", "counted"));
                long append = counter.count() - before;
                before = counter.count();
                sessions.get(ref, EventWindow.recent(20));
                long read = counter.count() - before;
                rows.add(row(backend, history, "statements", append, read));
            }
            return rows;
        }
        finally {
            store.resources().close();
        }
    }

    private static List<String> redis() throws Exception {
        BenchStore store = Backend.REDIS.open(Clock.systemUTC());
        LettuceConnectionFactory stats = new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"))));
        stats.afterPropertiesSet();
        try (RedisConnection connection = stats.getConnection()) {
            SessionManager sessions = manager(store);
            List<String> rows = new ArrayList<>();
            for (int history : HISTORIES) {
                SessionRef ref = withHistory(sessions, history);
                sessions.append(ref, NewEvent.message("user", "warm-up"));
                sessions.get(ref, EventWindow.recent(20));
                long before = commands(connection);
                sessions.append(ref, NewEvent.message("user", "counted"));
                long append = commands(connection) - before;
                before = commands(connection);
                sessions.get(ref, EventWindow.recent(20));
                long read = commands(connection) - before;
                rows.add(row(Backend.REDIS, history, "commands", append, read));
            }
            return rows;
        }
        finally {
            stats.destroy();
            store.resources().close();
        }
    }

    /**
     * Commands the server executed, except the INFO calls that measure them. Other clients of the same
     * server would be counted too: run the report on a quiet server.
     */
    private static long commands(RedisConnection connection) {
        Properties info = connection.serverCommands().info("commandstats");
        long total = 0;
        for (String name : info.stringPropertyNames()) {
            if (name.startsWith("cmdstat_") && !name.equals("cmdstat_info")) {
                String value = info.getProperty(name);
                String calls = value.substring(value.indexOf("calls=") + 6, value.indexOf(','));
                total += Long.parseLong(calls);
            }
        }
        return total;
    }

    private static SessionManager manager(BenchStore store) {
        Clock clock = Clock.systemUTC();
        return new DefaultSessionManager(store.sessions(), store.waits(), new TimeOrderedSessionIdGenerator(clock),
                clock, new SessionCodec(), SessionSettings.defaults());
    }

    private static SessionRef withHistory(SessionManager sessions, int history) {
        SessionRef ref = sessions.create(NewSession.forUser("cost-" + UUID.randomUUID(), "user")).ref();
        List<NewEvent> chunk = new ArrayList<>();
        for (int i = 0; i < history; i++) {
            chunk.add(NewEvent.message("user", "history " + i));
            if (chunk.size() == 100 || i == history - 1) {
                sessions.append(ref, chunk, null);
                chunk.clear();
            }
        }
        return ref;
    }

    private static String row(Backend backend, int history, String unit, long append, long read) {
        return String.format("| %-10s | %,7d | %-10s | %10d | %14d |%n", backend.name().toLowerCase(Locale.ROOT),
                history, unit, append, read);
    }
}
