package dev.agentsession;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.ClaimWaitCommand;
import dev.agentsession.store.CreateCommand;
import dev.agentsession.store.FlowCommand;
import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.LeaseStore;
import dev.agentsession.store.MetadataCommand;
import dev.agentsession.store.PageCursor;
import dev.agentsession.store.RegisterWaitCommand;
import dev.agentsession.store.RewindCommand;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.StateCommand;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;

/**
 * The stores of a {@link SessionManager#withLease(SessionLease) leased view}: every write command of the lease's
 * session leaves with the lease's fencing token (a claim with the lease itself), and the store checks it in the
 * write's atomic step. A write of another session is refused before it reaches the store. Reads, the lease operations
 * and the operations that span sessions pass through as they are.
 */
final class LeaseFencedStore implements SessionStore, WaitStore, LeaseStore {

    private final SessionStore store;

    private final WaitStore waits;

    private final LeaseStore leases;

    private final SessionLease lease;

    LeaseFencedStore(SessionStore store, WaitStore waits, LeaseStore leases, SessionLease lease) {
        this.store = store;
        this.waits = waits;
        this.leases = leases;
        this.lease = lease;
    }

    /**
     * These stores with another lease.
     */
    LeaseFencedStore withLease(SessionLease other) {
        return new LeaseFencedStore(this.store, this.waits, this.leases, other);
    }

    /**
     * The lease's token, for a write of the lease's session.
     * @throws IllegalArgumentException if the write is of another session
     */
    private long token(SessionRef ref) {
        if (!this.lease.ref().equals(ref)) {
            throw new IllegalArgumentException("This manager writes with the lease of session " + this.lease.ref()
                    + ", not of " + ref + "; nothing was written");
        }
        return this.lease.token();
    }

    @Override
    public String type() {
        return this.store.type();
    }

    @Override
    public AgentSession create(CreateCommand command) {
        return this.store.create(command);
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window, Instant now) {
        return this.store.find(ref, window, now);
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit, Instant now) {
        return this.store.events(ref, fromSeq, limit, now);
    }

    @Override
    public AgentSession append(AppendCommand c) {
        return this.store.append(new AppendCommand(c.ref(), c.events(), c.expectedVersion(), c.now(), c.expiresAt(),
                token(c.ref())));
    }

    @Override
    public AgentSession updateState(StateCommand c) {
        return this.store.updateState(new StateCommand(c.ref(), c.changes(), c.expectedVersion(), c.now(),
                c.expiresAt(), token(c.ref())));
    }

    @Override
    public AgentSession updateFlow(FlowCommand c) {
        return this.store.updateFlow(new FlowCommand(c.ref(), c.flow(), c.expectedVersion(), c.now(), c.expiresAt(),
                token(c.ref())));
    }

    @Override
    public AgentSession updateMetadata(MetadataCommand c) {
        return this.store.updateMetadata(new MetadataCommand(c.ref(), c.changes(), c.expectedVersion(), c.now(),
                c.expiresAt(), token(c.ref())));
    }

    @Override
    public AgentSession rewind(RewindCommand c) {
        return this.store.rewind(new RewindCommand(c.ref(), c.toSeq(), c.marker(), c.expectedVersion(), c.now(),
                c.expiresAt(), token(c.ref())));
    }

    @Override
    public AgentSession fork(ForkCommand c) {
        return this.store.fork(c);
    }

    @Override
    public List<SessionSummary> list(SessionQuery query, @Nullable PageCursor after, int limit, Instant now) {
        return this.store.list(query, after, limit, now);
    }

    @Override
    public boolean archive(SessionRef ref, Instant now) {
        return this.leases.archive(ref, now, token(ref));
    }

    @Override
    public boolean archive(SessionRef ref, Instant now, @Nullable Long fencingToken) {
        return this.leases.archive(ref, now, fencingToken);
    }

    @Override
    public int archiveInactive(Instant updatedBefore, Instant now) {
        return this.store.archiveInactive(updatedBefore, now);
    }

    @Override
    public boolean delete(SessionRef ref) {
        return this.store.delete(ref);
    }

    @Override
    public int deleteAll(String tenant, String app) {
        return this.store.deleteAll(tenant, app);
    }

    @Override
    public void clearAll() {
        this.store.clearAll();
    }

    @Override
    public ScopedStore documents() {
        return this.store.documents();
    }

    @Override
    public void ping() {
        this.store.ping();
    }

    @Override
    public SessionWait registerWait(RegisterWaitCommand c) {
        return this.waits.registerWait(new RegisterWaitCommand(c.sessionWait(), c.sessionExpiresAt(),
                token(c.sessionWait().session())));
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key, Instant now) {
        return this.waits.findWait(key, now);
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId, Instant now) {
        return this.waits.listWaits(tenant, app, userId, now);
    }

    @Override
    public boolean clearWait(WaitKey key, Instant now) {
        return this.waits.clearWait(key, now);
    }

    @Override
    public Optional<SessionWait> claimWait(ClaimWaitCommand c) {
        return this.waits.claimWait(
                new ClaimWaitCommand(c.key(), c.now(), c.clearFlow(), c.sessionExpiresAt(), this.lease));
    }

    @Override
    public SessionLease acquireLease(SessionRef ref, String owner, Instant now, Instant expiresAt) {
        return this.leases.acquireLease(ref, owner, now, expiresAt);
    }

    @Override
    public SessionLease renewLease(SessionLease renewed, Instant now, Instant expiresAt) {
        return this.leases.renewLease(renewed, now, expiresAt);
    }

    @Override
    public boolean releaseLease(SessionLease released, Instant now) {
        return this.leases.releaseLease(released, now);
    }

    @Override
    public Optional<SessionEvent> findEvent(SessionRef ref, String eventId, Instant now) {
        return this.leases.findEvent(ref, eventId, now);
    }
}
