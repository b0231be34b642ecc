package dev.agentsession.conformance;

import java.time.Duration;
import java.util.Map;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.history.Compaction;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.store.HistoryRetention;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How compaction and history retention meet rewind, fork and run leases (SPEC sections 10 and 11): a rewind or fork
 * after a compaction keeps a context that is right in its own numbering, a rewind or fork after retention removed
 * events rebuilds the state from the state the store kept at the retention boundary (and refuses a point before it),
 * and a compaction is a write like any other under a run lease. A backend runs it by subclassing and returning a
 * store, like {@link HistoryConformanceTests}.
 *
 * @param <S> the store type
 */
public abstract class HistoryRewindAndForkConformanceTests<S extends SessionStore & WaitStore & HistoryRetention>
        extends AbstractHistoryConformanceTests<S> {

    /** Appends turns whose user message sets {@code step} to the turn's number, counting from {@code first}. */
    private void steps(SessionRef ref, int first, int count) {
        for (int i = first; i < first + count; i++) {
            history().append(ref, NewEvent.message("user", "question " + i).withStateDelta(Map.of("step", i)),
                    NewEvent.message("assistant", "answer " + i));
        }
    }

    private Object step(AgentSession session) {
        return session.state().get("step");
    }

    @Test
    void rewindWhenCompactedThenAppendAndNextCompactionContinueFromTheRewoundPoint() {
        SessionRef ref = newSession();
        turns(ref, 3);
        Compaction first = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(first.seq()).isEqualTo(7);
        turns(ref, 1);

        history().rewind(ref, 7);
        assertThat(seqs(context(ref))).containsExactly(7L, 5L, 6L);
        history().append(ref, NewEvent.message("user", "again"));

        assertThat(seqs(context(ref))).containsExactly(7L, 5L, 6L, 11L);
        Compaction second = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(second.fromSeq()).isEqualTo(5);
        // Its range runs up to the kept turn: the rewound events 8 to 10 are in it and count no more than before.
        assertThat(second.toSeq()).isEqualTo(10);
        assertThat(second.previousSeq()).isEqualTo(7);
        assertThat(seqs(context(ref))).containsExactly(12L, 11L);

        history().rewind(ref, 6);
        history().append(ref, NewEvent.message("user", "once more"));
        assertThat(seqs(context(ref))).as("the rewind took both compactions out")
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 14L);
    }

    @Test
    void forkWhenCompactedAfterARewindThenTheForkHasTheCompactionInItsNumberingAndDiverges() {
        SessionRef ref = newSession();
        turns(ref, 1);
        history().append(ref, NewEvent.message("user", "never mind"));
        history().rewind(ref, 2);
        turns(ref, 3);
        Compaction compaction = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(compaction.seq()).isEqualTo(11);
        assertThat(compaction.toSeq()).isEqualTo(8);

        AgentSession fork = history().fork(ref, 11, null);

        // The fork holds the source's effective events 1, 2, 5..11 as 1..9.
        assertThat(fork.eventCount()).isEqualTo(9);
        SessionRef forked = fork.ref();
        assertThat(seqs(context(forked))).containsExactly(9L, 7L, 8L);
        Compaction copy = Compaction.of(context(forked).get(0));
        assertThat(copy.fromSeq()).isEqualTo(1);
        assertThat(copy.toSeq()).isEqualTo(6);
        assertThat(copy.previousSeq()).isZero();
        assertThat(copy.summary()).isEqualTo(compaction.summary());

        history().append(forked, NewEvent.message("user", "in the fork"));
        history().append(ref, NewEvent.message("user", "in the source"));
        assertThat(context(forked)).extracting(SessionEvent::content).endsWith("in the fork")
            .doesNotContain("in the source");
        assertThat(seqs(context(forked))).containsExactly(9L, 7L, 8L, 10L);
        assertThat(seqs(context(ref))).containsExactly(11L, 9L, 10L, 12L);
        Compaction next = history().compact(forked, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(next.previousSeq()).isEqualTo(9);
        assertThat(next.fromSeq()).isEqualTo(7);
    }

    @Test
    void rewindAndForkWhenRetentionRemovedEventsThenRefusedBeforeTheBoundaryAndRebuiltAfterIt() {
        SessionRef ref = history().create(NewSession.forUser(app(), "alice")
            .withState(Map.of("step", 0))).ref();
        steps(ref, 1, 4);
        assertThat(history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow().toSeq()).isEqualTo(6);
        this.clock.advance(Duration.ofHours(2));
        steps(ref, 5, 1);
        store().removeCompactedEvents(this.clock.instant().minus(Duration.ofHours(1)), 100, this.clock.instant());
        AgentSession before = history().get(ref, EventWindow.none());
        assertThat(step(before)).isEqualTo(5);

        assertThatExceptionOfType(EventsRemovedException.class).isThrownBy(() -> history().rewind(ref, 4))
            .satisfies((ex) -> assertThat(ex.getFirstRetainedSeq()).isEqualTo(7))
            .withMessageContaining("toSeq 4");
        SessionRef target = new SessionRef(ref.tenant(), ref.app(), ref.userId(), "fork-" + ref.sessionId());
        assertThatExceptionOfType(EventsRemovedException.class)
            .isThrownBy(() -> history().fork(ref, 5, target.sessionId()))
            .satisfies((ex) -> assertThat(ex.getFirstRetainedSeq()).isEqualTo(7));
        assertThat(history().find(target, EventWindow.none())).isEmpty();
        AgentSession unchanged = history().get(ref, EventWindow.none());
        assertThat(unchanged.version()).isEqualTo(before.version());
        assertThat(unchanged.eventCount()).isEqualTo(before.eventCount());
        assertThat(step(unchanged)).isEqualTo(5);

        AgentSession atBoundary = history().fork(ref, 6, null);
        assertThat(atBoundary.eventCount()).isZero();
        assertThat(step(atBoundary)).isEqualTo(3);
        AgentSession fork = history().fork(ref, 10, null);
        assertThat(step(fork)).isEqualTo(5);
        assertThat(seqs(context(fork.ref()))).containsExactly(3L, 1L, 2L, 4L);
        Compaction copy = Compaction.of(context(fork.ref()).get(0));
        assertThat(copy.toSeq()).as("the compacted events were removed before the fork").isZero();

        assertThat(step(history().rewind(ref, 8))).isEqualTo(4);
        assertThat(seqs(context(ref))).containsExactly(7L, 8L);
        assertThat(step(history().rewind(ref, 6))).isEqualTo(3);
        history().append(ref, NewEvent.message("user", "from the boundary").withStateDelta(Map.of("step", 9)));
        assertThat(step(history().rewind(ref, 6))).isEqualTo(3);
        assertThat(step(history().get(ref, EventWindow.none()))).isEqualTo(3);
    }

    @Test
    void compactWhenLeasedThenOnlyTheLeasesWritesCompact() {
        SessionRef ref = newSession();
        turns(ref, 3);
        SessionLease lease = history().acquireLease(ref, "worker", Duration.ofMinutes(1));
        long version = history().get(ref, EventWindow.none()).version();

        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> history().compact(ref, CompactionPolicy.lastTurns(1)));
        assertThat(history().get(ref, EventWindow.none()).version()).isEqualTo(version);
        assertThat(seqs(context(ref))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        SessionManager leased = history().withLease(lease);
        assertThat(leased.compact(ref, CompactionPolicy.lastTurns(1))).isPresent();
        assertThat(seqs(context(ref))).containsExactly(7L, 5L, 6L);

        SessionManager automatic = manager(CompactionSettings.automatic(this::summarize, CompactionPolicy.lastTurns(1)))
            .withLease(lease);
        automatic.append(ref, NewEvent.message("user", "next"), NewEvent.message("assistant", "reply"));
        assertThat(seqs(context(ref))).as("the compaction after a leased append goes through the lease")
            .containsExactly(10L, 8L, 9L);
        history().releaseLease(lease);
        assertThat(history().compact(ref, CompactionPolicy.lastTurns(1))).isEmpty();
    }
}
