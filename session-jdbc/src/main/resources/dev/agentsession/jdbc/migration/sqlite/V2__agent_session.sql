-- Agent Session JDBC store, SQLite: version 2 of the schema. No table changes here: version 2 makes keys compare
-- exactly on MySQL and MariaDB, and SQLite's BINARY collation is exact already.
INSERT OR IGNORE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) VALUES (2);
