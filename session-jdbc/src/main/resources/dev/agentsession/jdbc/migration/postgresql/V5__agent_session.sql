-- Agent Session JDBC store, PostgreSQL.
-- Version 5 of the schema: run leases. The session row holds its lease: LEASE_TOKEN, the last fencing token issued
-- (0 before the first lease, one more on every acquisition, never reused), LEASE_OWNER, who took it (diagnostics only),
-- and LEASE_EXPIRES_AT, when it ends in epoch microseconds (NULL once released). Every write checks them under the
-- session row lock. Sessions written before version 5 have never been leased: token 0, no owner, no expiry.
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN IF NOT EXISTS LEASE_TOKEN BIGINT NOT NULL DEFAULT 0;
-- LEASE_OWNER is TEXT: a VARCHAR(256) would raise the planner's width estimate of a never-analyzed SESSIONS table enough
-- to turn a listing page from a backward index walk into a bitmap scan and sort (JdbcListingPlanTests).
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN IF NOT EXISTS LEASE_OWNER TEXT COLLATE "C";
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN IF NOT EXISTS LEASE_EXPIRES_AT BIGINT;

INSERT INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) VALUES (5) ON CONFLICT DO NOTHING;
