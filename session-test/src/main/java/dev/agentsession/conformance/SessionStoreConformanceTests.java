package dev.agentsession.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionPage;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * The contract every {@link SessionStore} and {@link WaitStore} keeps (SPEC sections 2, 3 and 4), checked through a
 * {@link DefaultSessionManager}. A backend runs it by subclassing and returning a store; a custom store
 * can do the same from this module's test jar.
 *
 * <p>Every test works in an app of its own, so a store on a shared server needs no cleaning between tests.
 * Time comes from a {@link MutableClock} that the tests move, so expiry is tested without sleeping.
 */
public abstract class SessionStoreConformanceTests<S extends SessionStore & WaitStore>
        extends AbstractSessionStoreConformanceTests<S> {

    private final JsonMapper json = JsonMapper.builder().build();

    private AgentSession createSession(String userId) {
        return sessions().create(NewSession.forUser(app(), userId));
    }

    private void tick() {
        this.clock.advance(Duration.ofMillis(1));
    }

    // --- create and get ---------------------------------------------------------------------------------

    @Test
    void createWhenNoIdGivenThenGeneratesTimeOrderedIds() {
        // Time-ordered to the millisecond: within one millisecond the 74 bits after the timestamp are random (SPEC 2).
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(createSession("alice").ref().sessionId());
            this.clock.advance(Duration.ofMillis(1));
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        assertThat(UUID.fromString(ids.get(0)).version()).isEqualTo(7);
    }

    @Test
    void createThenGetReturnsVersionOneWithMetadataAndState() {
        AgentSession created = sessions().create(NewSession.forUser(app(), "alice")
            .withId("s1")
            .withMetadata(Map.of("channel", "slack"))
            .withState(Map.of("topic", "billing")));
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(created.eventCount()).isZero();
        assertThat(created.createdAt()).isEqualTo(this.clock.instant());
        assertThat(created.expiresAt()).isNull();

        AgentSession read = sessions().get(created.ref(), EventWindow.all());
        assertThat(read.ref()).isEqualTo(SessionRef.of(app(), "alice", "s1"));
        assertThat(read.metadata()).containsExactly(entry("channel", "slack"));
        assertThat(read.state()).containsExactly(entry("topic", "billing"));
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.events()).isEmpty();
        assertThat(read.createdAt()).isEqualTo(created.createdAt());
        assertThat(read.updatedAt()).isEqualTo(created.updatedAt());
    }

    @Test
    void createWhenIdExistsThenThrowsAndKeepsOriginal() {
        sessions().create(NewSession.forUser(app(), "alice").withId("s1").withState(Map.of("v", 1)));
        assertThatExceptionOfType(SessionAlreadyExistsException.class)
            .isThrownBy(() -> sessions()
                .create(NewSession.forUser(app(), "alice").withId("s1").withState(Map.of("v", 2))));
        assertThat(sessions().get(SessionRef.of(app(), "alice", "s1"), EventWindow.none()).state())
            .containsExactly(entry("v", 1));
    }

    @Test
    void getWhenMissingThenNotFound() {
        SessionRef missing = SessionRef.of(app(), "alice", "nope");
        assertThat(sessions().find(missing, EventWindow.all())).isEmpty();
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().get(missing, EventWindow.all()));
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().append(missing, NewEvent.message("user", "hi")));
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().events(missing, 1, 10));
    }

    // --- isolation --------------------------------------------------------------------------------------

    @Test
    void getWhenTenantAppOrUserDiffersThenNotFound() {
        AgentSession session = createSession("alice");
        SessionRef ref = session.ref();
        sessions().append(ref, NewEvent.message("user", "secret"));
        List<SessionRef> others = List.of(new SessionRef("other", ref.app(), ref.userId(), ref.sessionId()),
                new SessionRef(ref.tenant(), ref.app() + "-x", ref.userId(), ref.sessionId()),
                new SessionRef(ref.tenant(), ref.app(), "mallory", ref.sessionId()));
        for (SessionRef other : others) {
            assertThat(sessions().find(other, EventWindow.all())).as(other.toString()).isEmpty();
            assertThatExceptionOfType(SessionNotFoundException.class)
                .isThrownBy(() -> sessions().append(other, NewEvent.message("user", "intrusion")));
            assertThatExceptionOfType(SessionNotFoundException.class)
                .isThrownBy(() -> sessions().updateState(other, Map.of("k", "v"), null));
            assertThatExceptionOfType(SessionNotFoundException.class)
                .isThrownBy(() -> sessions().archive(other));
            assertThat(sessions().delete(other)).isFalse();
        }
        AgentSession unchanged = sessions().get(ref, EventWindow.all());
        assertThat(unchanged.version()).isEqualTo(2);
        assertThat(unchanged.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(unchanged.events()).extracting(SessionEvent::content).containsExactly("secret");
    }

    @Test
    void createWhenIdsContainSpecialCharactersThenTheyNeverCollide() {
        List<String[]> pairs = List.of(new String[] { "a:b", "c" }, new String[] { "a", "b:c" },
                new String[] { "a{b}", "c" }, new String[] { "a", "{b}c" }, new String[] { "a*", "b" },
                new String[] { "a", "*b" }, new String[] { "a%", "b" }, new String[] { "a", "%b" },
                new String[] { "a'", "b" }, new String[] { "a", "'b" }, new String[] { "ü:ß", "日本" },
                new String[] { "ü", "ß:日本" }, new String[] { "a\\", "b" }, new String[] { "a", "\\b" },
                new String[] { "a b", "c" }, new String[] { "a", "b c" }, new String[] { "a/b", "c" },
                new String[] { "a", "b/c" });
        List<SessionRef> refs = new ArrayList<>();
        for (String[] pair : pairs) {
            refs.add(new SessionRef("t:" + pair[0], app(), pair[0], pair[1]));
            refs.add(new SessionRef("t", app() + ":" + pair[0], pair[1], "s"));
        }
        for (SessionRef ref : refs) {
            sessions().create(NewSession.forUser(ref.app(), ref.userId())
                .inTenant(ref.tenant())
                .withId(ref.sessionId())
                .withState(Map.of("owner", ref.toString(), "user:" + ref.sessionId(), ref.toString())));
            sessions().append(ref, NewEvent.message("user", ref.toString()));
        }
        for (SessionRef ref : refs) {
            AgentSession read = sessions().get(ref, EventWindow.all());
            assertThat(read.state()).containsEntry("owner", ref.toString())
                .containsEntry("user:" + ref.sessionId(), ref.toString());
            assertThat(read.events()).extracting(SessionEvent::content).containsExactly(ref.toString());
        }
    }

    // --- append ----------------------------------------------------------------------------------------

    @Test
    void appendThenSequenceIsContiguousAndVersionAdvancesOncePerAppend() {
        SessionRef ref = createSession("alice").ref();
        AgentSession first = sessions().append(ref, NewEvent.message("user", "one"));
        AgentSession second = sessions().append(ref, NewEvent.message("assistant", "two"),
                NewEvent.message("user", "three"));
        assertThat(first.version()).isEqualTo(2);
        assertThat(first.events()).extracting(SessionEvent::seq).containsExactly(1L);
        assertThat(second.version()).isEqualTo(3);
        assertThat(second.events()).extracting(SessionEvent::seq).containsExactly(2L, 3L);
        assertThat(second.eventCount()).isEqualTo(3);
        AgentSession read = sessions().get(ref, EventWindow.all());
        assertThat(read.events()).extracting(SessionEvent::seq, SessionEvent::author, SessionEvent::content)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "user", "one"),
                    org.assertj.core.groups.Tuple.tuple(2L, "assistant", "two"),
                    org.assertj.core.groups.Tuple.tuple(3L, "user", "three"));
        assertThat(read.events()).allSatisfy((event) -> assertThat(event.timestamp()).isEqualTo(this.clock.instant()));
    }

    @Test
    void appendThenUpdatedAtMovesAndEventKeepsGivenFields() {
        SessionRef ref = createSession("alice").ref();
        tick();
        Instant at = Instant.parse("2025-05-05T10:15:30.123456Z");
        sessions().append(ref, NewEvent.message("user", "hello")
            .withId("evt-1")
            .withMetadata(Map.of("lang", "en"))
            .withTimestamp(at));
        AgentSession read = sessions().get(ref, EventWindow.all());
        assertThat(read.updatedAt()).isEqualTo(this.clock.instant());
        SessionEvent event = read.events().get(0);
        assertThat(event.id()).isEqualTo("evt-1");
        assertThat(event.type()).isEqualTo(EventType.MESSAGE);
        assertThat(event.metadata()).containsExactly(entry("lang", "en"));
        assertThat(event.timestamp()).isEqualTo(at);
    }

    @Test
    void appendWhenToolCallAndResultThenBothStoredWithData() {
        SessionRef ref = createSession("alice").ref();
        ObjectNode call = this.json.createObjectNode().put("name", "weather").put("callId", "c1");
        call.putObject("args").put("city", "Paris").put("days", 3);
        ObjectNode result = this.json.createObjectNode().put("callId", "c1").put("tempC", 21.5);
        sessions().append(ref, NewEvent.toolCall("assistant", call), NewEvent.toolResult("weather", result));
        List<SessionEvent> events = sessions().get(ref, EventWindow.all()).events();
        assertThat(events).extracting(SessionEvent::type).containsExactly(EventType.TOOL_CALL, EventType.TOOL_RESULT);
        assertThat(events.get(0).data()).isEqualTo(call);
        assertThat(events.get(1).data()).isEqualTo(result);
    }

    @Test
    void appendWhenExpectedVersionMatchesThenWrites() {
        SessionRef ref = createSession("alice").ref();
        AgentSession appended = sessions().append(ref, 1, NewEvent.message("user", "hi"));
        assertThat(appended.version()).isEqualTo(2);
        assertThat(sessions().append(ref, 2, NewEvent.message("user", "again")).version()).isEqualTo(3);
    }

    @Test
    void appendWhenExpectedVersionIsStaleThenThrowsWithCurrentVersionAndWritesNothing() {
        SessionRef ref = createSession("alice").ref();
        sessions().append(ref, NewEvent.message("user", "first"));
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> sessions().append(ref, 1,
                    NewEvent.message("user", "a").withStateDelta(Map.of("k", "v", "user:k", "v", "app:k", "v")),
                    NewEvent.message("user", "b")))
            .satisfies((ex) -> {
                assertThat(ex.getCurrentVersion()).isEqualTo(2);
                assertThat(ex.getExpectedVersion()).isEqualTo(1);
                assertThat(ex.getRef()).isEqualTo(ref);
            });
        AgentSession read = sessions().get(ref, EventWindow.all());
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.eventCount()).isEqualTo(1);
        assertThat(read.events()).extracting(SessionEvent::content).containsExactly("first");
        assertThat(read.state()).isEmpty();
    }

    @Test
    void appendWhenEventIdAlreadyStoredThenReturnsStoredEventAndStoresNothing() {
        SessionRef ref = createSession("alice").ref();
        AgentSession first = sessions().append(ref,
                NewEvent.message("user", "hello").withId("m1").withStateDelta(Map.of("count", 1)));
        sessions().updateState(ref, Map.of("count", 5), null);
        tick();
        AgentSession retry = sessions().append(ref, 2,
                NewEvent.message("user", "hello (retried)").withId("m1").withStateDelta(Map.of("count", 1)));
        assertThat(retry.events()).containsExactlyElementsOf(first.events());
        assertThat(retry.version()).isEqualTo(3);
        AgentSession read = sessions().get(ref, EventWindow.all());
        assertThat(read.events()).extracting(SessionEvent::content).containsExactly("hello");
        assertThat(read.state()).containsEntry("count", 5);
        assertThat(read.version()).isEqualTo(3);
        assertThat(read.updatedAt()).isBefore(this.clock.instant());
    }

    @Test
    void appendWhenBatchMixesStoredAndNewIdsThenStoresOnlyTheNewOnes() {
        SessionRef ref = createSession("alice").ref();
        sessions().append(ref, NewEvent.message("user", "one").withId("m1"));
        AgentSession appended = sessions().append(ref, NewEvent.message("user", "one again").withId("m1"),
                NewEvent.message("assistant", "two").withId("m2").withStateDelta(Map.of("answered", true)));
        assertThat(appended.events()).extracting(SessionEvent::id, SessionEvent::seq, SessionEvent::content)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", 1L, "one"),
                    org.assertj.core.groups.Tuple.tuple("m2", 2L, "two"));
        assertThat(appended.state()).containsEntry("answered", true);
        assertThat(sessions().get(ref, EventWindow.all()).eventCount()).isEqualTo(2);
    }

    @Test
    void appendWhenBatchRepeatsAnIdThenRejectsTheWholeBatch() {
        SessionRef ref = createSession("alice").ref();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> sessions().append(ref, NewEvent.message("user", "a").withId("x"),
                    NewEvent.message("user", "b").withId("x")))
            .withMessageContaining("'x'");
        assertThat(sessions().get(ref, EventWindow.all()).eventCount()).isZero();
    }

    @Test
    void appendWhenOneEventIsTooLargeThenRejectsTheWholeBatchBeforeWriting() {
        SessionManager limited = manager(SessionSettings.defaults().withMaxEventSize(1024));
        SessionRef ref = limited.create(NewSession.forUser(app(), "alice")).ref();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> limited.append(ref, NewEvent.message("user", "small").withStateDelta(Map.of("k", 1)),
                    NewEvent.message("user", "x".repeat(2000))))
            .withMessageContaining("1024")
            .withMessageContaining("agent.session.max-event-size");
        AgentSession read = limited.get(ref, EventWindow.all());
        assertThat(read.eventCount()).isZero();
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.state()).isEmpty();
        assertThat(limited.append(ref, NewEvent.message("user", "x".repeat(700))).eventCount()).isEqualTo(1);
    }

    @Test
    void appendWhenIdsAreMalformedThenClearErrorAndNothingChanged() {
        SessionRef ref = createSession("alice").ref();
        assertThatIllegalArgumentException().isThrownBy(() -> NewEvent.message("user", "a").withId("bad\nid"))
            .withMessageContaining("control");
        assertThatIllegalArgumentException().isThrownBy(() -> NewEvent.message("user", "a").withId(""))
            .withMessageContaining("1 to 256");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionRef.of(app(), "alice", "x".repeat(257)))
            .withMessageContaining("sessionId");
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().append(ref, List.of(), null));
        assertThat(sessions().get(ref, EventWindow.all()).version()).isEqualTo(1);
    }

    @Test
    void appendWhenConcurrentWithoutVersionThenEverySeqContiguousNothingLostOrDuplicated() throws Exception {
        SessionRef ref = createSession("alice").ref();
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        sessions().append(ref, NewEvent.message("user", thread + "-" + i)
                            .withStateDelta(Map.of("last-" + thread, i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
        AgentSession read = sessions().get(ref, EventWindow.all());
        int total = threads * perThread;
        assertThat(read.eventCount()).isEqualTo(total);
        assertThat(read.version()).isEqualTo(total + 1);
        assertThat(read.events()).extracting(SessionEvent::seq)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, total).mapToObj(Long::valueOf).toList());
        assertThat(read.events()).extracting(SessionEvent::content).doesNotHaveDuplicates().hasSize(total);
        for (int t = 0; t < threads; t++) {
            assertThat(read.state()).containsEntry("last-" + t, perThread - 1);
            int thread = t;
            List<String> ofThread = read.events()
                .stream()
                .map(SessionEvent::content)
                .filter((content) -> content.startsWith(thread + "-"))
                .toList();
            assertThat(ofThread).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj((i) -> thread + "-" + i).toList());
        }
    }

    @Test
    void appendWhenConcurrentWithSameExpectedVersionThenExactlyOneWins() throws Exception {
        SessionRef ref = createSession("alice").ref();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        sessions().append(ref, 1, NewEvent.message("user", "writer " + writer));
                        return true;
                    }
                    catch (StaleSessionException ex) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> future : futures) {
                wins += future.get(1, TimeUnit.MINUTES) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        }
        finally {
            pool.shutdownNow();
        }
        AgentSession read = sessions().get(ref, EventWindow.all());
        assertThat(read.eventCount()).isEqualTo(1);
        assertThat(read.version()).isEqualTo(2);
    }

    // --- windows and paging ------------------------------------------------------------------------------

    private SessionRef sessionWithMessages(int count) {
        SessionRef ref = createSession("alice").ref();
        for (int i = 1; i <= count; i++) {
            tick();
            sessions().append(ref, NewEvent.message("user", "m" + i));
        }
        return ref;
    }

    private static List<String> contents(List<SessionEvent> events) {
        return events.stream().map(SessionEvent::content).toList();
    }

    @Test
    void getWhenWindowIsNoneThenNoEventsButTheCount() {
        SessionRef ref = sessionWithMessages(3);
        AgentSession read = sessions().get(ref, EventWindow.none());
        assertThat(read.events()).isEmpty();
        assertThat(read.eventCount()).isEqualTo(3);
    }

    @Test
    void getWhenWindowIsRecentThenLastEventsOldestFirst() {
        SessionRef ref = sessionWithMessages(30);
        assertThat(contents(sessions().get(ref, EventWindow.recent(3)).events())).containsExactly("m28", "m29",
                "m30");
        assertThat(contents(sessions().get(ref, EventWindow.recent(100)).events())).hasSize(30)
            .startsWith("m1")
            .endsWith("m30");
    }

    @Test
    void getWhenWindowIsAfterSeqThenLaterEventsOnly() {
        SessionRef ref = sessionWithMessages(10);
        assertThat(contents(sessions().get(ref, EventWindow.afterSeq(7)).events())).containsExactly("m8", "m9",
                "m10");
        assertThat(sessions().get(ref, EventWindow.afterSeq(10)).events()).isEmpty();
        assertThat(contents(sessions().get(ref, EventWindow.afterSeq(2).withRecent(2)).events()))
            .containsExactly("m9", "m10");
    }

    @Test
    void getWhenWindowIsAfterInstantThenLaterEventsOnly() {
        SessionRef ref = sessionWithMessages(5);
        Instant third = sessions().get(ref, EventWindow.all()).events().get(2).timestamp();
        assertThat(contents(sessions().get(ref, EventWindow.after(third)).events())).containsExactly("m4", "m5");
        assertThat(contents(sessions().get(ref, EventWindow.after(third).withRecent(1)).events()))
            .containsExactly("m5");
        assertThat(contents(sessions().get(ref, EventWindow.afterSeq(4).withAfter(third)).events()))
            .containsExactly("m5");
    }

    @Test
    void eventsThenPagesThroughTheWholeHistory() {
        SessionRef ref = sessionWithMessages(25);
        List<String> all = new ArrayList<>();
        long next = 1;
        while (true) {
            List<SessionEvent> page = sessions().events(ref, next, 10);
            if (page.isEmpty()) {
                break;
            }
            assertThat(page.get(0).seq()).isEqualTo(next);
            all.addAll(contents(page));
            next = page.get(page.size() - 1).seq() + 1;
        }
        assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj((i) -> "m" + i).toList());
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().events(ref, 0, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().events(ref, 1, 0));
    }

    // --- listing -----------------------------------------------------------------------------------------

    @Test
    void listWhenManySessionsThenPagesNewestFirstWithoutGapsOrRepeats() {
        List<SessionRef> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            tick();
            created.add(createSession("user-" + (i % 3)).ref());
        }
        tick();
        sessions().append(created.get(0), NewEvent.message("user", "bump"));
        List<SessionRef> expected = new ArrayList<>(created);
        Collections.reverse(expected);
        expected.remove(created.get(0));
        expected.add(0, created.get(0));

        List<SessionSummary> listed = new ArrayList<>();
        SessionQuery query = SessionQuery.forApp(app()).withLimit(5);
        int pages = 0;
        do {
            SessionPage page = sessions().list(query);
            assertThat(page.sessions()).hasSizeLessThanOrEqualTo(5);
            listed.addAll(page.sessions());
            query = query.withPageToken(page.nextPageToken());
            pages++;
        }
        while (query.pageToken() != null);
        assertThat(pages).isEqualTo(5);
        assertThat(listed).extracting(SessionSummary::ref).containsExactlyElementsOf(expected);
        assertThat(listed.get(0).eventCount()).isEqualTo(1);
        assertThat(listed.get(0).version()).isEqualTo(2);
    }

    @Test
    void listWhenSessionsShareUpdateTimeThenPagesStillCoverEachOnce() {
        Set<SessionRef> created = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            created.add(createSession("user-" + (i % 4)).ref());
        }
        List<SessionRef> listed = new ArrayList<>();
        SessionQuery query = SessionQuery.forApp(app()).withLimit(5);
        do {
            SessionPage page = sessions().list(query);
            page.sessions().forEach((summary) -> listed.add(summary.ref()));
            query = query.withPageToken(page.nextPageToken());
        }
        while (query.pageToken() != null);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void listWhenFilteredByUserStatusAndTimeThenOnlyMatchingSessions() {
        SessionRef a1 = createSession("alice").ref();
        tick();
        Instant afterA1 = this.clock.instant();
        tick();
        SessionRef b1 = createSession("bob").ref();
        tick();
        SessionRef a2 = createSession("alice").ref();
        tick();
        Instant beforeA3 = this.clock.instant();
        tick();
        SessionRef a3 = createSession("alice").ref();
        sessions().archive(a2);

        assertThat(sessions().list(SessionQuery.forApp(app()).withUser("alice")).sessions())
            .extracting(SessionSummary::ref)
            .containsExactly(a3, a2, a1);
        assertThat(sessions().list(SessionQuery.forApp(app()).withStatus(SessionStatus.ARCHIVED)).sessions())
            .extracting(SessionSummary::ref, SessionSummary::status)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(a2, SessionStatus.ARCHIVED));
        assertThat(sessions()
            .list(SessionQuery.forApp(app()).withUser("alice").withStatus(SessionStatus.ACTIVE))
            .sessions()).extracting(SessionSummary::ref).containsExactly(a3, a1);
        assertThat(sessions().list(SessionQuery.forApp(app()).withUpdatedAfter(afterA1)).sessions())
            .extracting(SessionSummary::ref)
            .containsExactly(a3, a2, b1);
        assertThat(sessions().list(SessionQuery.forApp(app()).withUpdatedBefore(beforeA3)).sessions())
            .extracting(SessionSummary::ref)
            .containsExactly(a2, b1, a1);
        assertThat(sessions()
            .list(SessionQuery.forApp(app()).withUpdatedAfter(afterA1).withUpdatedBefore(beforeA3))
            .sessions()).extracting(SessionSummary::ref).containsExactly(a2, b1);
        assertThat(sessions().list(SessionQuery.forApp("other", app())).sessions()).isEmpty();
        assertThat(sessions().list(SessionQuery.forApp(app() + "-other")).sessions()).isEmpty();
    }

    @Test
    void listWhenPageTokenIsForgedThenClearError() {
        createSession("alice");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> sessions().list(SessionQuery.forApp(app()).withPageToken("not-a-token")))
            .withMessageContaining("pageToken");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionQuery.forApp(app()).withLimit(0));
    }

    // --- state -------------------------------------------------------------------------------------------

    @Test
    void stateWhenAppKeyThenSharedByEveryUserOfTheAppOnly() {
        SessionRef alice = createSession("alice").ref();
        SessionRef bob = createSession("bob").ref();
        sessions().updateState(alice, Map.of("app:motd", "hello all"), null);
        assertThat(sessions().get(bob, EventWindow.none()).state()).containsEntry("app:motd", "hello all");
        SessionRef otherApp = sessions().create(NewSession.forUser(app() + "-2", "alice")).ref();
        SessionRef otherTenant = sessions().create(NewSession.forUser(app(), "alice").inTenant("t2")).ref();
        assertThat(sessions().get(otherApp, EventWindow.none()).state()).doesNotContainKey("app:motd");
        assertThat(sessions().get(otherTenant, EventWindow.none()).state()).doesNotContainKey("app:motd");
    }

    @Test
    void stateWhenUserKeyThenSharedByThatUsersSessionsOnly() {
        SessionRef first = createSession("alice").ref();
        sessions().append(first, NewEvent.message("user", "I like tea").withStateDelta(Map.of("user:drink", "tea")));
        SessionRef second = createSession("alice").ref();
        SessionRef bob = createSession("bob").ref();
        assertThat(sessions().get(second, EventWindow.none()).state()).containsEntry("user:drink", "tea");
        assertThat(sessions().get(bob, EventWindow.none()).state()).doesNotContainKey("user:drink");
        AgentSession changed = sessions().updateState(second, Map.of("user:drink", "coffee"), null);
        assertThat(changed.version()).isEqualTo(2);
        assertThat(sessions().get(first, EventWindow.none()).state()).containsEntry("user:drink", "coffee");
    }

    @Test
    void stateWhenSessionKeyThenPrivateToTheSession() {
        SessionRef first = createSession("alice").ref();
        SessionRef second = createSession("alice").ref();
        sessions().updateState(first, Map.of("step", 2), null);
        assertThat(sessions().get(first, EventWindow.none()).state()).containsExactly(entry("step", 2));
        assertThat(sessions().get(second, EventWindow.none()).state()).isEmpty();
    }

    @Test
    void stateWhenTempKeyThenVisibleOnlyInTheReturnedSnapshot() {
        SessionRef ref = createSession("alice").ref();
        AgentSession appended = sessions().append(ref,
                NewEvent.message("user", "hi").withStateDelta(Map.of("temp:scratch", "x", "kept", "y")));
        assertThat(appended.state()).containsEntry("temp:scratch", "x").containsEntry("kept", "y");
        AgentSession updated = sessions().updateState(ref, Map.of("temp:other", 1), null);
        assertThat(updated.state()).containsEntry("temp:other", 1).doesNotContainKey("temp:scratch");
        AgentSession read = sessions().get(ref, EventWindow.all());
        assertThat(read.state()).containsExactly(entry("kept", "y"));
        assertThat(read.events().get(0).stateDelta()).containsExactly(entry("kept", "y"));
        AgentSession created = sessions()
            .create(NewSession.forUser(app(), "alice").withState(Map.of("temp:t", true, "k", 1)));
        assertThat(created.state()).containsEntry("temp:t", true);
        assertThat(sessions().get(created.ref(), EventWindow.none()).state()).containsExactly(entry("k", 1));
    }

    @Test
    void stateWhenValueIsNullThenKeyIsDeletedInEveryScope() {
        SessionRef ref = createSession("alice").ref();
        sessions().updateState(ref, Map.of("a", 1, "user:b", 2, "app:c", 3), null);
        Map<String, Object> delete = new HashMap<>();
        delete.put("a", null);
        delete.put("user:b", null);
        delete.put("app:c", null);
        sessions().append(ref, NewEvent.state("system", delete));
        assertThat(sessions().get(ref, EventWindow.none()).state()).isEmpty();
        assertThat(sessions().get(ref, EventWindow.all()).events().get(0).stateDelta()).containsOnlyKeys("a",
                "user:b", "app:c");
    }

    @Test
    void stateWhenValuesAreNestedJsonThenTheyReadBackEqual() {
        SessionRef ref = createSession("alice").ref();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", "Ada");
        profile.put("tags", List.of("a", "b"));
        profile.put("score", 12.5);
        profile.put("visits", 3);
        profile.put("flag", false);
        sessions().updateState(ref, Map.of("profile", profile, "unicode", "日本 ü 🚀"), null);
        Map<String, Object> state = sessions().get(ref, EventWindow.none()).state();
        assertThat(state).containsEntry("profile", profile).containsEntry("unicode", "日本 ü 🚀");
    }

    @Test
    void updateStateWhenExpectedVersionIsStaleThenThrowsAndChangesNothing() {
        SessionRef ref = createSession("alice").ref();
        sessions().updateState(ref, Map.of("k", "v1"), 1L);
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> sessions().updateState(ref, Map.of("k", "v2", "user:u", 1, "app:a", 1), 1L))
            .satisfies((ex) -> assertThat(ex.getCurrentVersion()).isEqualTo(2));
        AgentSession read = sessions().get(ref, EventWindow.none());
        assertThat(read.state()).containsExactly(entry("k", "v1"));
        assertThat(read.version()).isEqualTo(2);
    }

    @Test
    void updateStateWhenValueCannotBeJsonThenClearErrorAndNothingChanged() {
        SessionRef ref = createSession("alice").ref();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> sessions().updateState(ref, Map.of("ok", 1, "bad", new Unserializable()), null))
            .withMessageContaining("'bad'");
        AgentSession read = sessions().get(ref, EventWindow.none());
        assertThat(read.state()).isEmpty();
        assertThat(read.version()).isEqualTo(1);
    }

    @Test
    void stateWhenSnapshotIsChangedByCallerThenStoreIsUnaffected() {
        SessionRef ref = createSession("alice").ref();
        sessions().updateState(ref, Map.of("list", new ArrayList<>(List.of(1, 2))), null);
        AgentSession read = sessions().get(ref, EventWindow.none());
        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> ((List<Object>) read.state().get("list")).add(3));
        assertThat(sessions().get(ref, EventWindow.none()).state().get("list")).isEqualTo(List.of(1, 2));
    }

    // --- documents ---------------------------------------------------------------------------------------

    @Test
    void documentsWhenSameKeyInDifferentScopesThenNeverCollide() {
        ScopedStore documents = sessions().documents();
        String tenant = "tenant-" + app();
        List<DocumentScope> scopes = List.of(DocumentScope.global(tenant), DocumentScope.agent(tenant, "x"),
                DocumentScope.shared(tenant, "x"), DocumentScope.user(tenant, "x"), DocumentScope.user(tenant, "y"),
                DocumentScope.global(tenant + "-2"));
        for (DocumentScope scope : scopes) {
            documents.save(scope, "notes", Map.of("scope", scope.toString()));
        }
        for (DocumentScope scope : scopes) {
            assertThat(documents.load(scope, "notes")).contains(Map.of("scope", scope.toString()));
        }
        assertThat(documents.delete(scopes.get(1), "notes")).isTrue();
        assertThat(documents.delete(scopes.get(1), "notes")).isFalse();
        assertThat(documents.load(scopes.get(1), "notes")).isEmpty();
        assertThat(documents.load(scopes.get(2), "notes")).isPresent();
    }

    @Test
    void documentsWhenSavedAgainThenReplacedAndListedByPrefix() {
        ScopedStore documents = sessions().documents();
        DocumentScope scope = DocumentScope.agent("tenant-" + app(), "planner");
        documents.save(scope, "memory:b", Map.of("v", 1));
        documents.save(scope, "memory:a", Map.of("v", 1));
        documents.save(scope, "memory:a", Map.of("v", 2, "nested", Map.of("k", List.of(1, 2))));
        documents.save(scope, "memoryless", Map.of("v", 1));
        documents.save(scope, "other", Map.of("v", 1));
        documents.save(scope, "50%_off", Map.of("v", 1));
        assertThat(documents.load(scope, "memory:a")).contains(Map.of("v", 2, "nested", Map.of("k", List.of(1, 2))));
        assertThat(documents.listKeys(scope, "memory:")).containsExactly("memory:a", "memory:b");
        assertThat(documents.listKeys(scope, "50%")).containsExactly("50%_off");
        assertThat(documents.listKeys(scope, "5_")).isEmpty();
        assertThat(documents.listKeys(scope, "")).containsExactly("50%_off", "memory:a", "memory:b", "memoryless",
                "other");
        assertThatIllegalArgumentException().isThrownBy(() -> documents.save(scope, "", Map.of()));
    }

    // --- lifecycle ---------------------------------------------------------------------------------------

    @Test
    void ttlWhenExpiredThenInvisibleToEveryRead() {
        SessionManager expiring = manager(SessionSettings.defaults().withTtl(Duration.ofMinutes(30)));
        SessionRef ref = expiring.create(NewSession.forUser(app(), "alice")).ref();
        assertThat(expiring.get(ref, EventWindow.none()).expiresAt())
            .isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
        this.clock.advance(Duration.ofMinutes(31));
        assertThat(expiring.find(ref, EventWindow.all())).isEmpty();
        assertThat(expiring.list(SessionQuery.forApp(app())).sessions()).isEmpty();
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> expiring.append(ref, NewEvent.message("user", "late")));
        assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> expiring.events(ref, 1, 10));
        AgentSession recreated = expiring.create(NewSession.forUser(app(), "alice").withId(ref.sessionId()));
        assertThat(recreated.version()).isEqualTo(1);
        assertThat(recreated.eventCount()).isZero();
    }

    @Test
    void ttlWhenSessionIsWrittenThenExpirySlides() {
        SessionManager expiring = manager(SessionSettings.defaults().withTtl(Duration.ofMinutes(30)));
        SessionRef ref = expiring.create(NewSession.forUser(app(), "alice")).ref();
        this.clock.advance(Duration.ofMinutes(20));
        AgentSession appended = expiring.append(ref, NewEvent.message("user", "still here"));
        assertThat(appended.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
        this.clock.advance(Duration.ofMinutes(20));
        expiring.get(ref, EventWindow.none());
        this.clock.advance(Duration.ofMinutes(5));
        assertThat(expiring.find(ref, EventWindow.none())).isPresent();
        this.clock.advance(Duration.ofMinutes(6));
        assertThat(expiring.find(ref, EventWindow.none())).isEmpty();
    }

    @Test
    void archiveThenReadableButRefusesChanges() {
        SessionRef ref = createSession("alice").ref();
        sessions().append(ref, NewEvent.message("user", "before"));
        sessions().archive(ref);
        AgentSession archived = sessions().get(ref, EventWindow.all());
        assertThat(archived.status()).isEqualTo(SessionStatus.ARCHIVED);
        assertThat(archived.version()).isEqualTo(3);
        assertThat(archived.events()).extracting(SessionEvent::content).containsExactly("before");
        assertThatExceptionOfType(SessionArchivedException.class)
            .isThrownBy(() -> sessions().append(ref, NewEvent.message("user", "after")));
        assertThatExceptionOfType(SessionArchivedException.class)
            .isThrownBy(() -> sessions().updateState(ref, Map.of("k", "v"), null));
        assertThat(sessions().get(ref, EventWindow.all()).eventCount()).isEqualTo(1);
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().archive(SessionRef.of(app(), "alice", "missing")));
    }

    @Test
    void archiveInactiveWhenSessionsAreIdleThenArchivesOnlyThoseAndCountsThem() {
        SessionRef idle1 = createSession("alice").ref();
        SessionRef idle2 = createSession("bob").ref();
        SessionRef alreadyArchived = createSession("carol").ref();
        sessions().archive(alreadyArchived);
        this.clock.advance(Duration.ofHours(2));
        SessionRef recent = createSession("alice").ref();
        this.clock.advance(Duration.ofMinutes(30));
        int archived = sessions().archiveInactive(Duration.ofHours(1));
        assertThat(archived).isGreaterThanOrEqualTo(2);
        assertThat(sessions().get(idle1, EventWindow.none()).status()).isEqualTo(SessionStatus.ARCHIVED);
        assertThat(sessions().get(idle2, EventWindow.none()).status()).isEqualTo(SessionStatus.ARCHIVED);
        assertThat(sessions().get(recent, EventWindow.none()).status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(sessions().get(alreadyArchived, EventWindow.none()).version()).isEqualTo(2);
        assertThat(sessions().archiveInactive(Duration.ofHours(1))).isZero();
    }

    @Test
    void deleteThenSessionAndEventsAreGoneAndTheIdCanBeReused() {
        SessionRef ref = createSession("alice").ref();
        sessions().append(ref, NewEvent.message("user", "one").withId("e1"), NewEvent.message("user", "two"));
        SessionRef other = createSession("alice").ref();
        sessions().append(other, NewEvent.message("user", "kept"));
        assertThat(sessions().delete(ref)).isTrue();
        assertThat(sessions().delete(ref)).isFalse();
        assertThat(sessions().find(ref, EventWindow.all())).isEmpty();
        assertThat(sessions().list(SessionQuery.forApp(app())).sessions()).extracting(SessionSummary::ref)
            .containsExactly(other);
        sessions().create(NewSession.forUser(app(), "alice").withId(ref.sessionId()));
        AgentSession reused = sessions().append(ref, NewEvent.message("user", "fresh").withId("e1"));
        assertThat(reused.events()).extracting(SessionEvent::seq, SessionEvent::content)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "fresh"));
        assertThat(sessions().get(other, EventWindow.all()).events()).extracting(SessionEvent::content)
            .containsExactly("kept");
    }

    @Test
    void deleteAllThenClearsTheAppOnly() {
        SessionRef a = createSession("alice").ref();
        sessions().updateState(a, Map.of("user:k", 1, "app:k", 1), null);
        createSession("bob");
        SessionRef otherApp = sessions()
            .create(NewSession.forUser(app() + "-kept", "alice").withState(Map.of("user:k", 2, "app:k", 2)))
            .ref();
        assertThat(sessions().deleteAll(SessionRef.DEFAULT_TENANT, app())).isEqualTo(2);
        assertThat(sessions().list(SessionQuery.forApp(app())).sessions()).isEmpty();
        assertThat(sessions().find(a, EventWindow.none())).isEmpty();
        SessionRef again = createSession("alice").ref();
        assertThat(sessions().get(again, EventWindow.none()).state()).isEmpty();
        assertThat(sessions().get(otherApp, EventWindow.none()).state()).containsEntry("user:k", 2)
            .containsEntry("app:k", 2);
    }

    // --- waits (paused flows) -------------------------------------------------------------------------------

    private FlowState flow(String cursor) {
        ObjectNode snapshot = this.json.createObjectNode().put("cursor", cursor);
        snapshot.putArray("stack").add("plan").add(cursor);
        return new FlowState("booking", cursor, snapshot);
    }

    private WaitKey waitKey(String userId, ReplyScope scope) {
        return WaitKey.of(app(), userId, scope);
    }

    @Test
    void registerWaitThenFindReturnsItAndTheSessionHoldsTheFlow() {
        SessionRef ref = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("slack", "C42", "T1");
        ObjectNode payload = this.json.createObjectNode().put("question", "Approve the refund?");
        SessionWait wait = sessions().registerWait(ref, scope, flow("approve"), Duration.ofMinutes(10), payload);
        assertThat(wait.session()).isEqualTo(ref);
        assertThat(wait.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)));

        SessionWait found = sessions().findWait(waitKey("alice", scope)).orElseThrow();
        assertThat(found.session()).isEqualTo(ref);
        assertThat(found.scope()).isEqualTo(scope);
        assertThat(found.flow()).isEqualTo(flow("approve"));
        assertThat(found.payload()).isEqualTo(payload);
        assertThat(found.createdAt()).isEqualTo(wait.createdAt());
        assertThat(found.expiresAt()).isEqualTo(wait.expiresAt());

        AgentSession session = sessions().get(ref, EventWindow.none());
        assertThat(session.flow()).isEqualTo(flow("approve"));
        assertThat(session.version()).isEqualTo(2);
        assertThat(sessions().findWait(waitKey("alice", ReplyScope.of("slack", "C42")))).isEmpty();
    }

    @Test
    void registerWaitWhenUserAndScopeAlreadyWaitThenTheNewWaitReplacesTheOld() {
        SessionRef first = createSession("alice").ref();
        SessionRef second = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("web", "chat-1");
        sessions().registerWait(first, scope, flow("one"));
        tick();
        sessions().registerWait(second, scope, flow("two"));
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice"))
            .extracting(SessionWait::session, (w) -> w.flow().cursor())
            .containsExactly(org.assertj.core.groups.Tuple.tuple(second, "two"));
        assertThat(sessions().resume(waitKey("alice", scope)).orElseThrow().session()).isEqualTo(second);
        assertThat(sessions().resume(waitKey("alice", scope))).isEmpty();
    }

    @Test
    void listWaitsThenOnlyThatUsersLiveWaitsOldestFirst() {
        SessionRef alice = createSession("alice").ref();
        SessionRef bob = createSession("bob").ref();
        SessionRef otherTenant = sessions().create(NewSession.forUser(app(), "alice").inTenant("t2")).ref();
        sessions().registerWait(alice, ReplyScope.of("slack", "C1"), flow("a1"));
        tick();
        sessions().registerWait(alice, ReplyScope.of("slack", "C1", "T9"), flow("a2"));
        sessions().registerWait(bob, ReplyScope.of("slack", "C1"), flow("b1"));
        sessions().registerWait(otherTenant, ReplyScope.of("slack", "C1"), flow("t2"));
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice"))
            .extracting((w) -> w.flow().cursor())
            .containsExactly("a1", "a2");
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "bob"))
            .extracting((w) -> w.flow().cursor())
            .containsExactly("b1");
        assertThat(sessions().listWaits("t2", app(), "alice")).extracting((w) -> w.flow().cursor())
            .containsExactly("t2");
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app() + "-x", "alice")).isEmpty();
        assertThat(sessions().findWait(waitKey("bob", ReplyScope.of("slack", "C1", "T9")))).isEmpty();
    }

    @Test
    void registerWaitWhenScopePartsContainSeparatorsThenScopesNeverCollide() {
        SessionRef ref = createSession("alice").ref();
        List<ReplyScope> scopes = List.of(ReplyScope.of("a:b", "c"), ReplyScope.of("a", "b:c"),
                ReplyScope.of("a", "b", "c"), ReplyScope.of("a", "b:c", "d"), ReplyScope.of("a{x}", "*%'"),
                ReplyScope.of("a", "{x}*%'"), ReplyScope.of("ü", "日本", "スレッド"));
        for (ReplyScope scope : scopes) {
            sessions().registerWait(ref, scope, flow(scope.toString()));
        }
        for (ReplyScope scope : scopes) {
            assertThat(sessions().findWait(waitKey("alice", scope)).orElseThrow().flow().cursor())
                .isEqualTo(scope.toString());
        }
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice")).hasSize(scopes.size());
    }

    @Test
    void resumeThenReturnsTheWaitOnceAndRemovesIt() {
        SessionRef ref = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("slack", "C1", "T1");
        sessions().registerWait(ref, scope, flow("login"));
        SessionWait resumed = sessions().resume(waitKey("alice", scope)).orElseThrow();
        assertThat(resumed.flow().cursor()).isEqualTo("login");
        assertThat(sessions().resume(waitKey("alice", scope))).isEmpty();
        assertThat(sessions().findWait(waitKey("alice", scope))).isEmpty();
        assertThat(sessions().get(ref, EventWindow.none()).flow()).isEqualTo(flow("login"));
    }

    @Test
    void resumeWhenSixteenThreadsClaimAtOnceThenExactlyOneReceivesTheWait() throws Exception {
        for (int round = 0; round < 5; round++) {
            SessionRef ref = createSession("alice").ref();
            ReplyScope scope = ReplyScope.of("slack", "C1", "round-" + round);
            sessions().registerWait(ref, scope, flow("claim"));
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    claims.add(pool.submit(() -> {
                        start.await();
                        return sessions().resume(waitKey("alice", scope)).isPresent();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> claim : claims) {
                    winners += claim.get(1, TimeUnit.MINUTES) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
            finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void waitWhenExpiredThenNeverReturned() {
        SessionRef ref = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("web", "chat");
        sessions().registerWait(ref, scope, flow("late"), Duration.ofMinutes(5), null);
        this.clock.advance(Duration.ofMinutes(5));
        assertThat(sessions().findWait(waitKey("alice", scope))).isEmpty();
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice")).isEmpty();
        assertThat(sessions().resume(waitKey("alice", scope))).isEmpty();
        assertThat(sessions().clearWait(waitKey("alice", scope))).isFalse();
    }

    @Test
    void registerWaitWhenNoTtlGivenThenDefaultTtlCappedBySessionExpiry() {
        SessionManager defaults = manager(SessionSettings.defaults().withWaitTtl(Duration.ofHours(2)));
        SessionRef ref = defaults.create(NewSession.forUser(app(), "alice")).ref();
        SessionWait wait = defaults.registerWait(ref, ReplyScope.of("web", "a"), flow("x"));
        assertThat(wait.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(2)));

        SessionManager shortLived = manager(SessionSettings.defaults().withTtl(Duration.ofMinutes(30)));
        SessionRef expiring = shortLived.create(NewSession.forUser(app(), "bob")).ref();
        SessionWait capped = shortLived.registerWait(expiring, ReplyScope.of("web", "b"), flow("y"));
        assertThat(capped.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(shortLived.get(expiring, EventWindow.none()).expiresAt()).isEqualTo(capped.expiresAt());
    }

    @Test
    void clearWaitThenItIsGoneAndOtherWaitsStay() {
        SessionRef ref = createSession("alice").ref();
        sessions().registerWait(ref, ReplyScope.of("web", "a"), flow("a"));
        sessions().registerWait(ref, ReplyScope.of("web", "b"), flow("b"));
        assertThat(sessions().clearWait(waitKey("alice", ReplyScope.of("web", "a")))).isTrue();
        assertThat(sessions().clearWait(waitKey("alice", ReplyScope.of("web", "a")))).isFalse();
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice"))
            .extracting(SessionWait::scope)
            .containsExactly(ReplyScope.of("web", "b"));
    }

    @Test
    void deleteOrArchiveSessionThenItsWaitsAreRemovedAndOthersStay() {
        SessionRef deleted = createSession("alice").ref();
        SessionRef archived = createSession("alice").ref();
        SessionRef kept = createSession("alice").ref();
        sessions().registerWait(deleted, ReplyScope.of("web", "deleted"), flow("d"));
        sessions().registerWait(archived, ReplyScope.of("web", "archived"), flow("a"));
        sessions().registerWait(kept, ReplyScope.of("web", "kept"), flow("k"));
        sessions().delete(deleted);
        sessions().archive(archived);
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice"))
            .extracting(SessionWait::session)
            .containsExactly(kept);
        assertThat(sessions().resume(waitKey("alice", ReplyScope.of("web", "deleted")))).isEmpty();
        assertThat(sessions().resume(waitKey("alice", ReplyScope.of("web", "archived")))).isEmpty();
    }

    @Test
    void registerWaitWhenSessionMissingOrArchivedThenFailsAndStoresNothing() {
        ReplyScope scope = ReplyScope.of("web", "x");
        assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(
                () -> sessions().registerWait(SessionRef.of(app(), "alice", "missing"), scope, flow("x")));
        SessionRef ref = createSession("alice").ref();
        sessions().archive(ref);
        assertThatExceptionOfType(SessionArchivedException.class)
            .isThrownBy(() -> sessions().registerWait(ref, scope, flow("x")));
        assertThat(sessions().findWait(waitKey("alice", scope))).isEmpty();
        assertThat(sessions().get(ref, EventWindow.none()).flow()).isNull();
    }

    /**
     * A value Jackson cannot write: its only property throws.
     */
    public static final class Unserializable {

        public String getValue() {
            throw new IllegalStateException("not serializable");
        }

    }
}
