package dev.agentsession.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.StaleSessionException;
import dev.agentsession.history.Compaction;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.history.Summarizer;
import dev.agentsession.store.HistoryRetention;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract of compaction (SPEC section 10), checked through a {@link DefaultSessionManager}: the
 * {@code COMPACTION} event and the range it stands for, {@link EventWindow#context()}, the policies, turn-safe
 * boundaries, compaction after an append, concurrent compactions of one session, and history retention (the
 * removal of compacted events older than the retention, {@link HistoryRetention}). A backend runs it by
 * subclassing and returning a store, like {@link SessionStoreConformanceTests}.
 */
public abstract class HistoryConformanceTests<S extends SessionStore & WaitStore & HistoryRetention>
        extends AbstractHistoryConformanceTests<S> {

    private final List<Call> summarized = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected String summarize(List<SessionEvent> events, @Nullable String previous) {
        this.summarized.add(new Call(events.stream().map(SessionEvent::seq).toList(), previous));
        return super.summarize(events, previous);
    }

    @Test
    void contextWhenNoCompactionThenWholeHistory() {
        SessionRef ref = newSession();
        turns(ref, 3);
        assertThat(seqs(context(ref))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(history().compact(ref, CompactionPolicy.lastTurns(3))).isEmpty();
        assertThat(history().get(ref, EventWindow.none()).version()).isEqualTo(4);
    }

    @Test
    void compactWhenMoreTurnsThanKeptThenSummaryAndLastTurnsInContext() {
        SessionRef ref = newSession();
        turns(ref, 5);
        Compaction compaction = history().compact(ref, CompactionPolicy.lastTurns(2)).orElseThrow();
        assertThat(compaction.seq()).isEqualTo(11);
        assertThat(compaction.fromSeq()).isEqualTo(1);
        assertThat(compaction.toSeq()).isEqualTo(6);
        assertThat(compaction.summary()).isEqualTo("summary of 6 events");
        assertThat(this.summarized).containsExactly(new Call(List.of(1L, 2L, 3L, 4L, 5L, 6L), null));
        List<SessionEvent> context = context(ref);
        assertThat(seqs(context)).containsExactly(11L, 7L, 8L, 9L, 10L);
        assertThat(context.get(0).type()).isEqualTo(EventType.COMPACTION);
        assertThat(context.get(0).content()).isEqualTo("summary of 6 events");
        assertThat(Compaction.of(context.get(0))).isEqualTo(compaction);
        AgentSession session = history().get(ref, EventWindow.all());
        assertThat(session.eventCount()).isEqualTo(11);
        assertThat(seqs(session.events())).hasSize(11);
        assertThat(seqs(history().events(ref, 1, 100))).hasSize(11);
    }

    @Test
    void compactWhenCompactedBeforeThenCarriesPreviousSummaryAndContextHasLatestOnly() {
        SessionRef ref = newSession();
        turns(ref, 3);
        Compaction first = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(first.toSeq()).isEqualTo(4);
        turns(ref, 2);
        Compaction second = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(second.fromSeq()).isEqualTo(5);
        assertThat(second.toSeq()).isEqualTo(9);
        assertThat(this.summarized.get(1)).isEqualTo(new Call(List.of(5L, 6L, 8L, 9L), "summary of 4 events"));
        assertThat(seqs(context(ref))).containsExactly(12L, 10L, 11L);
        assertThat(seqs(history().get(ref, EventWindow.context().withRecent(1)).events()))
            .containsExactly(12L, 11L);
    }

    @Test
    void compactNeverSplitsToolCallFromItsResultNorUserMessageFromReply() {
        SessionRef ref = newSession();
        history().append(ref, NewEvent.message("user", "book a table"),
                NewEvent.toolCall("assistant", json().createObjectNode().put("tool", "book")),
                NewEvent.message("user", "for two please"),
                NewEvent.toolResult("tool", json().createObjectNode().put("booked", true)),
                NewEvent.message("assistant", "booked"));
        history().append(ref, NewEvent.message("user", "thanks"), NewEvent.message("assistant", "welcome"));
        history().append(ref, NewEvent.message("user", "bye"),
                NewEvent.toolCall("assistant", json().createObjectNode().put("tool", "hangup")));
        history().append(ref, NewEvent.message("user", "still there?"));
        // Turns: 1-5 (the user's second message came while the tool ran), 6-7, then 8-10 (its tool call unanswered)
        Compaction compaction = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(compaction.toSeq()).isEqualTo(7);
        assertThat(seqs(context(ref))).containsExactly(11L, 8L, 9L, 10L);
        this.summarized.clear();
        assertThat(history().compact(ref, CompactionPolicy.lastTurns(1))).isEmpty();
        assertThat(this.summarized).isEmpty();
    }

    @Test
    void compactWithTokenBudgetThenKeepsTheTurnsThatFit() {
        SessionRef ref = newSession();
        for (int i = 0; i < 4; i++) {
            history().append(ref, NewEvent.message("user", "q".repeat(10)),
                    NewEvent.message("assistant", "a".repeat(30)));
        }
        // 40 tokens a turn with one token a character: 100 tokens keep two turns
        CompactionPolicy budget = CompactionPolicy.tokenBudget(100,
                (event) -> (event.content() != null) ? event.content().length() : 0);
        assertThat(history().compact(ref, budget).orElseThrow().toSeq()).isEqualTo(4);
        assertThat(seqs(context(ref))).containsExactly(9L, 5L, 6L, 7L, 8L);
        assertThat(history().compact(ref, budget)).isEmpty();
        CompactionPolicy both = CompactionPolicy.both(budget, CompactionPolicy.lastTurns(1));
        assertThat(history().compact(ref, both).orElseThrow().toSeq()).isEqualTo(6);
        assertThat(seqs(context(ref))).containsExactly(10L, 7L, 8L);
    }

    @Test
    void appendWhenPolicyIsDueThenCompactsAfterTheAppend() {
        SessionManager automatic = manager(
                CompactionSettings.automatic(this::summarize, CompactionPolicy.lastTurns(2)));
        SessionRef ref = newSession();
        turns(ref, 2);
        assertThat(this.summarized).isEmpty();
        AgentSession appended = automatic.append(ref, NewEvent.message("user", "third"));
        assertThat(seqs(appended.events())).containsExactly(5L);
        assertThat(automatic.compact(ref)).isEmpty();
        List<SessionEvent> context = automatic.get(ref, EventWindow.context()).events();
        assertThat(seqs(context)).containsExactly(6L, 3L, 4L, 5L);
        assertThat(Compaction.of(context.get(0)).toSeq()).isEqualTo(2);
    }

    @Test
    void appendWhenEventIsCompactionThenRefusedAndNothingWritten() {
        SessionRef ref = newSession();
        NewEvent forged = new NewEvent(null, EventType.COMPACTION, "system", "forged",
                Compaction.data(1, 1, 0, "forged"), java.util.Map.of(), java.util.Map.of(), null);
        assertThatIllegalArgumentException().isThrownBy(() -> history().append(ref, forged));
        assertThat(history().get(ref, EventWindow.none()).eventCount()).isZero();
    }

    @Test
    void compactWhenTwoRunConcurrentlyThenExactlyOneLands() throws Exception {
        CyclicBarrier bothSummarizing = new CyclicBarrier(2);
        Summarizer waiting = (events, previous) -> {
            try {
                bothSummarizing.await(30, TimeUnit.SECONDS);
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            return "summary";
        };
        SessionManager compacting = manager(CompactionSettings.of(waiting));
        SessionRef ref = newSession();
        turns(ref, 4);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            List<Future<Optional<Compaction>>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(executor.submit(() -> compacting.compact(ref, CompactionPolicy.lastTurns(1))));
            }
            int landed = 0;
            int stale = 0;
            for (Future<Optional<Compaction>> result : results) {
                try {
                    assertThat(result.get(60, TimeUnit.SECONDS)).isPresent();
                    landed++;
                }
                catch (java.util.concurrent.ExecutionException ex) {
                    assertThat(ex.getCause()).isInstanceOf(StaleSessionException.class);
                    stale++;
                }
            }
            assertThat(landed).isOne();
            assertThat(stale).isOne();
        }
        finally {
            executor.shutdownNow();
        }
        AgentSession session = history().get(ref, EventWindow.all());
        assertThat(session.eventCount()).isEqualTo(9);
        assertThat(session.events().stream().filter((event) -> event.type() == EventType.COMPACTION)).hasSize(1);
        assertThat(seqs(context(ref))).containsExactly(9L, 7L, 8L);
    }

    @Test
    void removeCompactedEventsWhenOlderThanRetentionThenGoneAndContextIntact() {
        SessionRef ref = newSession();
        turns(ref, 5);
        history().compact(ref, CompactionPolicy.lastTurns(2)).orElseThrow();
        this.clock.advance(Duration.ofHours(2));
        turns(ref, 1);
        AgentSession before = history().get(ref, EventWindow.context());

        long removed = store().removeCompactedEvents(this.clock.instant().minus(Duration.ofHours(1)), 100,
                this.clock.instant());

        // Other tests' sessions in a shared backend may lose events too: this session's count is at least its own.
        assertThat(removed).isGreaterThanOrEqualTo(6);
        AgentSession after = history().get(ref, EventWindow.context());
        assertThat(after.events()).isEqualTo(before.events());
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
        assertThat(after.eventCount()).isEqualTo(13);
        assertThat(seqs(history().get(ref, EventWindow.all()).events()))
            .containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L);
        assertThat(seqs(history().get(ref, EventWindow.recent(3)).events())).containsExactly(11L, 12L, 13L);
        assertThatExceptionOfType(EventsRemovedException.class).isThrownBy(() -> history().events(ref, 1, 10))
            .satisfies((ex) -> assertThat(ex.getFirstRetainedSeq()).isEqualTo(7));
        assertThat(seqs(history().events(ref, 7, 2))).containsExactly(7L, 8L);
        store().removeCompactedEvents(this.clock.instant().plusSeconds(1), 100, this.clock.instant());
        assertThat(seqs(history().get(ref, EventWindow.all()).events()))
            .as("the events after the compacted range are kept whatever their age")
            .containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L);
    }

    @Test
    void removeCompactedEventsWhenSomeAreRecentThenStopsAtTheFirstRecentOne() {
        SessionRef ref = newSession();
        turns(ref, 2);
        this.clock.advance(Duration.ofHours(2));
        turns(ref, 3);
        Compaction compaction = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(compaction.toSeq()).isEqualTo(8);

        long removed = store().removeCompactedEvents(this.clock.instant().minus(Duration.ofHours(1)), 1,
                this.clock.instant());

        assertThat(removed).isGreaterThanOrEqualTo(4);
        assertThat(seqs(context(ref))).containsExactly(11L, 9L, 10L);
        assertThatExceptionOfType(EventsRemovedException.class).isThrownBy(() -> history().events(ref, 4, 10))
            .satisfies((ex) -> assertThat(ex.getFirstRetainedSeq()).isEqualTo(5));
        assertThat(seqs(history().events(ref, 5, 100))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void removeCompactedEventsWhenNoCompactionOrManySessionsThenOnlyCompactedOnesInEveryBatch() {
        SessionRef plain = newSession();
        turns(plain, 3);
        List<SessionRef> compacted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SessionRef ref = newSession();
            turns(ref, 3);
            history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
            compacted.add(ref);
        }
        this.clock.advance(Duration.ofDays(1));

        long removed = store().removeCompactedEvents(this.clock.instant(), 1, this.clock.instant());

        assertThat(removed).isGreaterThanOrEqualTo(12);
        assertThat(seqs(history().events(plain, 1, 100))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        for (SessionRef ref : compacted) {
            assertThat(seqs(history().get(ref, EventWindow.all()).events())).containsExactly(5L, 6L, 7L);
            assertThat(seqs(context(ref))).containsExactly(7L, 5L, 6L);
            // A compaction after the removal stands for the events after the removed ones.
            turns(ref, 1);
            Compaction next = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
            assertThat(next.fromSeq()).isEqualTo(5);
            assertThat(seqs(context(ref))).containsExactly(10L, 8L, 9L);
        }
    }

    @Test
    void contextWhenARewindTakesOutTheLatestCompactionThenStartsAtThePreviousOne() {
        SessionRef ref = newSession();
        turns(ref, 3);
        Compaction first = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        turns(ref, 2);
        Compaction second = history().compact(ref, CompactionPolicy.lastTurns(1)).orElseThrow();
        assertThat(second.previousSeq()).isEqualTo(first.seq());

        history().rewind(ref, second.seq() - 1);

        assertThat(seqs(context(ref))).containsExactly(7L, 5L, 6L, 8L, 9L, 10L, 11L);
        this.clock.advance(Duration.ofDays(1));
        store().removeCompactedEvents(this.clock.instant(), 100, this.clock.instant());
        assertThat(seqs(history().get(ref, EventWindow.all()).events()))
            .as("retention follows the compaction that counts")
            .containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(seqs(context(ref))).containsExactly(7L, 5L, 6L, 8L, 9L, 10L, 11L);
    }

    /** One call of the summarizer. */
    private record Call(List<Long> seqs, @Nullable String previousSummary) {
    }
}
