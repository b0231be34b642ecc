package dev.agentsession.jdbc;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.agentsession.Identifiers;
import dev.agentsession.SessionRef;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * The three state tables, one row per key: {@code SESSION_STATE} under the session's row id, {@code USER_STATE}
 * under the SHA-256 of (tenant, app, user) and {@code APP_STATE} under the SHA-256 of (tenant, app). Changes are
 * written as at most one batch of upserts and one batch of deletes per scope; a session's merged state is read in
 * one query.
 */
final class StateTables {

    private final JdbcTemplate jdbc;

    private final NamedParameterJdbcTemplate namedJdbc;

    private final SessionCodec codec;

    private final SingletonSupplier<Sql> sql;

    StateTables(JdbcTemplate jdbc, SessionCodec codec, JdbcStoreSettings settings, Supplier<JdbcDialect> dialect) {
        this.jdbc = jdbc;
        this.namedJdbc = new NamedParameterJdbcTemplate(jdbc);
        this.codec = codec;
        this.sql = SingletonSupplier.of(() -> Sql.of(settings, dialect.get()));
    }

    /**
     * Checks the keys before anything is written, by the one rule of every store (the manager has checked them
     * already; a caller of the store itself may not have).
     * @throws IllegalArgumentException if a key breaks {@link Identifiers#requireValidStateKey(String)}
     */
    static void requireKeys(StateChanges changes) {
        for (Map<String, @Nullable Object> scope : List.of(changes.session(), changes.user(), changes.app())) {
            scope.keySet().forEach(Identifiers::requireValidStateKey);
        }
    }

    /**
     * Applies state changes: per scope one batch of upserts and one batch of deletes, each only if needed.
     */
    void apply(SessionRef ref, long pk, StateChanges changes) {
        Sql statements = this.sql.obtain();
        apply(statements.session(), changes.session(), pk, List.of());
        // The hashes only for a scope that changes: most writes change session state or none.
        if (!changes.user().isEmpty()) {
            apply(statements.user(), changes.user(), KeyHashes.user(ref),
                    List.of(KeyHashes.app(ref), ref.tenant(), ref.app(), ref.userId()));
        }
        if (!changes.app().isEmpty()) {
            apply(statements.app(), changes.app(), KeyHashes.app(ref), List.of());
        }
    }

    private void apply(Scope scope, Map<String, @Nullable Object> changes, Object owner, List<Object> extraValues) {
        List<Object[]> upserts = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        changes.forEach((key, value) -> {
            if (value == null) {
                deletes.add(new Object[] { owner, key });
            }
            else {
                List<Object> row = new ArrayList<>(List.of(owner, key));
                row.addAll(extraValues);
                row.add(this.codec.writeValue(value));
                upserts.add(row.toArray());
            }
        });
        if (!upserts.isEmpty()) {
            JdbcErrors.batch("upsert of state values", () -> this.jdbc.batchUpdate(scope.upsert(), upserts));
        }
        if (!deletes.isEmpty()) {
            this.jdbc.batchUpdate(scope.delete(), deletes);
        }
    }

    /**
     * The merged state of a session, its app and its user, in one query. The app and user state are found by the
     * session row's hashes, so that a read computes none.
     */
    Map<String, Object> read(SessionRef ref, long pk) {
        MergedState merged = new MergedState(this.codec, ref);
        this.jdbc.query(this.sql.obtain().read(), (ResultSet rs) -> {
            merged.add(Objects.requireNonNull(rs.getString(1)), Objects.requireNonNull(rs.getString(2)),
                    Objects.requireNonNull(rs.getString(3)));
        }, pk, pk, pk);
        return merged.merge();
    }

    void deleteOfSessions(List<Long> ids) {
        this.namedJdbc.update(this.sql.obtain().deleteOfSessions(), Map.of("ids", ids));
    }

