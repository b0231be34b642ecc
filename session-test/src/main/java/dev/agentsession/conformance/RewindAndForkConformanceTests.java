package dev.agentsession.conformance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.StaleSessionException;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The contract of rewind and fork (SPEC section 10), checked through a {@link DefaultSessionManager}: a rewind appends
 * a {@code REWIND} marker, every {@code EventWindow} read shows the effective history while {@code events(...)} pages
 * through the raw log, the session-scope state is rebuilt from the state given at creation and the events' deltas
 * ({@code user:} and {@code app:} state is shared and not rewound, {@code updateState} changes are not replayed), and
 * a fork is one atomic write of a new session that then lives on its own. A backend runs it by subclassing and
 * returning a store, like {@link SessionStoreConformanceTests}.
 *
 * @param <S> the store type
 */
public abstract class RewindAndForkConformanceTests<S extends SessionStore & WaitStore>
        extends AbstractSessionStoreConformanceTests<S> {

    private AgentSession create(Map<String, Object> state) {
        return sessions().create(NewSession.forUser(app(), "ada").withState(state));
    }

    /** Appends {@code count} messages one second apart, each setting {@code step} to its number. */
    private void appendSteps(SessionRef ref, int first, int count) {
        for (int i = first; i < first + count; i++) {
            this.clock.advance(Duration.ofSeconds(1));
            sessions().append(ref, NewEvent.message("user", "message " + i).withId("e" + i)
                .withStateDelta(Map.of("step", i)));
        }
    }

    private List<Long> seqs(SessionRef ref, EventWindow window) {
        return sessions().get(ref, window).events().stream().map(SessionEvent::seq).toList();
    }

    private List<String> contents(SessionRef ref, EventWindow window) {
        return sessions().get(ref, window).events().stream().map(SessionEvent::content).toList();
    }

    @Test
    void rewindThenAppendWhenEventsFollowThenSeqContinuesAfterMarkerAndReadsShowEffectiveHistory() {
        SessionRef ref = create(Map.of()).ref();
        appendSteps(ref, 1, 5);
        Instant afterFirst = sessions().events(ref, 1, 1).get(0).timestamp();

        AgentSession rewound = sessions().rewind(ref, 2);

        assertThat(rewound.events()).singleElement().satisfies((marker) -> {
            assertThat(marker.seq()).isEqualTo(6);
            assertThat(marker.type()).isEqualTo(EventType.REWIND);
            assertThat(marker.data().get("toSeq").asLong()).isEqualTo(2);
        });
        assertThat(rewound.eventCount()).isEqualTo(6);
        assertThat(rewound.state()).containsExactly(entry("step", 2));
        this.clock.advance(Duration.ofSeconds(1));
        AgentSession appended = sessions().append(ref, NewEvent.message("user", "message 7"));
        assertThat(appended.events()).singleElement().extracting(SessionEvent::seq).isEqualTo(7L);
        assertThat(seqs(ref, EventWindow.all())).containsExactly(1L, 2L, 7L);
        assertThat(contents(ref, EventWindow.all())).containsExactly("message 1", "message 2", "message 7");
        assertThat(seqs(ref, EventWindow.recent(2))).containsExactly(2L, 7L);
        assertThat(seqs(ref, EventWindow.recent(10))).containsExactly(1L, 2L, 7L);
        assertThat(seqs(ref, EventWindow.afterSeq(1))).containsExactly(2L, 7L);
        assertThat(seqs(ref, EventWindow.afterSeq(3))).containsExactly(7L);
        assertThat(seqs(ref, EventWindow.after(afterFirst))).containsExactly(2L, 7L);
        assertThat(seqs(ref, EventWindow.after(afterFirst).withRecent(1))).containsExactly(7L);
        assertThat(seqs(ref, EventWindow.afterSeq(1).withRecent(5))).containsExactly(2L, 7L);
        assertThat(sessions().get(ref, EventWindow.none()).eventCount()).isEqualTo(7);
        assertThat(sessions().events(ref, 1, 100)).extracting(SessionEvent::seq)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(sessions().events(ref, 6, 1)).singleElement()
            .extracting(SessionEvent::type)
            .isEqualTo(EventType.REWIND);
    }

    @Test
    void rewindWhenStateWasSetAtCreationThenItSurvives() {
        BigDecimal price = new BigDecimal("12345678901234567890.1234567890");
        SessionRef ref = create(Map.of("plan", "basic", "lang", "en", "price", price)).ref();
        sessions().append(ref, NewEvent.state("agent", Map.of("plan", "pro")));
        sessions().append(ref, NewEvent.state("agent", Map.of("topic", "billing", "lang", "fr")));

        assertThat(sessions().rewind(ref, 1).state()).containsOnly(entry("plan", "pro"), entry("lang", "en"),
                entry("price", price));
        assertThat(sessions().rewind(ref, 0).state()).containsOnly(entry("plan", "basic"), entry("lang", "en"),
                entry("price", price));
        assertThat(sessions().get(ref, EventWindow.all()).state()).containsOnly(entry("plan", "basic"),
                entry("lang", "en"), entry("price", price));
        assertThat(sessions().get(ref, EventWindow.all()).events()).isEmpty();
    }

    @Test
    void rewindWhenDeltasDeletedKeysThenTheyComeBackAsTheyWere() {
        SessionRef ref = create(Map.of("draft", "v1")).ref();
        sessions().append(ref, NewEvent.state("agent", Map.of("draft", "v2")));
        Map<String, Object> delete = new HashMap<>();
        delete.put("draft", null);
        sessions().append(ref, NewEvent.state("agent", delete));
        assertThat(sessions().get(ref, EventWindow.none()).state()).doesNotContainKey("draft");

        assertThat(sessions().rewind(ref, 1).state()).containsExactly(entry("draft", "v2"));
    }

    @Test
    void rewindWhenScopedKeysChangedThenUserAndAppStateAreNotRewound() {
        SessionRef ref = create(Map.of("user:tier", "gold", "topic", "start")).ref();
        AgentSession sibling = create(Map.of());
        sessions().append(ref, NewEvent.state("agent",
                Map.of("user:tier", "platinum", "app:motd", "hello", "topic", "billing", "temp:scratch", "x")));

        AgentSession rewound = sessions().rewind(ref, 0);

        assertThat(rewound.state()).containsOnly(entry("user:tier", "platinum"), entry("app:motd", "hello"),
                entry("topic", "start"));
        assertThat(sessions().get(sibling.ref(), EventWindow.none()).state())
            .containsOnly(entry("user:tier", "platinum"), entry("app:motd", "hello"));
    }

    @Test
    void rewindWhenUpdateStateChangedSessionKeyThenItIsNotReplayed() {
        SessionRef ref = create(Map.of("plan", "basic")).ref();
        sessions().append(ref, NewEvent.state("agent", Map.of("step", 1)));
        sessions().updateState(ref, Map.of("note", "not in the log", "user:seen", true));

        AgentSession rewound = sessions().rewind(ref, 1);

        assertThat(rewound.state()).containsOnly(entry("plan", "basic"), entry("step", 1), entry("user:seen", true));
    }

    @Test
    void rewindWhenToSeqIsInsideARewoundRangeThenRefusedAndNothingChanges() {
        SessionRef ref = create(Map.of()).ref();
        appendSteps(ref, 1, 4);
        sessions().rewind(ref, 1);
        appendSteps(ref, 6, 1);
        AgentSession before = sessions().get(ref, EventWindow.all());

        assertThatIllegalArgumentException().isThrownBy(() -> sessions().rewind(ref, 3))
            .withMessageContaining("toSeq 3");
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().rewind(ref, 5));

        assertThat(sessions().get(ref, EventWindow.all())).isEqualTo(before);
    }

    @Test
    void rewindWhenGoingFurtherBackThenEarlierRangesMergeAndLaterPointsStayValid() {
        SessionRef ref = create(Map.of()).ref();
        appendSteps(ref, 1, 4);
        sessions().rewind(ref, 3);
        appendSteps(ref, 6, 1);
        assertThat(seqs(ref, EventWindow.all())).containsExactly(1L, 2L, 3L, 6L);

        AgentSession rewound = sessions().rewind(ref, 6);
        assertThat(rewound.events()).extracting(SessionEvent::seq).containsExactly(7L);
        assertThat(rewound.state()).containsExactly(entry("step", 6));
        sessions().rewind(ref, 1);
        appendSteps(ref, 9, 1);

        assertThat(seqs(ref, EventWindow.all())).containsExactly(1L, 9L);
        assertThat(seqs(ref, EventWindow.recent(1))).containsExactly(9L);
        assertThat(sessions().get(ref, EventWindow.none()).state()).containsExactly(entry("step", 9));
    }

    @Test
    void rewindWhenArgumentsAreBadThenClearErrorsAndNothingChanges() {
        SessionRef ref = create(Map.of("plan", "basic")).ref();
        appendSteps(ref, 1, 2);
        AgentSession before = sessions().get(ref, EventWindow.all());

        assertThatIllegalArgumentException().isThrownBy(() -> sessions().rewind(ref, -1))
            .withMessageContaining("toSeq");
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().rewind(ref, 3))
            .withMessageContaining("after the session's last event");
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().rewind(ref, Long.MAX_VALUE));
        assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(
                () -> sessions().rewind(new SessionRef("default", app(), "ada", "missing"), 0));
        assertThat(sessions().get(ref, EventWindow.all())).isEqualTo(before);

        sessions().archive(ref);
        assertThatExceptionOfType(SessionArchivedException.class).isThrownBy(() -> sessions().rewind(ref, 1));
        assertThat(sessions().get(ref, EventWindow.all()).eventCount()).isEqualTo(2);
    }

    @Test
    void rewindWhenExpectedVersionIsStaleThenNothingIsWritten() {
        SessionRef ref = create(Map.of()).ref();
        appendSteps(ref, 1, 2);
        long version = sessions().get(ref, EventWindow.none()).version();
        sessions().append(ref, version, NewEvent.message("user", "first"));

        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> sessions().rewind(ref, 1, version));
        AgentSession rewound = sessions().rewind(ref, 1, version + 1);
        assertThat(rewound.version()).isEqualTo(version + 2);
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> sessions().append(ref, version + 1, NewEvent.message("user", "late")));
        assertThat(seqs(ref, EventWindow.all())).containsExactly(1L);
    }

    @Test
    void rewindWhenAppendsRunConcurrentlyThenLogStaysContiguousAndNothingIsLost() throws Exception {
        SessionRef ref = create(Map.of()).ref();
        appendSteps(ref, 1, 3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    if (n % 4 == 0) {
                        sessions().rewind(ref, 1);
                    }
                    else {
                        sessions().append(ref, NewEvent.message("user", "concurrent " + n));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        List<SessionEvent> log = sessions().events(ref, 1, 1000);
        assertThat(log).hasSize(15);
        assertThat(log).extracting(SessionEvent::seq).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 15).boxed().toList());
        assertThat(log).filteredOn((event) -> event.type() == EventType.REWIND).hasSize(3);
        long lastMarker = log.stream().filter((event) -> event.type() == EventType.REWIND)
            .mapToLong(SessionEvent::seq).max().orElseThrow();
        List<Long> effective = seqs(ref, EventWindow.all());
        assertThat(effective.get(0)).isEqualTo(1L);
        assertThat(effective.subList(1, effective.size())).allMatch((seq) -> seq > lastMarker)
            .hasSize((int) (15 - lastMarker));
        assertThat(sessions().get(ref, EventWindow.none()).state()).containsExactly(entry("step", 1));
    }

    @Test
    void forkThenDivergeWhenBothAppendThenEachKeepsItsOwnHistoryAndTheSourceIsUnchanged() {
        SessionRef source = sessions().create(NewSession.forUser(app(), "ada")
            .withState(Map.of("plan", "basic"))
            .withMetadata(Map.of("channel", "web"))).ref();
        appendSteps(source, 1, 4);
        AgentSession before = sessions().get(source, EventWindow.all());

        AgentSession forked = sessions().fork(source, 3, "branch-" + UUID.randomUUID());

        assertThat(forked.ref().tenant()).isEqualTo(source.tenant());
        assertThat(forked.ref().app()).isEqualTo(source.app());
        assertThat(forked.ref().userId()).isEqualTo(source.userId());
        assertThat(forked.version()).isEqualTo(1);
        assertThat(forked.eventCount()).isEqualTo(3);
        assertThat(forked.metadata()).containsExactly(entry("channel", "web"));
        assertThat(forked.flow()).isNull();
        assertThat(forked.state()).containsOnly(entry("plan", "basic"), entry("step", 3));
        AgentSession read = sessions().get(forked.ref(), EventWindow.all());
        assertThat(read.events()).extracting(SessionEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(read.events()).extracting(SessionEvent::id).containsExactly("e1", "e2", "e3");
        assertThat(read.events()).isEqualTo(before.events().subList(0, 3));
        assertThat(sessions().get(source, EventWindow.all())).isEqualTo(before);

        sessions().append(forked.ref(),
                NewEvent.message("user", "on the branch").withStateDelta(Map.of("step", 40)));
        sessions().append(source, NewEvent.message("user", "on the trunk").withStateDelta(Map.of("step", 5)));

        assertThat(contents(forked.ref(), EventWindow.recent(2))).containsExactly("message 3", "on the branch");
        assertThat(contents(source, EventWindow.recent(2))).containsExactly("message 4", "on the trunk");
        assertThat(sessions().get(forked.ref(), EventWindow.none()).state()).containsEntry("step", 40);
        assertThat(sessions().get(source, EventWindow.none()).state()).containsEntry("step", 5);
        assertThat(sessions().rewind(forked.ref(), 0).state()).containsOnly(entry("plan", "basic"));
    }

    @Test
    void forkWhenSourceWasRewoundThenEffectiveEventsAreCopiedAndNumberedAgain() {
        SessionRef source = create(Map.of()).ref();
        appendSteps(source, 1, 3);
        sessions().rewind(source, 1);
        appendSteps(source, 5, 2);

        AgentSession forked = sessions().fork(source, 5);

        assertThat(forked.ref().sessionId()).isNotEqualTo(source.sessionId());
        assertThat(forked.eventCount()).isEqualTo(2);
        assertThat(forked.state()).containsExactly(entry("step", 5));
        assertThat(sessions().get(forked.ref(), EventWindow.all()).events())
            .extracting(SessionEvent::seq, SessionEvent::id)
            .containsExactly(tuple(1L, "e1"), tuple(2L, "e5"));
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().fork(source, 3));
    }

    @Test
    void forkWhenAtSeqIsZeroThenNewSessionHasTheInitialStateAndNoEvents() {
        SessionRef source = create(Map.of("plan", "basic", "user:tier", "gold")).ref();
        appendSteps(source, 1, 2);

        AgentSession forked = sessions().fork(source, 0);

        assertThat(forked.eventCount()).isZero();
        assertThat(forked.state()).containsOnly(entry("plan", "basic"), entry("user:tier", "gold"));
    }

    @Test
    void forkWhenScopedStateChangesThenUserAndAppStateStayShared() {
        SessionRef source = create(Map.of("user:tier", "gold")).ref();
        appendSteps(source, 1, 1);
        AgentSession forked = sessions().fork(source, 1);

        sessions().updateState(forked.ref(), Map.of("user:tier", "platinum", "app:motd", "hi", "own", 1));

        assertThat(sessions().get(source, EventWindow.none()).state()).containsOnly(entry("user:tier", "platinum"),
                entry("app:motd", "hi"), entry("step", 1));
    }

    @Test
    void forkWhenTargetIdIsTakenThenNothingIsWritten() {
        SessionRef source = create(Map.of("plan", "basic")).ref();
        appendSteps(source, 1, 3);
        AgentSession existing = sessions().create(NewSession.forUser(app(), "ada")
            .withId("taken-" + UUID.randomUUID())
            .withState(Map.of("other", true)));
        sessions().append(existing.ref(), NewEvent.message("user", "mine"));
        AgentSession before = sessions().get(existing.ref(), EventWindow.all());
        AgentSession sourceBefore = sessions().get(source, EventWindow.all());

        assertThatExceptionOfType(SessionAlreadyExistsException.class)
            .isThrownBy(() -> sessions().fork(source, 3, existing.ref().sessionId()));

        assertThat(sessions().get(existing.ref(), EventWindow.all())).isEqualTo(before);
        assertThat(sessions().get(source, EventWindow.all())).isEqualTo(sourceBefore);
    }

    @Test
    void forkWhenArgumentsAreBadThenClearErrorsAndNothingIsCreated() {
        SessionRef source = create(Map.of()).ref();
        appendSteps(source, 1, 2);
        String id = "fork-" + UUID.randomUUID();
        SessionRef target = new SessionRef(source.tenant(), source.app(), source.userId(), id);

        assertThatIllegalArgumentException().isThrownBy(() -> sessions().fork(source, 3, id))
            .withMessageContaining("after the session's last event");
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().fork(source, -1, id))
            .withMessageContaining("atSeq");
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().fork(source, Long.MAX_VALUE, id));
        assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(
                () -> sessions().fork(new SessionRef(source.tenant(), app(), "ada", "missing"), 0, id));

        assertThat(sessions().find(target, EventWindow.all())).isEmpty();
    }

    @Test
    void forkWhenSourceIsArchivedThenTheForkIsActive() {
        SessionRef source = create(Map.of()).ref();
        appendSteps(source, 1, 2);
        sessions().archive(source);

        AgentSession forked = sessions().fork(source, 2);

        assertThat(forked.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(sessions().append(forked.ref(), NewEvent.message("user", "again")).eventCount()).isEqualTo(3);
    }
}
