package dev.agentsession.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.MutableClock;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of a listing walks its index in order and stops after the page, on every database, checked on the
 * database's own plan of the statement the store sends (with its parameters): no sort of the app's or user's
 * sessions. The 20,000 sessions are loaded in one batch and never analyzed, the case where PostgreSQL, without
 * statistics, sorted the whole app (a bitmap scan and a top-N sort) where it now walks the index backwards.
 */
@OnEveryJdbcPlatform
class JdbcListingPlanTests {

    private static final int SESSIONS = 20_000;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Parameter
    JdbcTestDatabase database;

    private SessionManager sessions;

    private String dialect;

    private String app;

    @BeforeParameterizedClassInvocation
    static void openDatabase(JdbcTestDatabase database) {
        database.open();
    }

    @BeforeEach
    void fill() {
        JdbcSessionStore store = new JdbcSessionStore(recording(this.database.dataSource()),
                this.database.settings(), new SessionCodec());
        this.sessions = new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(this.clock),
                this.clock, new SessionCodec(), SessionSettings.defaults());
        this.dialect = store.dialect().id();
        this.app = "app-" + UUID.randomUUID();
        // Loaded in one batch, never analyzed: what a bulk load or a restore leaves behind.
        List<Object[]> rows = new ArrayList<>(SESSIONS);
        long micros = EpochMicros.of(this.clock.instant());
        for (int i = 0; i < SESSIONS; i++) {
            SessionRef ref = new SessionRef(SessionRef.DEFAULT_TENANT, this.app, "user-" + (i % 3), "session-" + i);
            rows.add(new Object[] { KeyHashes.session(ref), KeyHashes.app(ref), KeyHashes.user(ref), ref.tenant(),
                    ref.app(), ref.userId(), ref.sessionId(), micros + i, micros + i });
        }
        JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
        new TransactionTemplate(new DataSourceTransactionManager(this.database.dataSource()))
            .executeWithoutResult((status) -> jdbc.batchUpdate(this.database.settings().resolve("""
                    INSERT INTO ${prefix}SESSIONS (REF_HASH, APP_HASH, USER_HASH, TENANT, APP, USER_ID, SESSION_ID,
                        STATUS, METADATA_JSON, FLOW_JSON, EVENT_COUNT, VERSION, CREATED_AT, UPDATED_AT, EXPIRES_AT)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', '{}', NULL, 0, 1, ?, ?, NULL)
                    """), rows));
    }

    @Test
    void listWhenAppHasManySessionsThenEachPageWalksTheIndexInOrder() throws SQLException {
        SessionQuery query = SessionQuery.forApp(this.app).withLimit(50);
        String first = planOf(() -> this.sessions.list(query));
        String token = this.sessions.list(query).nextPageToken();
        String second = planOf(() -> this.sessions.list(query.withPageToken(token)));

        assertWalksIndex(first, "SESSIONS_APP_IDX");
        assertWalksIndex(second, "SESSIONS_APP_IDX");
    }

    @Test
    void listWhenUserHasManySessionsThenEachPageWalksTheIndexInOrder() throws SQLException {
        SessionQuery query = SessionQuery.forApp(this.app).withUser("user-1").withLimit(50);
        String first = planOf(() -> this.sessions.list(query));
        String token = this.sessions.list(query).nextPageToken();
        String second = planOf(() -> this.sessions.list(query.withPageToken(token)));

        assertWalksIndex(first, "SESSIONS_USER_IDX");
        assertWalksIndex(second, "SESSIONS_USER_IDX");
    }

    private void assertWalksIndex(String plan, String index) {
        assertThat(plan.toUpperCase(Locale.ROOT)).contains(index);
        switch (this.dialect) {
            case "h2" -> assertThat(plan).contains("index sorted");
            case "postgresql" -> assertThat(plan).contains("Index Scan Backward").doesNotContain("Sort");
            case "mysql" -> assertThat(plan).doesNotContainIgnoringCase("filesort");
            default -> assertThat(plan).doesNotContainIgnoringCase("TEMP B-TREE");
        }
    }

    /**
     * The database's plan of the one statement an operation sent, with the parameters it bound.
     */
    private String planOf(Runnable operation) throws SQLException {
        this.sent.clear();
        operation.run();
        assertThat(this.sent).hasSize(1);
        Sent statement = this.sent.get(0);
        String explain = this.dialect.equals("sqlite") ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        try (Connection connection = this.database.dataSource().getConnection();
                PreparedStatement plan = connection.prepareStatement(explain + statement.sql())) {
            for (Bound bound : statement.parameters()) {
                bound.method().invoke(plan, bound.args());
            }
            StringBuilder text = new StringBuilder();
            try (ResultSet rows = plan.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        text.append(rows.getString(i)).append(' ');
                    }
                    text.append('\n');
                }
            }
            return text.toString();
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private DataSource recording(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) -> (result instanceof Connection connection)
                ? proxy(Connection.class, connection, (call, callArgs, value) -> {
                    if (value instanceof PreparedStatement prepared && call.getName().equals("prepareStatement")) {
                        return recordingStatement((String) callArgs[0], prepared);
                    }
                    return value;
                }) : result);
    }

    private PreparedStatement recordingStatement(String sql, PreparedStatement prepared) {
        List<Bound> parameters = new ArrayList<>();
        return proxy(PreparedStatement.class, prepared, (method, args, result) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                parameters.add(new Bound(method, args.clone()));
            }
            else if (method.getName().equals("executeQuery")) {
                this.sent.add(new Sent(sql, List.copyOf(parameters)));
            }
            return result;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, Wrapper wrapper) {
        return (T) Proxy.newProxyInstance(JdbcListingPlanTests.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> {
                    try {
                        return wrapper.wrap(method, args, method.invoke(target, args));
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    @FunctionalInterface
    private interface Wrapper {

        Object wrap(Method method, Object[] args, Object result);

    }

    private record Sent(String sql, List<Bound> parameters) {
    }

    private record Bound(Method method, Object[] args) {
    }
}
