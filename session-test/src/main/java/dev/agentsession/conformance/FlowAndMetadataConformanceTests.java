package dev.agentsession.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionArchivedException;
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
 * The contract of flows, waits for another user, metadata and clearing a store (SPEC sections 3.4 and 3.6), checked
 * through a {@link DefaultSessionManager}: {@code updateFlow}, {@code resume} clearing the flow, waits whose waiting
 * user is not the session's owner, {@code updateMetadata} and listings filtered by one metadata key and value, and
 * {@code clearAll}. A backend runs it by subclassing and returning a store, like
 * {@link SessionStoreConformanceTests}.
 *
 * <p>Every test works in an app of its own. {@code clearAll} empties the whole store, so a store for this suite must
 * not share its backend (tables, key namespace) with data that other suites still need.
 */
public abstract class FlowAndMetadataConformanceTests<S extends SessionStore & WaitStore>
        extends AbstractSessionStoreConformanceTests<S> {

    private final JsonMapper json = JsonMapper.builder().build();

    private AgentSession createSession(String userId) {
        return sessions().create(NewSession.forUser(app(), userId));
    }

    private AgentSession createSession(String userId, Map<String, String> metadata) {
        return sessions().create(NewSession.forUser(app(), userId).withMetadata(metadata));
    }

    private AgentSession read(SessionRef ref) {
        return sessions().get(ref, EventWindow.none());
    }

    private FlowState flow(String cursor) {
        ObjectNode snapshot = this.json.createObjectNode().put("cursor", cursor);
        snapshot.putArray("stack").add("plan").add(cursor);
        return new FlowState("approval", cursor, snapshot);
    }

    private WaitKey waitKey(String userId, ReplyScope scope) {
        return WaitKey.of(app(), userId, scope);
    }

    private void tick() {
        this.clock.advance(Duration.ofMillis(1));
    }

    // --- updateFlow -----------------------------------------------------------------------------------------

    @Test
    void updateFlowThenSavesReplacesAndClearsTheFlowWithoutAWait() {
        SessionRef ref = createSession("alice").ref();
        tick();
        AgentSession saved = sessions().updateFlow(ref, flow("step-1"));
        assertThat(saved.flow()).isEqualTo(flow("step-1"));
        assertThat(saved.version()).isEqualTo(2);
        assertThat(saved.updatedAt()).isEqualTo(this.clock.instant());
        assertThat(read(ref).flow()).isEqualTo(flow("step-1"));

        AgentSession replaced = sessions().updateFlow(ref, flow("step-2"), 2L);
        assertThat(replaced.flow()).isEqualTo(flow("step-2"));
        assertThat(read(ref).flow()).isEqualTo(flow("step-2"));

        AgentSession cleared = sessions().updateFlow(ref, null);
        assertThat(cleared.flow()).isNull();
        assertThat(cleared.version()).isEqualTo(4);
        assertThat(read(ref).flow()).isNull();
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice")).isEmpty();
    }

    @Test
    void updateFlowWhenExpectedVersionIsStaleThenThrowsAndChangesNothing() {
        SessionRef ref = createSession("alice").ref();
        sessions().updateFlow(ref, flow("kept"));
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> sessions().updateFlow(ref, flow("lost"), 1L))
            .satisfies((ex) -> assertThat(ex.getCurrentVersion()).isEqualTo(2));
        assertThat(read(ref).flow()).isEqualTo(flow("kept"));
        assertThat(read(ref).version()).isEqualTo(2);
    }

    @Test
    void updateFlowWhenSessionMissingOrArchivedThenFails() {
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> sessions().updateFlow(SessionRef.of(app(), "alice", "missing"), flow("x")));
        SessionRef ref = createSession("alice").ref();
        sessions().archive(ref);
        assertThatExceptionOfType(SessionArchivedException.class)
            .isThrownBy(() -> sessions().updateFlow(ref, flow("x")));
        assertThat(read(ref).flow()).isNull();
    }

    @Test
    void updateFlowThenWaitsOfTheSessionStay() {
        SessionRef ref = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("slack", "C1");
        sessions().registerWait(ref, scope, flow("waiting"));
        sessions().updateFlow(ref, flow("moved-on"));
        assertThat(sessions().findWait(waitKey("alice", scope)).orElseThrow().flow()).isEqualTo(flow("waiting"));
    }

    // --- resume clearing the flow -----------------------------------------------------------------------------

    @Test
    void resumeWhenClearFlowThenReturnsTheWaitAndClearsTheSessionsFlowInTheSameStep() {
        SessionRef ref = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("slack", "C1", "T1");
        sessions().registerWait(ref, scope, flow("approve"));
        long version = read(ref).version();
        tick();
        SessionWait resumed = sessions().resume(waitKey("alice", scope), true).orElseThrow();
        assertThat(resumed.flow()).isEqualTo(flow("approve"));
        assertThat(resumed.session()).isEqualTo(ref);
        AgentSession after = read(ref);
        assertThat(after.flow()).isNull();
        assertThat(after.version()).isEqualTo(version + 1);
        assertThat(after.updatedAt()).isEqualTo(this.clock.instant());
        assertThat(sessions().resume(waitKey("alice", scope), true)).isEmpty();
        assertThat(read(ref).version()).isEqualTo(version + 1);
    }

    @Test
    void resumeWhenClearFlowAndNoLiveWaitThenNothingChanges() {
        SessionRef ref = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("web", "chat");
        sessions().registerWait(ref, scope, flow("late"), Duration.ofMinutes(5), null);
        this.clock.advance(Duration.ofMinutes(5));
        assertThat(sessions().resume(waitKey("alice", scope), true)).isEmpty();
        assertThat(read(ref).flow()).isEqualTo(flow("late"));
        assertThat(read(ref).version()).isEqualTo(2);
    }

    @Test
    void resumeWhenClearFlowAndSixteenThreadsClaimAtOnceThenExactlyOneWinsAndTheFlowIsClearedOnce()
            throws Exception {
        for (int round = 0; round < 3; round++) {
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
                        return sessions().resume(waitKey("alice", scope), true).isPresent();
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> claim : claims) {
                    winners += claim.get(1, TimeUnit.MINUTES) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                assertThat(read(ref).version()).as("round %d", round).isEqualTo(3);
                assertThat(read(ref).flow()).isNull();
            }
            finally {
                pool.shutdownNow();
            }
        }
    }

    // --- waits for another user ---------------------------------------------------------------------------------

    @Test
    void registerWaitForAnotherUserThenFoundListedAndResumedByThatUsersKeyOnTheOwnersSession() {
        SessionRef refund = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("slack", "D-manager");
        ObjectNode payload = this.json.createObjectNode().put("question", "Approve the refund of alice?");
        SessionWait wait = sessions().registerWait(refund, "manager", scope, flow("approve"),
                Duration.ofHours(1), payload);
        assertThat(wait.session()).isEqualTo(refund);
        assertThat(wait.waitingUserId()).isEqualTo("manager");
        assertThat(wait.key()).isEqualTo(waitKey("manager", scope));
        assertThat(read(refund).flow()).isEqualTo(flow("approve"));

        SessionWait found = sessions().findWait(waitKey("manager", scope)).orElseThrow();
        assertThat(found.session()).isEqualTo(refund);
        assertThat(found.waitingUserId()).isEqualTo("manager");
        assertThat(found.payload()).isEqualTo(payload);
        assertThat(sessions().findWait(waitKey("alice", scope))).isEmpty();
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "manager"))
            .extracting(SessionWait::session, SessionWait::waitingUserId)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(refund, "manager"));
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice")).isEmpty();

        SessionWait resumed = sessions().resume(waitKey("manager", scope), true).orElseThrow();
        assertThat(resumed.session()).isEqualTo(refund);
        assertThat(read(refund).flow()).isNull();
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "manager")).isEmpty();
    }

    @Test
    void registerWaitForAnotherUserWhenThatUserAndScopeWaitThenTheNewWaitReplacesTheOld() {
        SessionRef managersOwn = createSession("manager").ref();
        SessionRef refund = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("slack", "D-manager");
        sessions().registerWait(managersOwn, scope, flow("own"));
        tick();
        sessions().registerWait(refund, "manager", scope, flow("approve"));
        assertThat(sessions().findWait(waitKey("manager", scope)).orElseThrow().session()).isEqualTo(refund);
        // The replaced wait's session going away must not take the new wait with it.
        sessions().delete(managersOwn);
        assertThat(sessions().findWait(waitKey("manager", scope)).orElseThrow().session()).isEqualTo(refund);
    }

    @Test
    void deleteOrArchiveSessionThenItsWaitsForOtherUsersAreRemoved() {
        SessionRef deleted = createSession("alice").ref();
        SessionRef archived = createSession("bob").ref();
        SessionRef kept = createSession("carol").ref();
        sessions().registerWait(deleted, "manager", ReplyScope.of("slack", "deleted"), flow("d"));
        sessions().registerWait(deleted, ReplyScope.of("slack", "own"), flow("o"));
        sessions().registerWait(archived, "manager", ReplyScope.of("slack", "archived"), flow("a"));
        sessions().registerWait(kept, "manager", ReplyScope.of("slack", "kept"), flow("k"));
        sessions().delete(deleted);
        sessions().archive(archived);
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "manager"))
            .extracting(SessionWait::session)
            .containsExactly(kept);
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "alice")).isEmpty();
        assertThat(sessions().resume(waitKey("manager", ReplyScope.of("slack", "deleted")))).isEmpty();
    }

    @Test
    void deleteAllThenWaitsForUsersWithoutSessionsInTheAppAreGoneToo() {
        SessionRef refund = createSession("alice").ref();
        ReplyScope scope = ReplyScope.of("slack", "D-manager");
        sessions().registerWait(refund, "manager", scope, flow("approve"));
        sessions().deleteAll(SessionRef.DEFAULT_TENANT, app());
        assertThat(sessions().findWait(waitKey("manager", scope))).isEmpty();
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "manager")).isEmpty();
    }

    @Test
    void registerWaitWhenWaitingUserIsInvalidThenClearErrorAndNothingStored() {
        SessionRef ref = createSession("alice").ref();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> sessions().registerWait(ref, "", ReplyScope.of("web", "x"), flow("x")))
            .withMessageContaining("waitingUserId");
        assertThat(read(ref).version()).isEqualTo(1);
    }

    // --- metadata --------------------------------------------------------------------------------------------------

    @Test
    void updateMetadataThenSetsAndRemovesKeysAndAdvancesTheVersion() {
        SessionRef ref = createSession("alice", Map.of("channel", "slack", "language", "en")).ref();
        tick();
        Map<String, String> delta = new HashMap<>();
        delta.put("language", null);
        delta.put("priority", "high");
        delta.put("channel", "web");
        delta.put("note", "日本 \"q\" / \\ é \t 😀 {}");
        AgentSession updated = sessions().updateMetadata(ref, delta);
        assertThat(updated.metadata()).containsOnly(entry("channel", "web"), entry("priority", "high"),
                entry("note", "日本 \"q\" / \\ é \t 😀 {}"));
        assertThat(read(ref).metadata()).containsEntry("note", "日本 \"q\" / \\ é \t 😀 {}");
        assertThat(refsOf(sessions().list(SessionQuery.forApp(app()).withMetadata("note",
                "日本 \"q\" / \\ é \t 😀 {}")))).containsExactly(ref);
        Map<String, String> dropNote = new HashMap<>();
        dropNote.put("note", null);
        sessions().updateMetadata(ref, dropNote);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.updatedAt()).isEqualTo(this.clock.instant());
        assertThat(read(ref).metadata()).containsOnly(entry("channel", "web"), entry("priority", "high"));
        assertThat(read(ref).version()).isEqualTo(3);
        assertThat(sessions().list(SessionQuery.forApp(app())).sessions())
            .extracting(SessionSummary::metadata)
            .containsExactly(Map.of("channel", "web", "priority", "high"));
    }

    @Test
    void updateMetadataWhenStaleArchivedOrMissingThenThrowsAndChangesNothing() {
        SessionRef ref = createSession("alice", Map.of("channel", "slack")).ref();
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> sessions().updateMetadata(ref, Map.of("channel", "web"), 7L));
        sessions().archive(ref);
        assertThatExceptionOfType(SessionArchivedException.class)
            .isThrownBy(() -> sessions().updateMetadata(ref, Map.of("channel", "web")));
        assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(
                () -> sessions().updateMetadata(SessionRef.of(app(), "alice", "missing"), Map.of("a", "b")));
        assertThat(read(ref).metadata()).containsOnly(entry("channel", "slack"));
        assertThat(sessions().list(SessionQuery.forApp(app()).withMetadata("channel", "web")).sessions())
            .isEmpty();
    }

    @Test
    void updateMetadataWhenKeyIsInvalidThenClearErrorAndNothingChanged() {
        SessionRef ref = createSession("alice").ref();
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().updateMetadata(ref, Map.of("", "x")))
            .withMessageContaining("metadata key");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> sessions().updateMetadata(ref, Map.of("k\u0000", "x")));
        assertThatIllegalArgumentException().isThrownBy(() -> sessions()
            .create(NewSession.forUser(app(), "alice").withMetadata(Map.of("x".repeat(257), "v"))));
        assertThat(read(ref).version()).isEqualTo(1);
    }

    @Test
    void listWhenFilteredByMetadataThenOnlySessionsWithThatKeyAndValueNewestFirst() {
        SessionRef first = createSession("alice", Map.of("channel", "slack")).ref();
        tick();
        createSession("bob", Map.of("channel", "web"));
        tick();
        SessionRef third = createSession("bob", Map.of("channel", "slack", "language", "en")).ref();
        tick();
        createSession("carol", Map.of("language", "slack"));
        tick();
        sessions().create(NewSession.forUser(app() + "-other", "alice").withMetadata(Map.of("channel", "slack")));
        sessions().create(
                NewSession.forUser(app(), "alice").inTenant("t2").withMetadata(Map.of("channel", "slack")));

        SessionQuery slack = SessionQuery.forApp(app()).withMetadata("channel", "slack");
        assertThat(refsOf(sessions().list(slack))).containsExactly(third, first);
        assertThat(refsOf(sessions().list(slack.withUser("alice")))).containsExactly(first);
        assertThat(refsOf(sessions().list(SessionQuery.forApp(app()).withMetadata("channel", "Slack"))))
            .isEmpty();

        tick();
        sessions().append(first, NewEvent.message("user", "hi"));
        assertThat(refsOf(sessions().list(slack))).containsExactly(first, third);

        sessions().updateMetadata(third, Map.of("channel", "web"));
        assertThat(refsOf(sessions().list(slack))).containsExactly(first);
        assertThat(refsOf(sessions().list(SessionQuery.forApp(app()).withMetadata("channel", "web"))))
            .hasSize(2)
            .startsWith(third);

        Map<String, String> removeChannel = new HashMap<>();
        removeChannel.put("channel", null);
        sessions().updateMetadata(first, removeChannel);
        assertThat(refsOf(sessions().list(slack))).isEmpty();

        sessions().archive(third);
        assertThat(refsOf(sessions().list(SessionQuery.forApp(app())
            .withMetadata("channel", "web")
            .withStatus(SessionStatus.ARCHIVED)))).containsExactly(third);
    }

    @Test
    void listWhenFilteredByMetadataThenPagesCoverEveryMatchOnceWhileOthersAreSkipped() {
        List<SessionRef> matching = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String tier = (i % 3 == 0) ? "gold" : "basic";
            SessionRef ref = createSession("user-" + (i % 4), Map.of("tier", tier)).ref();
            if (tier.equals("gold")) {
                matching.add(0, ref);
            }
            if (i % 2 == 0) {
                tick();
            }
        }
        List<SessionRef> listed = new ArrayList<>();
        String token = null;
        do {
            SessionPage page = sessions()
                .list(SessionQuery.forApp(app()).withMetadata("tier", "gold").withLimit(3).withPageToken(token));
            assertThat(page.sessions()).hasSizeLessThanOrEqualTo(3);
            listed.addAll(refsOf(page));
            token = page.nextPageToken();
        }
        while (token != null);
        assertThat(listed).hasSize(10).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(matching);
        List<Instant> times = listed.stream().map((ref) -> read(ref).updatedAt()).toList();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void listWhenFilteredByMetadataAndSessionIsDeletedOrExpiredThenItIsNotListed() {
        SessionManager expiring = manager(SessionSettings.defaults().withTtl(Duration.ofMinutes(10)));
        SessionRef expired = expiring.create(NewSession.forUser(app(), "alice")
            .withMetadata(Map.of("team", "red"))).ref();
        this.clock.advance(Duration.ofMinutes(5));
        NewSession bob = NewSession.forUser(app(), "bob").withId("bob-1");
        SessionRef deleted = sessions().create(bob.withMetadata(Map.of("team", "red"))).ref();
        SessionRef kept = createSession("carol", Map.of("team", "red")).ref();
        sessions().delete(deleted);
        this.clock.advance(Duration.ofMinutes(5));
        SessionQuery red = SessionQuery.forApp(app()).withMetadata("team", "red");
        assertThat(refsOf(sessions().list(red))).containsExactly(kept).doesNotContain(expired);
        // The same ids again, with another value: the old value's index must not list them.
        sessions().create(bob.withMetadata(Map.of("team", "blue")));
        expiring.create(NewSession.forUser(app(), "alice").withId(expired.sessionId()));
        assertThat(refsOf(sessions().list(red))).containsExactly(kept);
    }

    @Test
    void listWhenMetadataKeysAndValuesContainSeparatorsThenFiltersNeverCollide() {
        List<Map<String, String>> metadata = List.of(Map.of("a:b", "c"), Map.of("a", "b:c"), Map.of("a", "b.c"),
                Map.of("a.b", "c"), Map.of("a", "{x}*%'\\"), Map.of("ü", "日本 語"), Map.of("a", ""),
                Map.of("a", "x".repeat(2000)));
        List<SessionRef> refs = new ArrayList<>();
        for (Map<String, String> entry : metadata) {
            refs.add(createSession("alice", entry).ref());
        }
        for (int i = 0; i < metadata.size(); i++) {
            Map.Entry<String, String> entry = metadata.get(i).entrySet().iterator().next();
            assertThat(refsOf(sessions().list(SessionQuery.forApp(app()).withMetadata(entry.getKey(),
                    entry.getValue())))).as("%s", entry.getKey()).containsExactly(refs.get(i));
        }
    }

    @Test
    void listWhenMetadataFilterIsHalfGivenThenClearError() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SessionQuery(SessionRef.DEFAULT_TENANT, app(),
                null, null, null, null, 10, null, "channel", null));
    }

    private static List<SessionRef> refsOf(SessionPage page) {
        return page.sessions().stream().map(SessionSummary::ref).toList();
    }

    // --- updateState overload -------------------------------------------------------------------------------------

    @Test
    void updateStateWithoutVersionThenAppliesTheDelta() {
        SessionRef ref = createSession("alice").ref();
        sessions().updateState(ref, Map.of("topic", "billing"));
        assertThat(read(ref).state()).containsExactly(entry("topic", "billing"));
        assertThat(read(ref).version()).isEqualTo(2);
    }

    // --- clearAll --------------------------------------------------------------------------------------------------

    @Test
    void clearAllWhenConfirmationIsWrongThenNothingIsDeleted() {
        SessionRef ref = createSession("alice").ref();
        assertThatIllegalArgumentException().isThrownBy(() -> sessions().clearAll("yes"))
            .withMessageContaining(SessionManager.CLEAR_ALL_CONFIRMATION);
        assertThat(sessions().find(ref, EventWindow.none())).isPresent();
    }

    @Test
    void clearAllThenEverySessionStateWaitAndDocumentOfEveryTenantAndAppIsGone() {
        SessionRef alice = sessions().create(NewSession.forUser(app(), "alice")
            .withMetadata(Map.of("channel", "slack"))
            .withState(Map.of("k", 1, "user:k", 2, "app:k", 3))).ref();
        sessions().append(alice, NewEvent.message("user", "hi"));
        sessions().registerWait(alice, "manager", ReplyScope.of("slack", "C1"), flow("approve"));
        SessionRef otherTenant = sessions().create(NewSession.forUser(app() + "-b", "bob").inTenant("t2"))
            .ref();
        sessions().documents().save(DocumentScope.user(SessionRef.DEFAULT_TENANT, "alice"), "profile",
                Map.of("name", "Alice"));
        sessions().documents().save(DocumentScope.global("t2"), "policy", Map.of("v", 1));

        sessions().clearAll(SessionManager.CLEAR_ALL_CONFIRMATION);

        assertThat(sessions().find(alice, EventWindow.all())).isEmpty();
        assertThat(sessions().find(otherTenant, EventWindow.all())).isEmpty();
        assertThat(sessions().list(SessionQuery.forApp(app())).sessions()).isEmpty();
        assertThat(sessions().list(SessionQuery.forApp(app()).withMetadata("channel", "slack")).sessions())
            .isEmpty();
        assertThat(sessions().listWaits(SessionRef.DEFAULT_TENANT, app(), "manager")).isEmpty();
        assertThat(sessions().documents().listKeys(DocumentScope.user(SessionRef.DEFAULT_TENANT, "alice"), ""))
            .isEmpty();
        assertThat(sessions().documents().load(DocumentScope.global("t2"), "policy")).isEmpty();

        SessionRef again = sessions().create(NewSession.forUser(app(), "alice").withId(alice.sessionId()))
            .ref();
        AgentSession fresh = sessions().get(again, EventWindow.all());
        assertThat(fresh.state()).isEmpty();
        assertThat(fresh.events()).isEmpty();
        assertThat(fresh.version()).isEqualTo(1);
    }
}
