-- Agent Session JDBC store, H2: version 2 of the schema. No table changes here: version 2 makes keys compare
-- exactly on MySQL and MariaDB, and H2's VARCHAR comparison is exact already.
MERGE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) KEY (VERSION) VALUES (2);
