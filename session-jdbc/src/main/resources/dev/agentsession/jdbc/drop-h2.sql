-- Drops every Agent Session table (h2). ${prefix} is replaced by the validated table prefix.
DROP TABLE IF EXISTS ${prefix}AUTH_SESSIONS;
DROP TABLE IF EXISTS ${prefix}WAITS;
DROP TABLE IF EXISTS ${prefix}DOCUMENTS;
DROP TABLE IF EXISTS ${prefix}APP_STATE;
DROP TABLE IF EXISTS ${prefix}USER_STATE;
DROP TABLE IF EXISTS ${prefix}SESSION_STATE;
DROP TABLE IF EXISTS ${prefix}EVENTS;
DROP TABLE IF EXISTS ${prefix}SESSIONS;
