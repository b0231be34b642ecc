-- Agent Session JDBC store, SQLite (use WAL and a busy timeout on the connection).
-- Version 1 of the schema. The placeholder before every table and index name is the table prefix
-- (agent.session.jdbc.table-prefix, default AGENT_): the store's initializer replaces it, Flyway takes it as a
-- placeholder and Liquibase as a changelog parameter. Later versions come as V2__agent_session.sql and on.
-- Times are epoch microseconds. Hash columns are SHA-256 of the length-prefixed key parts, computed by the store.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS (
    ID INTEGER PRIMARY KEY AUTOINCREMENT,
    REF_HASH BLOB NOT NULL,
    APP_HASH BLOB NOT NULL,
    USER_HASH BLOB NOT NULL,
    TENANT TEXT NOT NULL,
    APP TEXT NOT NULL,
    USER_ID TEXT NOT NULL,
    SESSION_ID TEXT NOT NULL,
    STATUS TEXT NOT NULL,
    METADATA_JSON TEXT NOT NULL,
    FLOW_JSON TEXT,
    EVENT_COUNT BIGINT NOT NULL,
    VERSION BIGINT NOT NULL,
    CREATED_AT BIGINT NOT NULL,
    UPDATED_AT BIGINT NOT NULL,
    EXPIRES_AT BIGINT,
    CONSTRAINT ${agent.session.jdbc.table-prefix}SESSIONS_REF_UK UNIQUE (REF_HASH)
);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS_APP_IDX ON ${agent.session.jdbc.table-prefix}SESSIONS (APP_HASH, UPDATED_AT, USER_ID, SESSION_ID);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS_USER_IDX ON ${agent.session.jdbc.table-prefix}SESSIONS (USER_HASH, UPDATED_AT, SESSION_ID);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS_EXPIRES_IDX ON ${agent.session.jdbc.table-prefix}SESSIONS (EXPIRES_AT);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS_INACTIVE_IDX ON ${agent.session.jdbc.table-prefix}SESSIONS (STATUS, UPDATED_AT);

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}EVENTS (
    SESSION_PK BIGINT NOT NULL,
    SEQ BIGINT NOT NULL,
    EVENT_ID TEXT NOT NULL,
    TS BIGINT NOT NULL,
    EVENT_JSON TEXT NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}EVENTS_PK PRIMARY KEY (SESSION_PK, SEQ),
    CONSTRAINT ${agent.session.jdbc.table-prefix}EVENTS_ID_UK UNIQUE (SESSION_PK, EVENT_ID)
);

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSION_STATE (
    SESSION_PK BIGINT NOT NULL,
    STATE_KEY TEXT NOT NULL,
    VALUE_JSON TEXT NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}SESSION_STATE_PK PRIMARY KEY (SESSION_PK, STATE_KEY)
);

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}USER_STATE (
    USER_HASH BLOB NOT NULL,
    STATE_KEY TEXT NOT NULL,
    APP_HASH BLOB NOT NULL,
    VALUE_JSON TEXT NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}USER_STATE_PK PRIMARY KEY (USER_HASH, STATE_KEY)
);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}USER_STATE_APP_IDX ON ${agent.session.jdbc.table-prefix}USER_STATE (APP_HASH);

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}APP_STATE (
    APP_HASH BLOB NOT NULL,
    STATE_KEY TEXT NOT NULL,
    VALUE_JSON TEXT NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}APP_STATE_PK PRIMARY KEY (APP_HASH, STATE_KEY)
);

CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}DOCUMENTS (
    SCOPE_HASH BLOB NOT NULL,
    DOC_KEY TEXT NOT NULL,
    SCOPE_KIND TEXT NOT NULL,
    TENANT TEXT NOT NULL,
    SCOPE_OWNER TEXT NOT NULL,
    DOC_JSON TEXT NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}DOCUMENTS_PK PRIMARY KEY (SCOPE_HASH, DOC_KEY)
);

-- Waits of paused flows: one row per (tenant, app, user, reply scope). WAIT_HASH covers those parts with the thread
-- marked absent or present, so a scope without a thread never collides with any thread. SESSION_PK is the waiting
-- session's ID; the store deletes a session's waits with it.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}WAITS (
    WAIT_HASH BLOB NOT NULL,
    USER_HASH BLOB NOT NULL,
    SESSION_PK BIGINT NOT NULL,
    TENANT TEXT NOT NULL,
    APP TEXT NOT NULL,
    USER_ID TEXT NOT NULL,
    SESSION_ID TEXT NOT NULL,
    CHANNEL TEXT NOT NULL,
    CONVERSATION TEXT NOT NULL,
    THREAD TEXT,
    FLOW_JSON TEXT NOT NULL,
    PAYLOAD_JSON TEXT,
    CREATED_AT BIGINT NOT NULL,
    EXPIRES_AT BIGINT NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}WAITS_PK PRIMARY KEY (WAIT_HASH)
);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}WAITS_USER_IDX ON ${agent.session.jdbc.table-prefix}WAITS (USER_HASH, CREATED_AT);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}WAITS_SESSION_IDX ON ${agent.session.jdbc.table-prefix}WAITS (SESSION_PK);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}WAITS_EXPIRES_IDX ON ${agent.session.jdbc.table-prefix}WAITS (EXPIRES_AT);

-- Auth sessions: one row per (tenant, thread, profile, provider). CONTEXT_SEALED holds the AuthContext encrypted with
-- AES-256-GCM (v1.<key id>.<base64url>), never clear; NULL while PENDING. RESOLVE_HASH covers (tenant, resolve uid)
-- and is unique: a resolve uid belongs to one auth session per tenant.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}AUTH_SESSIONS (
    KEY_HASH BLOB NOT NULL,
    THREAD_HASH BLOB NOT NULL,
    RESOLVE_HASH BLOB,
    TENANT TEXT NOT NULL,
    THREAD_ID TEXT NOT NULL,
    PROFILE TEXT NOT NULL,
    PROVIDER TEXT NOT NULL,
    STATUS TEXT NOT NULL,
    SCOPED INTEGER NOT NULL,
    SCOPES_JSON TEXT NOT NULL,
    RESOLVE_UID TEXT,
    CONTEXT_SEALED TEXT,
    CREATED_AT BIGINT NOT NULL,
    EXPIRES_AT BIGINT,
    CONSTRAINT ${agent.session.jdbc.table-prefix}AUTH_SESSIONS_PK PRIMARY KEY (KEY_HASH),
    CONSTRAINT ${agent.session.jdbc.table-prefix}AUTH_SESSIONS_RESOLVE_UK UNIQUE (RESOLVE_HASH)
);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}AUTH_SESSIONS_THREAD_IDX ON ${agent.session.jdbc.table-prefix}AUTH_SESSIONS (THREAD_HASH, PROFILE, PROVIDER);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}AUTH_SESSIONS_EXPIRES_IDX ON ${agent.session.jdbc.table-prefix}AUTH_SESSIONS (EXPIRES_AT);

-- The schema version: one row per version applied. The store checks the highest at startup.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (
    VERSION INTEGER NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}SCHEMA_VERSION_PK PRIMARY KEY (VERSION)
);
INSERT OR IGNORE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) VALUES (1);
