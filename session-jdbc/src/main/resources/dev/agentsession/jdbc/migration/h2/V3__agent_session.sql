-- Agent Session JDBC store, H2.
-- Version 3 of the schema: the metadata index, waits for another user's reply and one user's data across apps.
-- Rows written by versions 1 and 2 are carried over: a wait's SESSION_USER_ID is its USER_ID (they waited only for the
-- session owner's reply); a USER_STATE row takes TENANT, APP and USER_ID from a session of the same user (USER_HASH),
-- and keeps empty ones when the user has no session left, so eraseUser and exportUser do not find it. The metadata
-- index cannot be filled here (its FILTER_HASH is a SHA-256 the store computes): a session written before version 3 is
-- found by a listing filtered on one of its metadata keys once updateMetadata next writes that key.

-- A user's sessions in every app of a tenant, for eraseUser and exportUser.
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS_TENANT_USER_IDX ON ${agent.session.jdbc.table-prefix}SESSIONS (TENANT, USER_ID);

-- The metadata index: one row per key of a session's metadata (SESSIONS.METADATA_JSON stays the record). FILTER_HASH
-- covers (tenant, app, key, value); UPDATED_AT, USER_ID and SESSION_ID copy the session's and move with every write,
-- so that a listing filtered by one key = value reads this index in listing order and stops after its page.
-- META_VALUE holds the value as a JSON string, which every database stores and compares exactly.
CREATE TABLE IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSION_METADATA (
    SESSION_PK BIGINT NOT NULL,
    META_KEY VARCHAR(256) NOT NULL,
    META_VALUE CHARACTER LARGE OBJECT NOT NULL,
    FILTER_HASH BINARY(32) NOT NULL,
    UPDATED_AT BIGINT NOT NULL,
    USER_ID VARCHAR(256) NOT NULL,
    SESSION_ID VARCHAR(256) NOT NULL,
    CONSTRAINT ${agent.session.jdbc.table-prefix}SESSION_METADATA_PK PRIMARY KEY (SESSION_PK, META_KEY)
);
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSION_METADATA_FILTER_IDX ON ${agent.session.jdbc.table-prefix}SESSION_METADATA (FILTER_HASH, UPDATED_AT, USER_ID, SESSION_ID);

-- USER_STATE names its tenant, app and user, to find one user's state in every app.
ALTER TABLE ${agent.session.jdbc.table-prefix}USER_STATE ADD COLUMN IF NOT EXISTS TENANT VARCHAR(256) DEFAULT '' NOT NULL;
ALTER TABLE ${agent.session.jdbc.table-prefix}USER_STATE ADD COLUMN IF NOT EXISTS APP VARCHAR(256) DEFAULT '' NOT NULL;
ALTER TABLE ${agent.session.jdbc.table-prefix}USER_STATE ADD COLUMN IF NOT EXISTS USER_ID VARCHAR(256) DEFAULT '' NOT NULL;
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}USER_STATE_TENANT_USER_IDX ON ${agent.session.jdbc.table-prefix}USER_STATE (TENANT, USER_ID);

-- WAITS: USER_ID is the user whose reply is awaited, SESSION_USER_ID the waiting session's owner (another user when
-- the wait is for someone else's reply).
ALTER TABLE ${agent.session.jdbc.table-prefix}WAITS ADD COLUMN IF NOT EXISTS SESSION_USER_ID VARCHAR(256) DEFAULT '' NOT NULL;
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}WAITS_TENANT_USER_IDX ON ${agent.session.jdbc.table-prefix}WAITS (TENANT, USER_ID);

UPDATE ${agent.session.jdbc.table-prefix}USER_STATE SET TENANT = (SELECT MIN(S.TENANT) FROM ${agent.session.jdbc.table-prefix}SESSIONS S WHERE S.USER_HASH = ${agent.session.jdbc.table-prefix}USER_STATE.USER_HASH),
    APP = (SELECT MIN(S.APP) FROM ${agent.session.jdbc.table-prefix}SESSIONS S WHERE S.USER_HASH = ${agent.session.jdbc.table-prefix}USER_STATE.USER_HASH),
    USER_ID = (SELECT MIN(S.USER_ID) FROM ${agent.session.jdbc.table-prefix}SESSIONS S WHERE S.USER_HASH = ${agent.session.jdbc.table-prefix}USER_STATE.USER_HASH)
    WHERE EXISTS (SELECT 1 FROM ${agent.session.jdbc.table-prefix}SESSIONS S WHERE S.USER_HASH = ${agent.session.jdbc.table-prefix}USER_STATE.USER_HASH);
UPDATE ${agent.session.jdbc.table-prefix}WAITS SET SESSION_USER_ID = USER_ID;

MERGE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) KEY (VERSION) VALUES (3);
