package dev.agentsession.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.SessionCodec;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The dialect comes from the settings, or else from the connection's product name (MariaDB uses the MySQL
 * one); a dialect of the user's own runs the store on a database detection does not know.
 */
class JdbcDialectTests {

    @ParameterizedTest
    @CsvSource({ "H2, H2", "SQLite, SQLITE", "PostgreSQL, POSTGRESQL", "MySQL, MARIADB", "MariaDB, MARIADB" })
    void fromProductNameWhenSupportedThenBuiltInDialect(String productName, JdbcTestPlatform expected) {
        assertThat(JdbcDialect.fromProductName(productName)).isInstanceOf(expected.dialect().getClass());
    }

    @Test
    void fromProductNameWhenUnsupportedThenFailsListingTheSupportedOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcDialect.fromProductName("Oracle"))
            .withMessageContaining("Oracle")
            .withMessageContaining("h2, sqlite, postgresql, mysql")
            .withMessageContaining("agent.session.jdbc.platform")
            .withMessageContaining("JdbcDialect of your own");
    }

    @ParameterizedTest
    @CsvSource({ "h2, H2", "SQLITE, SQLITE", "' postgresql ', POSTGRESQL", "mysql, MARIADB" })
    void namedWhenBuiltInNameInAnyCaseThenThatDialect(String name, JdbcTestPlatform expected) {
        assertThat(JdbcDialect.named(name)).isInstanceOf(expected.dialect().getClass());
    }

    @Test
    void namedWhenUnknownThenFailsListingTheBuiltInNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcDialect.named("oracle"))
            .withMessageContaining("'oracle'")
            .withMessageContaining("h2, sqlite, postgresql, mysql");
    }

    @Test
    void detectWhenEmbeddedDatabasesThenFromTheConnection() {
        try (JdbcTestDatabase h2 = JdbcTestDatabase.of(JdbcTestPlatform.H2).open();
                JdbcTestDatabase sqlite = JdbcTestDatabase.of(JdbcTestPlatform.SQLITE).open()) {
            assertThat(JdbcDialect.detect(h2.dataSource())).isInstanceOf(H2Dialect.class);
            assertThat(JdbcDialect.detect(sqlite.dataSource())).isInstanceOf(SqliteDialect.class);
            assertThat(h2.store().dialect()).isInstanceOf(H2Dialect.class);
        }
    }

    @Test
    void detectWhenServerDatabasesThenFromTheConnection() {
        try (JdbcTestDatabase postgresql = JdbcTestDatabase.of(JdbcTestPlatform.POSTGRESQL).open();
                JdbcTestDatabase mariadb = JdbcTestDatabase.of(JdbcTestPlatform.MARIADB).open()) {
            assertThat(JdbcDialect.detect(postgresql.dataSource())).isInstanceOf(PostgresqlDialect.class);
            assertThat(JdbcDialect.detect(mariadb.dataSource())).isInstanceOf(MysqlDialect.class);
        }
    }

    @Test
    void scriptsWhenAnyBuiltInDialectThenEveryMigrationAndTheDropScriptShippedOnTheClasspath() {
        for (JdbcDialect dialect : JdbcDialect.builtIn()) {
            JdbcSchema schema = new JdbcSchema(new JdbcDataSource(),
                    JdbcStoreSettings.defaults().withDialect(dialect));
            assertThat(schema.migrationScripts()).hasSize(JdbcSchema.CURRENT_VERSION)
                .allSatisfy((script) -> assertThat(getClass().getClassLoader().getResource(script)).as(script)
                    .isNotNull());
            assertThat(getClass().getClassLoader().getResource(dialect.dropScript())).as(dialect.dropScript())
                .isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcTestPlatform.class)
    void writeLockStatementWhenDatabaseHasNoRowLocksThenInsteadOfForUpdate(JdbcTestPlatform platform) {
        JdbcDialect dialect = platform.dialect();
        if (platform == JdbcTestPlatform.SQLITE) {
            assertThat(dialect.forUpdate()).isEmpty();
            assertThat(dialect.forUpdateSkipLocked()).isEmpty();
            assertThat(dialect.writeLockStatement("P_SESSIONS")).startsWith("UPDATE P_SESSIONS ");
        }
        else {
            assertThat(dialect.forUpdate()).isEqualTo("FOR UPDATE");
            assertThat(dialect.forUpdateSkipLocked()).isEqualTo("FOR UPDATE SKIP LOCKED");
            assertThat(dialect.writeLockStatement("P_SESSIONS")).isNull();
        }
    }

    @Test
    void storeWhenSettingsGiveADialectOfTheUsersOwnThenRunsOnItWithoutDetection() {
        try (JdbcTestDatabase h2 = JdbcTestDatabase.of(JdbcTestPlatform.H2).open(false)) {
            DataSource unknown = reportingProduct(h2.dataSource(), "Acme SQL");
            assertThatIllegalArgumentException().isThrownBy(() -> JdbcDialect.detect(unknown))
                .withMessageContaining("Acme SQL");
            AcmeDialect acme = new AcmeDialect();
            JdbcStoreSettings settings = h2.settings().withDialect(acme);
            JdbcSchemaInitializer initializer = new JdbcSchemaInitializer(unknown, settings);
            assertThat(initializer.createSchema()).hasSize(JdbcSchema.CURRENT_VERSION);
            try {
                JdbcSessionStore store = new JdbcSessionStore(unknown, settings, new SessionCodec());
                SessionManager sessions = new DefaultSessionManager(store, store,
                        new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                        SessionSettings.defaults());
                SessionRef ref = sessions.create(NewSession.forUser("acme-app", "alice")).ref();
                sessions.append(ref, NewEvent.message("user", "hello").withStateDelta(Map.of("k", 1)));
                sessions.registerWait(ref, ReplyScope.of("web", "c1"),
                        new FlowState("booking", "ask", JsonNodeFactory.instance.objectNode()));

                assertThat(store.dialect()).isSameAs(acme);
                assertThat(sessions.get(ref, EventWindow.all()).state()).containsEntry("k", 1);
                assertThat(sessions.resume(WaitKey.of(ref, ReplyScope.of("web", "c1")))).isPresent();
                assertThat(acme.upserts).hasPositiveValue();
                assertThat(store.find(ref, EventWindow.none(), Instant.now())).isPresent();
            }
            finally {
                initializer.dropSchema();
            }
        }
    }

    /**
     * A data source whose connections report another database product.
     */
    private static DataSource reportingProduct(DataSource target, String productName) {
        return proxy(DataSource.class, target, (method, result) -> (result instanceof Connection connection)
                ? proxy(Connection.class, connection, (m, r) -> (r instanceof DatabaseMetaData metaData)
                        ? proxy(DatabaseMetaData.class, metaData,
                                (mm, rr) -> mm.getName().equals("getDatabaseProductName") ? productName : rr)
                        : r)
                : result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, ResultMapper mapper) {
        return (T) Proxy.newProxyInstance(JdbcDialectTests.class.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    try {
                        return mapper.map(method, method.invoke(target, args));
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    private interface ResultMapper {

        @Nullable Object map(Method method, @Nullable Object result);
    }

    /**
     * A dialect a user writes for a database the store does not know: here one that speaks H2's SQL and creates
     * its tables with H2's scripts.
     */
    static final class AcmeDialect implements JdbcDialect {

        private final AtomicInteger upserts = new AtomicInteger();

        @Override
        public String id() {
            return "acme";
        }

        @Override
        public boolean isEmbedded() {
            return true;
        }

        @Override
        public String migrationLocation() {
            return new H2Dialect().migrationLocation();
        }

        @Override
        public String dropScript() {
            return new H2Dialect().dropScript();
        }

        @Override
        public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
            this.upserts.incrementAndGet();
            return "MERGE INTO " + table + " (" + String.join(", ", keyColumns) + ", "
                    + String.join(", ", valueColumns) + ") KEY (" + String.join(", ", keyColumns) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(keyColumns.size() + valueColumns.size(), "?"))
                    + ")";
        }
    }
}
