package dev.agentsession.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.store.LeaseStore;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The run-lease contract (SPEC section 11), checked through a {@link DefaultSessionManager} whose clock the tests
 * move: fencing tokens grow on every acquisition; a live lease refuses a second acquisition and every write without
 * its token (append, state, flow, metadata, rewind, wait registration, resume, archive), changing nothing; the token of a
 * lease that expired, was released or was taken over never writes again; renewal, release, waiting up to a time,
 * exactly one winner of concurrent acquisitions, and {@code findEvent}. A backend runs it by subclassing and
 * returning a store; {@link LeaseProcessConformanceTests} checks the same rules across processes.
 */
public abstract class LeaseConformanceTests<S extends SessionStore & WaitStore & LeaseStore>
        extends AbstractSessionStoreConformanceTests<S> {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final JsonMapper json = JsonMapper.builder().build();

    private SessionRef createSession() {
        return sessions().create(NewSession.forUser(app(), "alice")).ref();
    }

    private AgentSession read(SessionRef ref) {
        return sessions().get(ref, EventWindow.all());
    }

    private FlowState flow(String cursor) {
        return new FlowState("approval", cursor, this.json.createObjectNode().put("cursor", cursor));
    }

    @Test
    void acquireLeaseWhenFreeThenFirstTokenAndLeasedWritesSucceed() {
        SessionRef ref = createSession();
        SessionLease lease = sessions().acquireLease(ref, "worker-1", TTL);
        assertThat(lease.ref()).isEqualTo(ref);
        assertThat(lease.owner()).isEqualTo("worker-1");
        assertThat(lease.token()).isEqualTo(1);
        assertThat(lease.expiresAt()).isEqualTo(this.clock.instant().plus(TTL));
        assertThat(read(ref).version()).as("taking a lease is not a write of the session").isEqualTo(1);
        SessionManager leased = sessions().withLease(lease);
        leased.append(ref, NewEvent.message("user", "hello"));
        leased.updateState(ref, Map.of("step", 1));
        leased.updateFlow(ref, flow("a"));
        leased.updateMetadata(ref, Map.of("channel", "web"));
        AgentSession after = read(ref);
        assertThat(after.version()).isEqualTo(5);
        assertThat(after.state()).containsEntry("step", 1);
        assertThat(after.metadata()).containsEntry("channel", "web");
    }

    @Test
    void acquireLeaseWhenLeasedThenFailsAtOnceNamingOnlyTheSession() {
        SessionRef ref = createSession();
        SessionLease held = sessions().acquireLease(ref, "holder-secret", TTL);
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions().acquireLease(ref, "worker-2", TTL))
            .satisfies((ex) -> {
                assertThat(ex.getRef()).isEqualTo(ref);
                assertThat(ex.getLeasedUntil()).isEqualTo(held.expiresAt());
                assertThat(ex.getMessage()).doesNotContain("holder-secret");
            });
        assertThatExceptionOfType(SessionLeasedException.class)
            .as("a lease is not re-entrant, even for its owner")
            .isThrownBy(() -> sessions().acquireLease(ref, "holder-secret", TTL));
        assertThat(sessions().renewLease(held, TTL).token()).isEqualTo(held.token());
    }

    @Test
    void acquireLeaseThenTokensGrowOnEveryAcquisitionAndSurviveReleaseAndExpiry() {
        SessionRef ref = createSession();
        SessionLease first = sessions().acquireLease(ref, "w", TTL);
        assertThat(sessions().releaseLease(first)).isTrue();
        SessionLease second = sessions().acquireLease(ref, "w", TTL);
        this.clock.advance(TTL);
        SessionLease third = sessions().acquireLease(ref, "w", TTL);
        assertThat(List.of(first.token(), second.token(), third.token())).containsExactly(1L, 2L, 3L);
        SessionRef other = createSession();
        assertThat(sessions().acquireLease(other, "w", TTL).token()).as("tokens count per session").isEqualTo(1);
    }

    @Test
    void writeWithoutTokenWhenLeasedThenEveryWriteKindFailsAndChangesNothing() {
        SessionRef ref = createSession();
        ReplyScope scope = ReplyScope.of("slack", "c1");
        sessions().registerWait(ref, scope, flow("waiting"));
        AgentSession before = read(ref);
        SessionLease lease = sessions().acquireLease(ref, "worker-1", TTL);
        assertEveryWriteRefused(sessions(), ref, scope, lease.expiresAt());
        AgentSession after = read(ref);
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.events()).isEmpty();
        assertThat(after.state()).isEmpty();
        assertThat(after.flow()).isEqualTo(before.flow());
        assertThat(after.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(sessions().findWait(WaitKey.of(ref, scope))).as("a refused resume leaves the wait").isPresent();
    }

    @Test
    void writeWithoutTokenWhenLeaseReleasedOrExpiredThenSucceeds() {
        SessionRef ref = createSession();
        sessions().releaseLease(sessions().acquireLease(ref, "w", TTL));
        sessions().append(ref, NewEvent.message("user", "after release"));
        sessions().acquireLease(ref, "w", TTL);
        this.clock.advance(TTL);
        sessions().updateState(ref, Map.of("k", "after expiry"));
        assertThat(read(ref).version()).isEqualTo(3);
    }

    @Test
    void writeWithTokenWhenLeaseTakenOverThenEveryWriteKindFailsEvenAfterTheSuccessorReleases() {
        SessionRef ref = createSession();
        ReplyScope scope = ReplyScope.of("slack", "c1");
        SessionLease paused = sessions().acquireLease(ref, "paused-worker", TTL);
        SessionManager pausedView = sessions().withLease(paused);
        pausedView.registerWait(ref, scope, flow("paused"));
        this.clock.advance(TTL.plusSeconds(1));
        SessionLease successor = sessions().acquireLease(ref, "successor", TTL);
        assertThat(successor.token()).isGreaterThan(paused.token());
        sessions().withLease(successor).append(ref, NewEvent.message("assistant", "successor wrote"));
        assertEveryWriteRefused(pausedView, ref, scope, successor.expiresAt());
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions().renewLease(paused, TTL));
        assertThat(sessions().releaseLease(paused)).isFalse();
        sessions().releaseLease(successor);
        AgentSession before = read(ref);
        assertEveryWriteRefused(pausedView, ref, scope, null);
        AgentSession after = read(ref);
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.events()).extracting(SessionEvent::content).containsExactly("successor wrote");
        assertThat(sessions().findWait(WaitKey.of(ref, scope))).isPresent();
    }

    @Test
    void writeWithTokenWhenLeaseExpiredWithoutSuccessorThenFails() {
        SessionRef ref = createSession();
        SessionLease lease = sessions().acquireLease(ref, "w", TTL);
        this.clock.advance(TTL);
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions().withLease(lease).append(ref, NewEvent.message("user", "late")))
            .satisfies((ex) -> assertThat(ex.getLeasedUntil()).isNull());
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions().renewLease(lease, TTL));
        assertThat(read(ref).eventCount()).isZero();
    }

    @Test
    void writeWithTokenThenWaitRegistrationAndResumeOfTheLeasedSessionSucceed() {
        SessionRef ref = createSession();
        ReplyScope scope = ReplyScope.of("slack", "c1");
        SessionLease lease = sessions().acquireLease(ref, "w", TTL);
        SessionManager leased = sessions().withLease(lease);
        leased.registerWait(ref, scope, flow("one"));
        assertThat(leased.resume(WaitKey.of(ref, scope))).isPresent();
        leased.registerWait(ref, scope, flow("two"));
        Optional<SessionWait> claimed = leased.resume(WaitKey.of(ref, scope), true);
        assertThat(claimed).map(SessionWait::flow).contains(flow("two"));
        assertThat(read(ref).flow()).isNull();
        leased.archive(ref);
        assertThat(read(ref).status()).isEqualTo(SessionStatus.ARCHIVED);
    }

    @Test
    void resumeWhenAnotherSessionIsLeasedThenClaimsItsOwnWait() {
        SessionRef leasedRef = createSession();
        SessionRef free = createSession();
        ReplyScope scope = ReplyScope.of("slack", "c2");
        sessions().registerWait(free, scope, flow("free"));
        SessionLease lease = sessions().acquireLease(leasedRef, "w", TTL);
        assertThat(sessions().withLease(lease).resume(WaitKey.of(free, scope)))
            .as("a lease of one session does not fence the waits of another")
            .isPresent();
    }

    @Test
    void withLeaseWhenWritingAnotherSessionThenRefusedAndNothingChanges() {
        SessionRef ref = createSession();
        SessionRef other = createSession();
        SessionManager leased = sessions().withLease(sessions().acquireLease(ref, "w", TTL));
        assertThatIllegalArgumentException().isThrownBy(() -> leased.append(other, NewEvent.message("user", "x")));
        assertThatIllegalArgumentException().isThrownBy(() -> leased.updateState(other, Map.of("k", 1)));
        assertThat(read(other).version()).isEqualTo(1);
    }

    @Test
    void renewLeaseWhenHeldThenMovesExpiryAndKeepsToken() {
        SessionRef ref = createSession();
        SessionLease lease = sessions().acquireLease(ref, "w", TTL);
        this.clock.advance(TTL.minusSeconds(1));
        SessionLease renewed = sessions().renewLease(lease, TTL);
        assertThat(renewed.token()).isEqualTo(lease.token());
        assertThat(renewed.expiresAt()).isEqualTo(this.clock.instant().plus(TTL));
        this.clock.advance(Duration.ofSeconds(10));
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions().acquireLease(ref, "other", TTL));
        sessions().withLease(renewed).append(ref, NewEvent.message("user", "still mine"));
        assertThat(read(ref).version()).as("renewing is not a write of the session").isEqualTo(2);
    }

    @Test
    void releaseLeaseThenNextAcquisitionWithoutWaitAndReleaseAgainReturnsFalse() {
        SessionRef ref = createSession();
        SessionLease lease = sessions().acquireLease(ref, "w", TTL);
        assertThat(sessions().releaseLease(lease)).isTrue();
        assertThat(sessions().releaseLease(lease)).isFalse();
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions().withLease(lease).updateState(ref, Map.of("k", 1)));
        assertThat(sessions().acquireLease(ref, "next", TTL).token()).isEqualTo(2);
    }

    @Test
    void acquireLeaseWhenConcurrentThenExactlyOneWins() throws Exception {
        SessionRef ref = createSession();
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<SessionLease>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String owner = "worker-" + i;
                Callable<Optional<SessionLease>> acquire = () -> {
                    start.await();
                    try {
                        return Optional.of(sessions().acquireLease(ref, owner, TTL));
                    }
                    catch (SessionLeasedException ex) {
                        return Optional.empty();
                    }
                };
                results.add(executor.submit(acquire));
            }
            start.countDown();
            List<SessionLease> won = new ArrayList<>();
            for (Future<Optional<SessionLease>> result : results) {
                result.get().ifPresent(won::add);
            }
            assertThat(won).hasSize(1);
            assertThat(won.get(0).token()).isEqualTo(1);
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void acquireLeaseWithMaxWaitWhenReleasedMeanwhileThenWaitsAndWins() throws Exception {
        SessionRef ref = createSession();
        SessionLease held = sessions().acquireLease(ref, "holder", TTL);
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            sessions().releaseLease(held);
        });
        releaser.start();
        try {
            SessionLease next = sessions().acquireLease(ref, "waiter", TTL, Duration.ofSeconds(20));
            assertThat(next.token()).isEqualTo(2);
        }
        finally {
            releaser.join();
        }
    }

    @Test
    void acquireLeaseWithMaxWaitWhenStillHeldThenFailsAfterWaiting() {
        SessionRef ref = createSession();
        sessions().acquireLease(ref, "holder", TTL);
        long started = System.nanoTime();
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> sessions().acquireLease(ref, "waiter", TTL, Duration.ofMillis(150)));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void acquireLeaseWhenSessionMissingThenNotFound() {
        SessionRef missing = new SessionRef("default", app(), "alice", "missing");
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().acquireLease(missing, "w", TTL));
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().findEvent(missing, "e1"));
        assertThat(sessions().releaseLease(new SessionLease(missing, "w", 1, this.clock.instant().plus(TTL))))
            .isFalse();
    }

    @Test
    void deleteWhenLeasedThenSessionAndLeaseAreGone() {
        SessionRef ref = createSession();
        SessionLease lease = sessions().acquireLease(ref, "w", TTL);
        assertThat(sessions().delete(ref)).isTrue();
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().withLease(lease).append(ref, NewEvent.message("user", "x")));
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().renewLease(lease, TTL));
    }

    @Test
    void findEventThenReturnsTheRecordedToolResultById() {
        SessionRef ref = createSession();
        SessionManager leased = sessions().withLease(sessions().acquireLease(ref, "w", TTL));
        leased.append(ref, NewEvent.message("user", "book a table"));
        leased.append(ref,
                NewEvent.toolCall("agent", this.json.createObjectNode().put("tool", "book")).withId("call-7"),
                NewEvent.toolResult("tool", this.json.createObjectNode().put("booked", true)).withId("call-7:result"));
        Optional<SessionEvent> found = sessions().findEvent(ref, "call-7:result");
        assertThat(found).hasValueSatisfying((event) -> {
            assertThat(event.seq()).isEqualTo(3);
            assertThat(event.data()).isEqualTo(this.json.createObjectNode().put("booked", true));
        });
        assertThat(sessions().findEvent(ref, "call-8:result")).isEmpty();
        assertThat(sessions().findEvent(ref, "CALL-7:RESULT")).as("ids compare exactly").isEmpty();
    }

    @Test
    void leaseOperationsWhenArgumentsInvalidThenIllegalArgumentAndNothingChanges() {
        SessionRef ref = createSession();
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().acquireLease(ref, "", TTL));
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().acquireLease(ref, "w", Duration.ZERO));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> sessions().acquireLease(ref, "w", Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> sessions().acquireLease(ref, "w", TTL, Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().findEvent(ref, ""));
        SessionLease lease = sessions().acquireLease(ref, "w", TTL);
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().renewLease(lease, Duration.ZERO));
        assertThat(lease.token()).as("the refused acquisitions issued no token").isEqualTo(1);
    }

    /**
     * Every write kind of one session through a manager, each refused by the lease.
     */
    private void assertEveryWriteRefused(SessionManager manager, SessionRef ref, ReplyScope scope,
            @Nullable Instant leasedUntil) {
        WaitKey key = WaitKey.of(ref, scope);
        List<Consumer<SessionRef>> writes = List.of((r) -> manager.append(r, NewEvent.message("user", "x")),
                (r) -> manager.updateState(r, Map.of("k", 1)), (r) -> manager.updateFlow(r, flow("b")),
                (r) -> manager.updateMetadata(r, Map.of("m", "v")), (r) -> manager.rewind(r, 0),
                (r) -> manager.registerWait(r, ReplyScope.of("slack", "other"), flow("c")),
                (r) -> manager.resume(key), (r) -> manager.resume(key, true), manager::archive);
        for (Consumer<SessionRef> write : writes) {
            assertThatExceptionOfType(SessionLeasedException.class).isThrownBy(() -> write.accept(ref))
                .satisfies((ex) -> assertThat(ex.getLeasedUntil()).isEqualTo(leasedUntil));
        }
    }
}
