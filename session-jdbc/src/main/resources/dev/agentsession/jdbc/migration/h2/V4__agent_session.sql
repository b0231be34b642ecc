-- Agent Session JDBC store, H2.
-- Version 4 of the schema: rewind and fork. SESSIONS.INITIAL_STATE_JSON keeps the session-scope state given at
-- creation (a JSON object), from which a rewind or a fork rebuilds the state with the events' deltas;
-- SESSIONS.REWOUND_JSON keeps the sequence ranges rewinds took out of the effective history ([[from,to],...]), read
-- with the row by every windowed read. Rows written by earlier versions get NULL for both: no range was rewound, and
-- their initial state is unknown, so a rewind or fork of such a session rebuilds from an empty state.

ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN IF NOT EXISTS INITIAL_STATE_JSON CHARACTER LARGE OBJECT;
ALTER TABLE ${agent.session.jdbc.table-prefix}SESSIONS ADD COLUMN IF NOT EXISTS REWOUND_JSON CHARACTER LARGE OBJECT;

MERGE INTO ${agent.session.jdbc.table-prefix}SCHEMA_VERSION (VERSION) KEY (VERSION) VALUES (4);
