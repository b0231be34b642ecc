package dev.agentsession.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.agentsession.store.SessionCodec;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Fills a test database with the tables of an older schema version holding data, for upgrade tests: today's store
 * writes the data under a prefix of its own, the older version's scripts create the database's tables, and the
 * columns these have are copied over, column by column, with the values the store writes. The source tables are
 * dropped afterwards.
 */
final class PreviousSchemaVersion {

    /** The tables of versions 1 and 2 that hold data (the auth sessions table aside). */
    static final List<String> VERSION_2_TABLES = List.of("SESSIONS", "EVENTS", "SESSION_STATE", "USER_STATE",
            "APP_STATE", "DOCUMENTS", "WAITS");

    /** The tables of version 3 that hold data (the auth sessions table aside). */
    static final List<String> VERSION_3_TABLES = List.of("SESSIONS", "EVENTS", "SESSION_STATE", "SESSION_METADATA",
            "USER_STATE", "APP_STATE", "DOCUMENTS", "WAITS");

    /** The tables of version 5 that hold data: version 3's, versions 4 and 5 added columns only. */
    static final List<String> VERSION_5_TABLES = VERSION_3_TABLES;

    private PreviousSchemaVersion() {
    }

    /**
     * Leaves {@code database} at schema {@code version} with what {@code writer} wrote in {@code tables}.
     * @param database an open database without the store's tables
     * @param version the schema version to leave it at
     * @param tables the tables of that version to copy
     * @param writer writes the data through a store of today's version
     */
    static void fill(JdbcTestDatabase database, int version, List<String> tables, Consumer<JdbcSessionStore> writer)
            throws SQLException {
        JdbcStoreSettings source = new JdbcStoreSettings(JdbcTestDatabase.randomPrefix(), null);
        new JdbcSchemaInitializer(database.dataSource(), source).createSchema();
        writer.accept(new JdbcSessionStore(database.dataSource(), source, new SessionCodec()));
        JdbcSchema schema = new JdbcSchema(database.dataSource(), database.settings());
        for (int v = 1; v <= version; v++) {
            String script = schema.migrationScript(v);
            new ResourceDatabasePopulator(
                    new ByteArrayResource(schema.resolvedScript(script).getBytes(StandardCharsets.UTF_8), script))
                .execute(database.dataSource());
        }
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : tables) {
                String target = database.table(table);
                List<String> columns = new ArrayList<>();
                try (var rs = statement.executeQuery("SELECT * FROM " + target + " WHERE 1 = 0")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnName(i));
                    }
                }
                String list = String.join(", ", columns);
                statement.executeUpdate("INSERT INTO " + target + " (" + list + ") SELECT " + list + " FROM "
                        + source.tablePrefix() + table);
            }
            restartSessionIds(connection, statement, database.table("SESSIONS"));
        }
        new JdbcSchemaInitializer(database.dataSource(), source).dropSchema();
    }

    /**
     * Moves the identity of the sessions table past the copied ids, so that sessions created after the upgrade get
     * new ones (H2 and PostgreSQL do not move it for rows inserted with their id; MySQL and SQLite do).
     */
    private static void restartSessionIds(Connection connection, Statement statement, String sessions)
            throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (product.contains("H2") || product.contains("PostgreSQL")) {
            long next;
            try (var rs = statement.executeQuery("SELECT COALESCE(MAX(ID), 0) + 1 FROM " + sessions)) {
                rs.next();
                next = rs.getLong(1);
            }
            statement.execute("ALTER TABLE " + sessions + " ALTER COLUMN ID RESTART WITH " + next);
        }
    }
}
