-- Agent Session JDBC store, PostgreSQL: version 2 of the schema. No table changes here: version 2 makes keys
-- compare exactly on MySQL and MariaDB, and PostgreSQL's text comparison under the C or a deterministic collation is
-- exact already.
INSERT INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) VALUES (2) ON CONFLICT DO NOTHING;
