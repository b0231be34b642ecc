package dev.agentsession.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Archiving and deleting sessions: one at a time, an app's all, a user's all, the inactive ones, the expired ones,
 * every one. A session is deleted with its events, its session state, its metadata index rows and its waits in one
 * transaction; an archived session loses its waits in the transaction that archives it.
 */
final class SessionCleanup {

    private static final int DELETE_ALL_BATCH = 500;

    private final RetryingTransactions transactions;

    private final SessionTable sessions;

    private final EventTable events;

    private final StateTables state;

    private final JdbcWaitStore waits;

    private final MetadataTable metadata;

    private final JdbcTemplate jdbc;

    private final List<String> clearStatements;

    SessionCleanup(RetryingTransactions transactions, SessionTable sessions, EventTable events, StateTables state,
            JdbcWaitStore waits, MetadataTable metadata, JdbcTemplate jdbc, JdbcStoreSettings settings) {
        this.transactions = transactions;
        this.sessions = sessions;
        this.events = events;
        this.state = state;
        this.waits = waits;
        this.metadata = metadata;
        this.jdbc = jdbc;
        // Rows that refer to a session row before the sessions themselves; the auth sessions table is not ours.
        this.clearStatements = Stream.of("EVENTS", "SESSION_STATE", "SESSION_METADATA", "WAITS", "USER_STATE",
                "APP_STATE", "DOCUMENTS", "SESSIONS")
            .map((table) -> settings.resolve("DELETE FROM ${prefix}" + table))
            .toList();
    }

    boolean archive(SessionRef ref, Instant now, @Nullable Long fencingToken) {
        Objects.requireNonNull(ref, "ref must not be null");
        return this.transactions.write("archive a session", () -> {
            SessionRow row = this.sessions.lock(ref);
            if (row == null || row.isExpired(now)) {
                return false;
            }
            row.requireLease(ref, fencingToken, now);
            if (row.status() == SessionStatus.ACTIVE) {
                this.sessions.archive(row.pk());
                this.waits.deleteOfSession(row.pk());
            }
            return true;
        });
    }

    int archiveInactive(Instant updatedBefore, Instant now) {
        Objects.requireNonNull(updatedBefore, "updatedBefore must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return this.transactions.write("archive inactive sessions", () -> {
            int archived = this.sessions.archiveInactive(updatedBefore, now);
            if (archived > 0) {
                this.waits.deleteOfArchived(updatedBefore);
            }
            return archived;
        });
    }

    boolean delete(SessionRef ref) {
        Objects.requireNonNull(ref, "ref must not be null");
        return this.transactions.write("delete a session", () -> {
            Long pk = this.sessions.lockPk(ref);
            if (pk == null) {
                return false;
            }
            purge(List.of(pk));
            return true;
        });
    }

    /**
     * Deletes an app's sessions, one transaction per batch, then its user and app state.
     */
    int deleteAll(String tenant, String app) {
        int deleted = 0;
        int batch;
        do {
            batch = this.transactions.write("delete an app's sessions",
                    () -> purge(this.sessions.lockOfApp(tenant, app, DELETE_ALL_BATCH)));
            deleted += batch;
        }
        while (batch == DELETE_ALL_BATCH);
        this.transactions.write("delete an app's state", () -> {
            this.sessions.lockDatabase();
            this.state.deleteOfApp(tenant, app);
            return true;
        });
        return deleted;
    }

    /**
     * Deletes a user's sessions in every app of a tenant, one transaction per batch, then in one more the user's
     * {@code user:} state and the waits for the user's reply.
     * @return how many sessions were deleted
     */
    int deleteOfUser(String tenant, String userId) {
        int deleted = 0;
        int batch;
        do {
            batch = this.transactions.write("delete a user's sessions",
                    () -> purge(this.sessions.lockOfUser(tenant, userId, DELETE_ALL_BATCH)));
            deleted += batch;
        }
        while (batch == DELETE_ALL_BATCH);
        this.transactions.write("delete a user's state and waits", () -> {
            this.sessions.lockDatabase();
            this.state.deleteOfUser(tenant, userId);
            this.waits.deleteOfWaitingUser(tenant, userId);
            return true;
        });
        return deleted;
    }

    /**
     * Deletes every row of the session store's tables (not the auth sessions'), in one transaction.
     */
    void clearAll() {
        this.transactions.write("clear the store", () -> {
            this.sessions.lockDatabase();
            this.clearStatements.forEach(this.jdbc::update);
            return true;
        });
    }

    /**
     * Deletes expired sessions with their events, state and waits, one transaction per batch of at most
     * {@code batchSize} sessions, until no expired session is left; then expired waits of live sessions the
     * same way. Each batch locks the rows it deletes and skips rows another node holds, so nodes neither
     * deadlock nor fail on each other's work.
     * @return how many sessions were deleted
     */
    int deleteExpired(Instant now, int batchSize) {
        Objects.requireNonNull(now, "now must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        int deleted = 0;
        while (true) {
            int[] batch = this.transactions.write("delete expired sessions", () -> {
                List<Long> ids = this.sessions.lockExpired(now, batchSize);
                return new int[] { ids.size(), purge(ids) };
            });
            deleted += batch[1];
            if (batch[0] < batchSize) {
                break;
            }
        }
        this.waits.deleteExpired(now, batchSize);
        return deleted;
    }

    /**
     * Deletes sessions by row id with their events, session state, metadata index rows and waits, in the caller's
     * transaction.
     * @return how many sessions were deleted
     */
    int purge(List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        this.events.deleteOfSessions(ids);
        this.state.deleteOfSessions(ids);
        this.metadata.deleteOfSessions(ids);
        this.waits.deleteOfSessions(ids);
        return this.sessions.delete(ids);
    }
}