    /**
     * The {@code user:} state of a user in each app of a tenant that holds some, ordered by app.
     */
    Map<String, Map<String, Object>> ofUser(String tenant, String userId) {
        Map<String, Map<String, Object>> byApp = new TreeMap<>();
        this.jdbc.query(this.sql.obtain().readOfUser(), (ResultSet rs) -> {
            String app = rs.getString("APP");
            String key = rs.getString("STATE_KEY");
            Object value = this.codec.normalize(key, this.codec.readValue(null,
                    "user state value '" + key + "' in app '" + app + "'",
                    Objects.requireNonNull(rs.getString("VALUE_JSON"))));
            byApp.computeIfAbsent(app, (a) -> new LinkedHashMap<>()).put(key, value);
        }, tenant, userId);
        byApp.replaceAll((app, state) -> Map.copyOf(state));
        return byApp;
    }

    /**
     * Deletes the {@code user:} state of a user in every app of a tenant.
     */
    void deleteOfUser(String tenant, String userId) {
        this.jdbc.update(this.sql.obtain().deleteOfUser(), tenant, userId);
    }

    /**
     * Deletes the user and app state of an app.
     */
    void deleteOfApp(String tenant, String app) {
        byte[] appHash = KeyHashes.app(tenant, app);
        this.jdbc.update(this.sql.obtain().deleteUserStateOfApp(), (Object) appHash);
        this.jdbc.update(this.sql.obtain().deleteAppStateOfApp(), (Object) appHash);
    }

    /**
     * The statements that write one scope's table.
     */
    private record Scope(String upsert, String delete) {

        static Scope of(JdbcStoreSettings settings, JdbcDialect dialect, String table, String ownerColumn,
                List<String> extraColumns) {
            String name = settings.resolve("${prefix}" + table);
            List<String> values = new ArrayList<>(extraColumns);
            values.add("VALUE_JSON");
            return new Scope(dialect.upsert(name, List.of(ownerColumn, "STATE_KEY"), values),
                    "DELETE FROM " + name + " WHERE " + ownerColumn + " = ? AND STATE_KEY = ?");
        }
    }

    /**
     * The statements on the state tables of one prefix and dialect.
     */
    private record Sql(Scope session, Scope user, Scope app, String read, String readOfUser, String deleteOfSessions,
            String deleteUserStateOfApp, String deleteAppStateOfApp, String deleteOfUser) {

        static Sql of(JdbcStoreSettings settings, JdbcDialect dialect) {
            return new Sql(Scope.of(settings, dialect, "SESSION_STATE", "SESSION_PK", List.of()),
                    Scope.of(settings, dialect, "USER_STATE", "USER_HASH", List.of("APP_HASH", "TENANT", "APP",
                            "USER_ID")),
                    Scope.of(settings, dialect, "APP_STATE", "APP_HASH", List.of()),
                    // Read after every append: on H2 a union is parsed anew on each call unless wrapped.
                    dialect.repeatedUnion(settings.resolve("""
                            SELECT 'A' AS SCOPE, A.STATE_KEY, A.VALUE_JSON FROM ${prefix}APP_STATE A
                                JOIN ${prefix}SESSIONS S ON A.APP_HASH = S.APP_HASH WHERE S.ID = ?
                            UNION ALL SELECT 'U' AS SCOPE, U.STATE_KEY, U.VALUE_JSON FROM ${prefix}USER_STATE U
                                JOIN ${prefix}SESSIONS S ON U.USER_HASH = S.USER_HASH WHERE S.ID = ?
                            UNION ALL SELECT 'S' AS SCOPE, STATE_KEY, VALUE_JSON FROM ${prefix}SESSION_STATE
                                WHERE SESSION_PK = ?
                            """)),
                    settings.resolve("""
                            SELECT APP, STATE_KEY, VALUE_JSON FROM ${prefix}USER_STATE WHERE TENANT = ? AND USER_ID = ?
                            """),
                    settings.resolve("DELETE FROM ${prefix}SESSION_STATE WHERE SESSION_PK IN (:ids)"),
                    settings.resolve("DELETE FROM ${prefix}USER_STATE WHERE APP_HASH = ?"),
                    settings.resolve("DELETE FROM ${prefix}APP_STATE WHERE APP_HASH = ?"),
                    settings.resolve("DELETE FROM ${prefix}USER_STATE WHERE TENANT = ? AND USER_ID = ?"));
        }
    }
}
