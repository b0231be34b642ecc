/**
 * The JDBC store: sessions, events, scoped state, documents, waits of paused flows and (encrypted) auth
 * sessions in tables of the application's {@link javax.sql.DataSource}, on spring-jdbc. One schema script
 * per platform (H2, SQLite, PostgreSQL, MySQL/MariaDB) ships in this package as {@code schema-{platform}.sql}
 * with its {@code drop-{platform}.sql}; {@link dev.agentsession.jdbc.JdbcSchemaInitializer} runs them
 * with the configured table prefix.
 *
 * <p>An append is one transaction with a constant number of statements: it locks the session row, checks
 * which event ids are already stored, checks the version, inserts the new events in one batch, applies their
 * state deltas as batched upserts and deletes, advances the session row and reads the merged state back.
 * Expired sessions are invisible to reads and removed by
 * {@link dev.agentsession.jdbc.JdbcSessionStore#deleteExpired(java.time.Instant, int)}, with their waits
 * and the expired waits.
 *
 * <p>{@link dev.agentsession.jdbc.JdbcSessionStore} is also the
 * {@link dev.agentsession.store.WaitStore}, so that a wait and its session's flow state are written in one
 * transaction. {@link dev.agentsession.jdbc.JdbcAuthSessionStore} keeps auth sessions with their
 * credential sealed by an {@link dev.agentsession.auth.AuthContextCipher}.
 */
@NullMarked
package dev.agentsession.jdbc;

import org.jspecify.annotations.NullMarked;
