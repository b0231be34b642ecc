-- Drops every Agent Session table (sqlite), the schema version with them. The placeholder is the table prefix.
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}SCHEMA_VERSION;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}AUTH_SESSIONS;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}WAITS;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}DOCUMENTS;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}APP_STATE;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}USER_STATE;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}SESSION_METADATA;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}SESSION_STATE;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}EVENTS;
DROP TABLE IF EXISTS ${agent.session.jdbc.table-prefix}SESSIONS;
