package dev.agentsession.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of Agent Session, bound from {@code agent.session.*}.
 */
@ConfigurationProperties("agent.session")
public class AgentSessionProperties {

    /**
     * Where sessions are stored. When unset: redis if a RedisConnectionFactory bean exists, else jdbc if a
     * DataSource exists, else memory.
     */
    private @Nullable StoreType storeType;

    /**
     * How long a session lives after its last write. Unset: sessions never expire.
     */
    private @Nullable Duration ttl;

    /**
     * Largest event accepted, measured on its JSON form. Larger events are refused before any write.
     */
    private DataSize maxEventSize = DataSize.ofMegabytes(1);

    private final Memory memory = new Memory();

    private final Waits waits = new Waits();

    private final Auth auth = new Auth();

    private final Jdbc jdbc = new Jdbc();

    private final Redis redis = new Redis();

    /**
     * The store type.
     * @return the store type, or {@code null} to detect it
     */
    public @Nullable StoreType getStoreType() {
        return this.storeType;
    }

    /**
     * Sets the store type.
     * @param storeType the store type, or {@code null} to detect it
     */
    public void setStoreType(@Nullable StoreType storeType) {
        this.storeType = storeType;
    }

    /**
     * The session time-to-live.
     * @return the time-to-live, or {@code null} for none
     */
    public @Nullable Duration getTtl() {
        return this.ttl;
    }

    /**
     * Sets the session time-to-live.
     * @param ttl the time-to-live, or {@code null} for none
     */
    public void setTtl(@Nullable Duration ttl) {
        this.ttl = ttl;
    }

    /**
     * The largest event accepted.
     * @return the size
     */
    public DataSize getMaxEventSize() {
        return this.maxEventSize;
    }

    /**
     * Sets the largest event accepted.
     * @param maxEventSize the size
     */
    public void setMaxEventSize(DataSize maxEventSize) {
        this.maxEventSize = maxEventSize;
    }

    /**
     * The memory store settings.
     * @return the settings
     */
    public Memory getMemory() {
        return this.memory;
    }

    /**
     * The wait settings.
     * @return the settings
     */
    public Waits getWaits() {
        return this.waits;
    }

    /**
     * The auth session settings.
     * @return the settings
     */
    public Auth getAuth() {
        return this.auth;
    }

    /**
     * The JDBC store settings.
     * @return the settings
     */
    public Jdbc getJdbc() {
        return this.jdbc;
    }

    /**
     * The Redis store settings.
     * @return the settings
     */
    public Redis getRedis() {
        return this.redis;
    }

    /**
     * Settings of the memory store.
     */
    public static class Memory {

        /**
         * Most sessions kept in memory; the least recently used are evicted beyond it.
         */
        private long maximumSessions = 10_000;

        /**
         * The most sessions kept.
         * @return the maximum
         */
        public long getMaximumSessions() {
            return this.maximumSessions;
        }

        /**
         * Sets the most sessions kept.
         * @param maximumSessions the maximum
         */
        public void setMaximumSessions(long maximumSessions) {
            this.maximumSessions = maximumSessions;
        }

    }

    /**
     * Settings of paused-flow waits.
     */
    public static class Waits {

        /**
         * How long a wait stays valid when its registration names no time-to-live. A wait never outlives
         * its session.
         */
        private Duration defaultTtl = Duration.ofDays(1);

        /**
         * The default wait time-to-live.
         * @return the time-to-live
         */
        public Duration getDefaultTtl() {
            return this.defaultTtl;
        }

        /**
         * Sets the default wait time-to-live.
         * @param defaultTtl the time-to-live
         */
        public void setDefaultTtl(Duration defaultTtl) {
            this.defaultTtl = defaultTtl;
        }

    }

    /**
     * Settings of auth sessions.
     */
    public static class Auth {

        /**
         * Base64 of the 32-byte AES-256 key that encrypts credentials on the jdbc and redis stores. Generate one
         * with: openssl rand -base64 32.
         */
        private @Nullable String encryptionKey;

        /**
         * Earlier encryption keys (base64), still accepted for reading after a rotation.
         */
        private List<String> previousKeys = new ArrayList<>();

