package dev.agentsession.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.store.EpochMicros;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The run leases of the JDBC store, in the lease columns of the sessions table. Each operation is one transaction
 * that locks the session row, as every write does, so that a lease changes only between writes and of concurrent
 * acquisitions exactly one finds no live lease. The session's version and update time stay as they are.
 */
final class JdbcLeases {

    private final JdbcTemplate jdbc;

    private final RetryingTransactions transactions;

    private final SessionTable sessions;

    private final EventTable events;

    private final String update;

    JdbcLeases(JdbcTemplate jdbc, JdbcStoreSettings settings, RetryingTransactions transactions,
            SessionTable sessions, EventTable events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sessions = sessions;
        this.events = events;
        this.update = settings.resolve("""
                UPDATE ${prefix}SESSIONS SET LEASE_TOKEN = ?, LEASE_OWNER = ?, LEASE_EXPIRES_AT = ? WHERE ID = ?
                """);
    }

    SessionLease acquire(SessionRef ref, String owner, Instant now, Instant expiresAt) {
        return this.transactions.write("acquire a lease", () -> {
            SessionRow row = this.sessions.lockLive(ref, now);
            if (row.isLeased(now)) {
                throw new SessionLeasedException(ref, EpochMicros.toInstantOrNull(row.leaseExpiresAt()));
            }
            long token = row.leaseToken() + 1;
            save(row, token, owner, expiresAt);
            return new SessionLease(ref, owner, token, expiresAt);
        });
    }

    SessionLease renew(SessionLease lease, Instant now, Instant expiresAt) {
        return this.transactions.write("renew a lease", () -> {
            SessionRow row = this.sessions.lockLive(lease.ref(), now);
            row.requireLease(lease.ref(), lease.token(), now);
            save(row, lease.token(), lease.owner(), expiresAt);
            return new SessionLease(lease.ref(), lease.owner(), lease.token(), expiresAt);
        });
    }

    boolean release(SessionLease lease, Instant now) {
        return this.transactions.write("release a lease", () -> {
            SessionRow row = this.sessions.lock(lease.ref());
            if (row == null || row.isExpired(now) || !row.isLeased(now) || row.leaseToken() != lease.token()) {
                return false;
            }
            save(row, lease.token(), null, null);
            return true;
        });
    }

    Optional<SessionEvent> findEvent(SessionRef ref, String eventId, Instant now) {
        return this.transactions.read("find an event", () -> {
            SessionRow row = this.sessions.readLive(ref, now);
            if (row == null) {
                throw new SessionNotFoundException(ref);
            }
            return Optional.ofNullable(this.events.find(ref, row.pk(), List.of(eventId)).get(eventId));
        });
    }

    private void save(SessionRow row, long token, @Nullable String owner, @Nullable Instant expiresAt) {
        this.jdbc.update(this.update, token, owner, EpochMicros.ofNullable(expiresAt), row.pk());
    }
}
