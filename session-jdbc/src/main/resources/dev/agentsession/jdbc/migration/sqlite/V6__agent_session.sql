-- Agent Session JDBC store, SQLite.
-- Version 6 of the schema: history compaction and retention. SESSIONS.COMPACTION_SEQ is the seq of the session's latest
-- COMPACTION event (0 when it has none) and COMPACTED_TO_SEQ the last event it stands for, from which
-- EventWindow.context() reads; FIRST_SEQ is the first event the retention cleanup kept (1 until it removes events).
-- COMPACTED_SINCE is the time (epoch microseconds) of the oldest event still stored that a compaction stands for, NULL
-- when there is none: the retention cleanup finds the sessions with events to remove through its index (with ID, its
-- cursor) instead of reading every session row. The initial state of version 4 becomes, once retention removed events,
-- the session-scope state after the last removed one. Rows of earlier versions have neither a compaction nor removed
-- events, which the defaults say.

ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN COMPACTION_SEQ INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN FIRST_SEQ INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN COMPACTED_TO_SEQ INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN COMPACTED_SINCE INTEGER;
CREATE INDEX IF NOT EXISTS ${agent.session.jdbc.table-prefix}SESSIONS_COMPACTED_IDX ON ${agent.session.jdbc.table-prefix}SESSIONS (COMPACTED_SINCE, ID);

INSERT OR IGNORE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) VALUES (6);