        /**
         * How long a login in progress (a PENDING auth session) waits for its callback.
         */
        private Duration pendingTtl = Duration.ofMinutes(15);

        /**
         * The current encryption key.
         * @return the key, or {@code null}
         */
        public @Nullable String getEncryptionKey() {
            return this.encryptionKey;
        }

        /**
         * Sets the current encryption key.
         * @param encryptionKey base64 of 32 bytes
         */
        public void setEncryptionKey(@Nullable String encryptionKey) {
            this.encryptionKey = encryptionKey;
        }

        /**
         * The earlier keys accepted for reading.
         * @return the keys
         */
        public List<String> getPreviousKeys() {
            return this.previousKeys;
        }

        /**
         * Sets the earlier keys accepted for reading.
         * @param previousKeys base64 of 32 bytes each
         */
        public void setPreviousKeys(List<String> previousKeys) {
            this.previousKeys = previousKeys;
        }

        /**
         * The pending login time-to-live.
         * @return the time-to-live
         */
        public Duration getPendingTtl() {
            return this.pendingTtl;
        }

        /**
         * Sets the pending login time-to-live.
         * @param pendingTtl the time-to-live
         */
        public void setPendingTtl(Duration pendingTtl) {
            this.pendingTtl = pendingTtl;
        }

    }

    /**
     * Settings of the JDBC store.
     */
    public static class Jdbc {

        /**
         * When to create the tables and apply the schema migrations at startup: embedded (H2 and SQLite only),
         * always, or never (Flyway, Liquibase or you run the migrations).
         */
        private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

        /**
         * Prefix of every table name; a plain SQL identifier.
         */
        private String tablePrefix = "AGENT_";

        /**
         * Database platform: h2, sqlite, postgresql or mysql (also MariaDB). Unset: detected from the connection.
         */
        private @Nullable String platform;

        /**
         * When to delete expired sessions, waits and auth sessions (Spring cron, six fields), or "-" to disable.
         * Safe to run on several nodes at once.
         */
        private String cleanupCron = "0 * * * * *";

        /**
         * Most expired sessions deleted by one cleanup transaction.
         */
        private int cleanupBatchSize = 500;

        /**
         * The schema initialization mode.
         * @return the mode
         */
        public DatabaseInitializationMode getInitializeSchema() {
            return this.initializeSchema;
        }

        /**
         * Sets the schema initialization mode.
         * @param initializeSchema the mode
         */
        public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        /**
         * The table prefix.
         * @return the prefix
         */
        public String getTablePrefix() {
            return this.tablePrefix;
        }

        /**
         * Sets the table prefix.
         * @param tablePrefix the prefix
         */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        /**
         * The database platform.
         * @return the platform, or {@code null} to detect it
         */
        public @Nullable String getPlatform() {
            return this.platform;
        }

        /**
         * Sets the database platform.
         * @param platform the platform, or {@code null} to detect it
         */
        public void setPlatform(@Nullable String platform) {
            this.platform = platform;
        }

        /**
         * The cleanup schedule.
         * @return the cron expression, or "-"
         */
        public String getCleanupCron() {
            return this.cleanupCron;
        }

        /**
         * Sets the cleanup schedule.
         * @param cleanupCron the cron expression, or "-"
         */
        public void setCleanupCron(String cleanupCron) {
            this.cleanupCron = cleanupCron;
        }

        /**
         * The cleanup batch size.
         * @return the batch size
         */
        public int getCleanupBatchSize() {
            return this.cleanupBatchSize;
        }

        /**
         * Sets the cleanup batch size.
         * @param cleanupBatchSize the batch size
         */
        public void setCleanupBatchSize(int cleanupBatchSize) {
            this.cleanupBatchSize = cleanupBatchSize;
        }

    }

    /**
     * Settings of the Redis store.
     */
    public static class Redis {

        /**
         * Prefix of every key; no '{', '}', whitespace or control characters.
         */
        private String namespace = "agent:session";

        /**
         * The key namespace.
         * @return the namespace
         */
        public String getNamespace() {
            return this.namespace;
        }

        /**
         * Sets the key namespace.
         * @param namespace the namespace
         */
        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

    }
}
