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
        out.append(String.format("| %-10s | %-7s | %-28s | %-18s | %-18s |%n", "backend", "history", "unit",
                "per append", "per recent(20)"));
        out.append("|------------|--------:|------------------------------|--------------------|--------------------|\n");
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
                rows.add(row(backend, history, "statements sent", String.valueOf(append), String.valueOf(read)));
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
                CommandCount before = commands(connection);
                sessions.append(ref, NewEvent.message("user", "counted"));
                CommandCount append = commands(connection).minus(before);
                before = commands(connection);
                sessions.get(ref, EventWindow.recent(20));
                CommandCount read = commands(connection).minus(before);
                rows.add(row(Backend.REDIS, history, "round trips (commands in Lua)", append.toString(),
                        read.toString()));
            }
            return rows;
        }
        finally {
            stats.destroy();
            store.resources().close();
        }
    }

    /**
     * What the server executed so far, except the INFO calls that measure it. {@code commandstats} counts the
     * commands a script runs as well as the script call itself, so the client's round trips are the
     * EVALSHA/EVAL calls plus the commands that are neither scripts nor run by one (none, for this store).
     * Other clients of the same server would be counted too: run the report on a quiet server.
     */
    private static CommandCount commands(RedisConnection connection) {
        Properties info = connection.serverCommands().info("commandstats");
        long scripts = 0;
        long all = 0;
        for (String name : info.stringPropertyNames()) {
            if (name.startsWith("cmdstat_") && !name.equals("cmdstat_info")) {
                String value = info.getProperty(name);
                long calls = Long.parseLong(value.substring(value.indexOf("calls=") + 6, value.indexOf(',')));
                all += calls;
                if (name.equals("cmdstat_evalsha") || name.equals("cmdstat_eval")) {
                    scripts += calls;
                }
            }
        }
        return new CommandCount(scripts, all - scripts);
    }

    /**
     * Script calls, and the commands executed by scripts (or on their own).
     */
    private record CommandCount(long scripts, long others) {

        CommandCount minus(CommandCount earlier) {
            return new CommandCount(this.scripts - earlier.scripts, this.others - earlier.others);
        }

        @Override
        public String toString() {
            return this.scripts + " EVALSHA (" + this.others + " in Lua)";
        }

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

    private static String row(Backend backend, int history, String unit, String append, String read) {
        return String.format("| %-10s | %,7d | %-28s | %-18s | %-18s |%n", backend.name().toLowerCase(Locale.ROOT),
                history, unit, append, read);
    }
}
