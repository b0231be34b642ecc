package dev.agentsession.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthContextCipher;
import dev.agentsession.auth.AuthDecryptionException;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthStatus;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.EpochMicros;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.UnreadableRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * An {@link AuthSessionStore} in the {@code AUTH_SESSIONS} table of a {@link DataSource} (H2, SQLite,
 * PostgreSQL, MySQL/MariaDB, or any database a {@link JdbcDialect} of your own describes), created by the same
 * schema script as the session tables. Every statement is built once per table prefix and dialect.
 *
 * <p>One row per {@link AuthSessionKey}, under a SHA-256 key of its parts. The {@link AuthContext} is written
 * only as {@link AuthContextCipher#seal(AuthSessionKey, AuthContext) sealed} text (AES-256-GCM, bound to the
 * key, naming the key id that wrote it); no token, refresh token or extra field is ever stored in clear.
 * Without a cipher, storing a session that holds a context fails before anything is written, and reading a
 * sealed row fails, both with a message saying how to set {@value AuthContextCipher#KEY_PROPERTY}. A row that
 * the configured keys cannot open raises {@link AuthDecryptionException} and is left as it is.
 *
 * <p>{@link #put(AuthSession)} is one transaction: it takes the resolve uid from any other row of the tenant
 * (a unique index enforces one holder) and upserts the row of the key, so concurrent puts of one key leave
 * exactly one intact row. A transaction that loses a lock or unique-key race runs again as a whole, after a
 * short exponential backoff with jitter. Every operation runs in a new transaction ({@code REQUIRES_NEW}), never
 * in the caller's, as in {@link JdbcSessionStore}.
 */
public final class JdbcAuthSessionStore implements AuthSessionStore {

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private static final String COLUMNS = """
            TENANT, THREAD_ID, PROFILE, PROVIDER, STATUS, SCOPED, SCOPES_JSON, RESOLVE_UID, CONTEXT_SEALED, \
            CREATED_AT, EXPIRES_AT\
            """;

    private static final String KEY_MATCHES = """
            KEY_HASH = ? AND TENANT = ? AND THREAD_ID = ? AND PROFILE = ? AND PROVIDER = ?\
            """;

    private final JdbcTemplate jdbc;

    private final RetryingTransactions transactions;

    private final SessionCodec codec;

    private final @Nullable AuthContextCipher cipher;

    private final UnreadableRecords unreadable = new UnreadableRecords();

    private final SingletonSupplier<JdbcDialect> dialect;

    private final SingletonSupplier<Sql> sql;

    /**
     * Creates a store whose transactions run on a {@link DataSourceTransactionManager} of the data source.
     * @param dataSource the database
     * @param settings the table prefix and dialect
     * @param codec the JSON form of the scopes
     * @param cipher encrypts the stored credentials, or {@code null} when no key is configured (then only
     * sessions without a context can be stored)
     */
    public JdbcAuthSessionStore(DataSource dataSource, JdbcStoreSettings settings, SessionCodec codec,
            @Nullable AuthContextCipher cipher) {
        this(dataSource, new DataSourceTransactionManager(dataSource), settings, codec, cipher);
    }

    /**
     * Creates a store.
     * @param dataSource the database
     * @param transactionManager a transaction manager of that data source, such as the application's; every
     * operation runs in a new transaction of its own ({@code REQUIRES_NEW})
     * @param settings the table prefix and dialect (a built-in one detected on first use when not set)
     * @param codec the JSON form of the scopes
     * @param cipher encrypts the stored credentials, or {@code null} when no key is configured (then only
     * sessions without a context can be stored)
     */
    public JdbcAuthSessionStore(DataSource dataSource, PlatformTransactionManager transactionManager,
            JdbcStoreSettings settings, SessionCodec codec, @Nullable AuthContextCipher cipher) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        Objects.requireNonNull(transactionManager, "transactionManager must not be null");
        Objects.requireNonNull(settings, "settings must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.cipher = cipher;
        this.jdbc = new JdbcTemplate(dataSource);
        // Two first puts of one key, or two sessions taking one resolve uid, race on a unique key: the loser's
        // transaction runs again and then updates the row the winner inserted.
        this.transactions = new RetryingTransactions(transactionManager, RetryingTransactions.AUTH_ATTEMPTS,
                (failure) -> JdbcErrors.isRetryable(failure)
                        || (failure instanceof DataAccessException access && JdbcErrors.isUniqueViolation(access)));
        // Detected on first use, so that a store can be created before its database is up.
        this.dialect = SingletonSupplier.of(() -> settings.dialectOf(dataSource));
        this.sql = SingletonSupplier.of(() -> Sql.of(settings, this.dialect.obtain()));
    }

    /**
     * The SQL dialect, the settings' one or else the built-in one detected from the first connection.
     * @return the dialect
     */
    public JdbcDialect dialect() {
        return this.dialect.obtain();
    }

    /**
     * Whether credentials can be stored: a cipher is configured.
     * @return {@code true} if a cipher is configured
     */
    public boolean canStoreCredentials() {
        return this.cipher != null;
    }

    /**
     * Stores a session in one transaction, replacing the row of its key and taking its resolve uid from any
     * other session of the tenant.
     * @throws IllegalStateException if the session holds a context and no cipher is configured; nothing is
     * written then
     */
    @Override
    public AuthSession put(AuthSession session) {
        Objects.requireNonNull(session, "session must not be null");
        AuthSessionKey key = session.key();
        AuthContext context = session.context();
        String sealed = (context != null) ? AuthContextCipher.require(this.cipher).seal(key, context) : null;
        String scopes = this.codec.writeValue(session.scopes().stream().sorted().toList());
        String resolveUid = session.resolveUid();
        byte[] keyHash = KeyHashes.auth(key);
        byte[] resolveHash = (resolveUid != null) ? KeyHashes.resolveUid(key.tenant(), resolveUid) : null;
        return this.transactions.write("store an auth session", () -> {
            if (resolveHash != null) {
                this.jdbc.update(this.sql.obtain().releaseResolveUid(), resolveHash, keyHash);
            }
            this.jdbc.update(this.sql.obtain().upsert(), keyHash, KeyHashes.authThread(key.tenant(), key.threadId()),
                    resolveHash, key.tenant(), key.threadId(), key.profile(), key.provider(), session.status().name(),
                    session.scoped(), scopes, resolveUid, sealed, EpochMicros.of(session.createdAt()),
                    EpochMicros.ofNullable(session.expiresAt()));
            return session;
        });
    }

    @Override
    public Optional<AuthSession> find(AuthSessionKey key, Instant now) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(now, "now must not be null");
        List<Row> rows = this.transactions.read("read an auth session", () -> this.jdbc.query(this.sql.obtain().find(),
                (rs, rowNum) -> Row.map(rs), KeyHashes.auth(key), key.tenant(), key.threadId(), key.profile(),
                key.provider(), EpochMicros.of(now)));
        return rows.stream().findFirst().map(this::toSession);
    }

    @Override
    public Optional<AuthSession> findByResolveUid(String tenant, String resolveUid, Instant now) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(resolveUid, "resolveUid must not be null");
        Objects.requireNonNull(now, "now must not be null");
        List<Row> rows = this.transactions.read("read an auth session", () -> this.jdbc.query(
                this.sql.obtain().findByResolveUid(), (rs, rowNum) -> Row.map(rs),
                KeyHashes.resolveUid(tenant, resolveUid), tenant, resolveUid, EpochMicros.of(now)));
        return rows.stream().findFirst().map(this::toSession);
    }

    @Override
    public List<AuthSession> listForThread(String tenant, String threadId, @Nullable String profile, Instant now) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(threadId, "threadId must not be null");
        Objects.requireNonNull(now, "now must not be null");
        List<Object> args = new ArrayList<>(List.of(KeyHashes.authThread(tenant, threadId), tenant, threadId));
        if (profile != null) {
            args.add(profile);
        }
        args.add(EpochMicros.of(now));
        String select = (profile != null) ? this.sql.obtain().listOfProfile() : this.sql.obtain().listOfThread();
        List<Row> rows = this.transactions.read("list auth sessions",
                () -> this.jdbc.query(select, (rs, rowNum) -> Row.map(rs), args.toArray()));
        // An auth session that cannot be read (corrupt columns or a damaged ciphertext) is skipped and reported: it
        // must not hide the thread's other auth sessions.
        List<AuthSession> found = new ArrayList<>(rows.size());
        for (Row row : rows) {
            try {
                found.add(toSession(row));
            }
            catch (SessionDataCorruptedException ex) {
                this.unreadable.skipped("list auth sessions", ex);
            }
            catch (AuthDecryptionException ex) {
                // A key missing from the configuration fails the whole listing: it is no damaged record.
                if (row.sealed() == null || !AuthContextCipher.require(this.cipher).hasKeyFor(row.sealed())) {
                    throw ex;
                }
                this.unreadable.skipped("list auth sessions", new SessionDataCorruptedException(null,
                        "context of auth session " + row.key(), null));
            }
        }
        return found;
    }

    @Override
    public boolean delete(AuthSessionKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return this.transactions.write("delete an auth session", () -> this.jdbc.update(this.sql.obtain().delete(),
                KeyHashes.auth(key), key.tenant(), key.threadId(), key.profile(), key.provider()) > 0);
    }

    @Override
    public int deleteThread(String tenant, String threadId) {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(threadId, "threadId must not be null");
        return this.transactions.write("delete a thread's auth sessions", () -> this.jdbc.update(
                this.sql.obtain().deleteThread(), KeyHashes.authThread(tenant, threadId), tenant, threadId));
    }

    /**
     * Deletes expired auth sessions in one statement.
     * @param now the current time; sessions whose expiry is not after it are deleted
     * @return how many were deleted
     */
    public int deleteExpired(Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        return this.transactions.write("delete expired auth sessions",
                () -> this.jdbc.update(this.sql.obtain().deleteExpired(), EpochMicros.of(now)));
    }

    private AuthSession toSession(Row row) {
        AuthSessionKey key = row.key();
        AuthContext context = null;
        if (row.sealed() != null) {
            context = AuthContextCipher.require(this.cipher).open(key, row.sealed());
        }
        Set<String> scopes;
        try {
            scopes = Set.copyOf(this.codec.mapper().readValue(row.scopesJson(), STRING_LIST));
        }
        catch (JacksonException ex) {
            throw new SessionDataCorruptedException(null, "scopes of auth session " + key, ex);
        }
        AuthStatus status;
        try {
            status = AuthStatus.valueOf(row.status());
        }
        catch (IllegalArgumentException ex) {
            throw new SessionDataCorruptedException(null, "status of auth session " + key, null);
        }
        return new AuthSession(key, status, context, row.scoped(), scopes,
                row.resolveUid(), EpochMicros.toInstant(row.createdAt()),
                EpochMicros.toInstantOrNull(row.expiresAt()));
    }

    /**
     * One row of the auth sessions table, the context still sealed.
     */
    private record Row(String tenant, String threadId, String profile, String provider, String status,
            boolean scoped, String scopesJson, @Nullable String resolveUid, @Nullable String sealed, long createdAt,
            @Nullable Long expiresAt) {

        AuthSessionKey key() {
            return new AuthSessionKey(this.tenant, this.threadId, this.profile, this.provider);
        }

        static Row map(ResultSet rs) throws SQLException {
            long expires = rs.getLong("EXPIRES_AT");
            Long expiresAt = rs.wasNull() ? null : expires;
            return new Row(rs.getString("TENANT"), rs.getString("THREAD_ID"), rs.getString("PROFILE"),
                    rs.getString("PROVIDER"), rs.getString("STATUS"), rs.getBoolean("SCOPED"),
                    Objects.requireNonNull(rs.getString("SCOPES_JSON")), rs.getString("RESOLVE_UID"),
                    rs.getString("CONTEXT_SEALED"), rs.getLong("CREATED_AT"), expiresAt);
        }
    }

    /**
     * The statements on the auth sessions table of one prefix and dialect.
     */
    private record Sql(String releaseResolveUid, String upsert, String find, String findByResolveUid,
            String listOfThread, String listOfProfile, String delete, String deleteThread, String deleteExpired) {

        static Sql of(JdbcStoreSettings settings, JdbcDialect dialect) {
            String listOfThread = """
                    SELECT %s FROM ${prefix}AUTH_SESSIONS
                    WHERE THREAD_HASH = ? AND TENANT = ? AND THREAD_ID = ?%s AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                    ORDER BY PROFILE, PROVIDER
                    """;
            return new Sql(
                    settings.resolve("""
                            UPDATE ${prefix}AUTH_SESSIONS SET RESOLVE_HASH = NULL, RESOLVE_UID = NULL
                            WHERE RESOLVE_HASH = ? AND KEY_HASH <> ?
                            """),
                    dialect.upsert(settings.resolve("${prefix}AUTH_SESSIONS"), List.of("KEY_HASH"),
                            List.of("THREAD_HASH", "RESOLVE_HASH", "TENANT", "THREAD_ID", "PROFILE", "PROVIDER",
                                    "STATUS", "SCOPED", "SCOPES_JSON", "RESOLVE_UID", "CONTEXT_SEALED", "CREATED_AT",
                                    "EXPIRES_AT")),
                    settings.resolve("""
                            SELECT %s FROM ${prefix}AUTH_SESSIONS WHERE %s AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                            """.formatted(COLUMNS, KEY_MATCHES)),
                    settings.resolve("""
                            SELECT %s FROM ${prefix}AUTH_SESSIONS WHERE RESOLVE_HASH = ? AND TENANT = ?
                            AND RESOLVE_UID = ? AND (EXPIRES_AT IS NULL OR EXPIRES_AT > ?)
                            """.formatted(COLUMNS)),
                    settings.resolve(listOfThread.formatted(COLUMNS, "")),
                    settings.resolve(listOfThread.formatted(COLUMNS, " AND PROFILE = ?")),
                    settings.resolve("DELETE FROM ${prefix}AUTH_SESSIONS WHERE " + KEY_MATCHES),
                    settings.resolve("""
                            DELETE FROM ${prefix}AUTH_SESSIONS WHERE THREAD_HASH = ? AND TENANT = ? AND THREAD_ID = ?
                            """),
                    settings.resolve("DELETE FROM ${prefix}AUTH_SESSIONS WHERE EXPIRES_AT <= ?"));
        }
    }
}
