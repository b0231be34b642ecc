/**
 * The JDBC store: sessions, events, scoped state, documents, waits of paused flows and (encrypted) auth
 * sessions in tables of the application's {@link javax.sql.DataSource}, on spring-jdbc.
 *
 * <p>The SQL that differs between databases sits behind {@link dev.agentsession.jdbc.JdbcDialect}, with one
 * class per supported database: {@link dev.agentsession.jdbc.H2Dialect},
 * {@link dev.agentsession.jdbc.SqliteDialect}, {@link dev.agentsession.jdbc.PostgresqlDialect} and
 * {@link dev.agentsession.jdbc.MysqlDialect} (MariaDB too). The stores detect the built-in dialect from the
 * connection unless {@link dev.agentsession.jdbc.JdbcStoreSettings} names one, a built-in one or one of your
 * own for another database. The tables form one versioned schema ({@link dev.agentsession.jdbc.JdbcSchema}): one
 * migration script per version and database ships under {@code migration/{id}/V<n>__agent_session.sql}, run by
 * {@link dev.agentsession.jdbc.JdbcSchemaInitializer}, by Spring Boot's database initialization, by Flyway or by
 * Liquibase ({@code changelog/agent-session-changelog.xml}), each with the configured table prefix; the store
 * checks the installed version in its health check.
 *
 * <p>{@link dev.agentsession.jdbc.JdbcSessionStore} is the {@link dev.agentsession.store.SessionStore}, the
 * {@link dev.agentsession.store.WaitStore} and the {@link dev.agentsession.store.UserDataStore}, so that a wait and
 * its session's flow state are written in one transaction. It writes and reads sessions and events itself and hands
 * the rest to package-private parts, one per table or concern: the sessions table, the events table, the three
 * state tables, the metadata index, the waits, listing, archiving and cleanup, and the documents. Each part builds
 * its statements once per table prefix and dialect.
 * An append is one transaction with a constant number of statements: it locks the session row, checks which
 * event ids are already stored, checks the version, inserts the new events in one batch, applies their state
 * deltas as batched upserts and deletes, advances the session row and reads the merged state back. Expired
 * sessions are invisible to reads and removed by
 * {@link dev.agentsession.jdbc.JdbcSessionStore#deleteExpired(java.time.Instant, int)}, with their waits and
 * the expired waits.
 *
 * <p>{@link dev.agentsession.jdbc.JdbcAuthSessionStore} keeps auth sessions with their credential sealed by an
 * {@link dev.agentsession.auth.AuthContextCipher}. Both stores run every operation in a new transaction of its
 * own ({@code REQUIRES_NEW}, never the caller's) and run a write again, after a short exponential backoff with
 * jitter (Spring Framework's {@link org.springframework.core.retry.RetryTemplate}), when the database aborted it to
 * resolve a deadlock or lock conflict.
 */
@NullMarked
package dev.agentsession.jdbc;

import org.jspecify.annotations.NullMarked;
