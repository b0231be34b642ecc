-- Agent Session JDBC store, MySQL 8 and MariaDB 10.6+: version 2 of the schema.
-- utf8mb4_bin pads with spaces ('a ' = 'a'), so keys that are unique within a session, user, app or scope without
-- a hash of their own (event ids, state keys, document keys) collided when they differed only by trailing spaces:
-- one state value overwrote the other, a second event id failed. They become VARBINARY, which compares the UTF-8
-- bytes exactly on MySQL 8 and MariaDB alike (a NO PAD collation has no name common to both); the driver reads
-- them back as UTF-8 strings. Existing keys convert as they are: no two of them were equal before, so none are now.
-- A key of 256 (state: 512) characters takes at most 1024 (2048) bytes in UTF-8.
ALTER TABLE ${agent.session.jdbc.table-prefix}EVENTS MODIFY EVENT_ID VARBINARY(1024) NOT NULL;
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSION_STATE MODIFY STATE_KEY VARBINARY(2048) NOT NULL;
ALTER TABLE ${agent.session.jdbc.table-prefix}USER_STATE MODIFY STATE_KEY VARBINARY(2048) NOT NULL;
ALTER TABLE ${agent.session.jdbc.table-prefix}APP_STATE MODIFY STATE_KEY VARBINARY(2048) NOT NULL;
ALTER TABLE ${agent.session.jdbc.table-prefix}DOCUMENTS MODIFY DOC_KEY VARBINARY(1024) NOT NULL;
INSERT IGNORE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) VALUES (2);
