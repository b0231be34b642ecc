-- Agent Session JDBC store, MySQL 8 and MariaDB 10.6+.
-- Version 1 of the schema. The placeholder before every table and index name is the table prefix
-- (agent.session.jdbc.table-prefix, default AGENT_): the store's initializer replaces it, Flyway takes it as a
-- placeholder and Liquibase as a changelog parameter. Later versions come as V2__agent_session.sql and on.
-- Times are epoch microseconds. Hash columns are SHA-256 of the length-prefixed key parts, computed by the store.
-- Ids compare bytewise (utf8mb4_bin) so that 'a' and 'A' or 'a ' and 'a' never collide. A VARCHAR(256) utf8mb4
-- column takes up to 1024 bytes in an index and InnoDB allows 3072 bytes per index entry, so the four id parts
-- cannot form one key: sessions get a BIGINT surrogate key and a unique SHA-256 of their ref, and the listing
-- indexes lead with the 32-byte hash of (tenant, app) or (tenant, app, user) instead of the ids themselves.
-- Indexes are declared inside CREATE TABLE because MySQL 8 has no CREATE INDEX IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS (
    ID BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    REF_HASH BINARY(32) NOT NULL,
    APP_HASH BINARY(32) NOT NULL,
    USER_HASH BINARY(32) NOT NULL,
    TENANT VARCHAR(256) NOT NULL,
    APP VARCHAR(256) NOT NULL,
    USER_ID VARCHAR(256) NOT NULL,
    SESSION_ID VARCHAR(256) NOT NULL,
    STATUS VARCHAR(16) NOT NULL,
    METADATA_JSON LONGTEXT NOT NULL,
    FLOW_JSON LONGTEXT,
    EVENT_COUNT BIGINT NOT NULL,
    VERSION BIGINT NOT NULL,
    CREATED_AT BIGINT NOT NULL,
    UPDATED_AT BIGINT NOT NULL,
    EXPIRES_AT BIGINT,
    CONSTRAINT ${agent.session.jdbc.table-prefix}SESSIONS_REF_UK UNIQUE (REF_HASH),
    INDEX ${agent.session.jdbc.table-prefix}SESSIONS_APP_IDX (APP_HASH, UPDATED_AT, USER_ID, SESSION_ID),
    INDEX ${agent.session.jdbc.table-prefix}SESSIONS_USER_IDX (USER_HASH, UPDATED_AT, SESSION_ID),
    INDEX ${agent.session.jdbc.table-prefix}SESSIONS_EXPIRES_IDX (EXPIRES_AT),
    INDEX ${agent.session.jdbc.table-prefix}SESSIONS_INACTIVE_IDX (STATUS, UPDATED_AT)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}EVENTS (
    SESSION_PK BIGINT NOT NULL,
    SEQ BIGINT NOT NULL,
    EVENT_ID VARCHAR(256) NOT NULL,
    TS BIGINT NOT NULL,
    EVENT_JSON LONGTEXT NOT NULL,
    PRIMARY KEY (SESSION_PK, SEQ),
    CONSTRAINT ${agent.session.jdbc.table-prefix}EVENTS_ID_UK UNIQUE (SESSION_PK, EVENT_ID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSION_STATE (
    SESSION_PK BIGINT NOT NULL,
    STATE_KEY VARCHAR(512) NOT NULL,
    VALUE_JSON LONGTEXT NOT NULL,
    PRIMARY KEY (SESSION_PK, STATE_KEY)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}USER_STATE (
    USER_HASH BINARY(32) NOT NULL,
    STATE_KEY VARCHAR(512) NOT NULL,
    APP_HASH BINARY(32) NOT NULL,
    VALUE_JSON LONGTEXT NOT NULL,
    PRIMARY KEY (USER_HASH, STATE_KEY),
    INDEX ${agent.session.jdbc.table-prefix}USER_STATE_APP_IDX (APP_HASH)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}APP_STATE (
    APP_HASH BINARY(32) NOT NULL,
    STATE_KEY VARCHAR(512) NOT NULL,
    VALUE_JSON LONGTEXT NOT NULL,
    PRIMARY KEY (APP_HASH, STATE_KEY)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}DOCUMENTS (
    SCOPE_HASH BINARY(32) NOT NULL,
    DOC_KEY VARCHAR(256) NOT NULL,
    SCOPE_KIND VARCHAR(16) NOT NULL,
    TENANT VARCHAR(256) NOT NULL,
    SCOPE_OWNER VARCHAR(256) NOT NULL,
    DOC_JSON LONGTEXT NOT NULL,
    PRIMARY KEY (SCOPE_HASH, DOC_KEY)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

-- Waits of paused flows: one row per (tenant, app, user, reply scope). WAIT_HASH covers those parts with the thread
-- marked absent or present, so a scope without a thread never collides with any thread. SESSION_PK is the waiting
-- session's ID; the store deletes a session's waits with it.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}WAITS (
    WAIT_HASH BINARY(32) NOT NULL,
    USER_HASH BINARY(32) NOT NULL,
    SESSION_PK BIGINT NOT NULL,
    TENANT VARCHAR(256) NOT NULL,
    APP VARCHAR(256) NOT NULL,
    USER_ID VARCHAR(256) NOT NULL,
    SESSION_ID VARCHAR(256) NOT NULL,
    CHANNEL VARCHAR(256) NOT NULL,
    CONVERSATION VARCHAR(256) NOT NULL,
    THREAD VARCHAR(256),
    FLOW_JSON LONGTEXT NOT NULL,
    PAYLOAD_JSON LONGTEXT,
    CREATED_AT BIGINT NOT NULL,
    EXPIRES_AT BIGINT NOT NULL,
    PRIMARY KEY (WAIT_HASH),
    INDEX ${agent.session.jdbc.table-prefix}WAITS_USER_IDX (USER_HASH, CREATED_AT),
    INDEX ${agent.session.jdbc.table-prefix}WAITS_SESSION_IDX (SESSION_PK),
    INDEX ${agent.session.jdbc.table-prefix}WAITS_EXPIRES_IDX (EXPIRES_AT)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

-- Auth sessions: one row per (tenant, thread, profile, provider). CONTEXT_SEALED holds the AuthContext encrypted with
-- AES-256-GCM (v1.<key id>.<base64url>), never clear; NULL while PENDING. RESOLVE_HASH covers (tenant, resolve uid)
-- and is unique: a resolve uid belongs to one auth session per tenant.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}AUTH_SESSIONS (
    KEY_HASH BINARY(32) NOT NULL,
    THREAD_HASH BINARY(32) NOT NULL,
    RESOLVE_HASH BINARY(32),
    TENANT VARCHAR(256) NOT NULL,
    THREAD_ID VARCHAR(256) NOT NULL,
    PROFILE VARCHAR(256) NOT NULL,
    PROVIDER VARCHAR(256) NOT NULL,
    STATUS VARCHAR(16) NOT NULL,
    SCOPED BOOLEAN NOT NULL,
    SCOPES_JSON LONGTEXT NOT NULL,
    RESOLVE_UID VARCHAR(256),
    CONTEXT_SEALED LONGTEXT,
    CREATED_AT BIGINT NOT NULL,
    EXPIRES_AT BIGINT,
    PRIMARY KEY (KEY_HASH),
    CONSTRAINT ${agent.session.jdbc.table-prefix}AUTH_SESSIONS_RESOLVE_UK UNIQUE (RESOLVE_HASH),
    INDEX ${agent.session.jdbc.table-prefix}AUTH_SESSIONS_THREAD_IDX (THREAD_HASH, PROFILE, PROVIDER),
    INDEX ${agent.session.jdbc.table-prefix}AUTH_SESSIONS_EXPIRES_IDX (EXPIRES_AT)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC;

-- The schema version: one row per version applied. The store checks the highest at startup.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (
    VERSION INT NOT NULL,
    PRIMARY KEY (VERSION)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT IGNORE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) VALUES (1);
