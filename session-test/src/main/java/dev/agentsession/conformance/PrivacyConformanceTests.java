package dev.agentsession.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.auth.DefaultAuthSessionManager;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.privacy.DefaultUserDataManager;
import dev.agentsession.privacy.UserDataManager;
import dev.agentsession.privacy.UserErasure;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.UserDataStore;
import dev.agentsession.store.WaitStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * The privacy contract (SPEC section 3.4): {@code eraseUser} removes, and {@code exportUser} writes as JSON,
 * everything of one user in every app of a tenant (sessions with events, {@code user:} state, waits, {@code USER}
 * documents and the auth sessions of the user's threads) and nothing of anyone else; an export never holds a
 * credential. Checked through a {@link DefaultUserDataManager} whose threads of a user are the user's session ids.
 * A backend runs it by subclassing and returning its session store and auth store.
 *
 * <p>Every test works in a tenant of its own.
 */
public abstract class PrivacyConformanceTests<S extends SessionStore & WaitStore & UserDataStore>
        extends AbstractSessionStoreConformanceTests<S> {

    private final JsonMapper json = JsonMapper.builder().build();

    private AuthSessionManager auth;

    private UserDataManager users;

    private String tenant;

    /**
     * The auth session store of the same backend; persistent stores get an encryption key.
     * @param clock the test's clock
     * @return the store
     * @throws Exception if the store cannot be set up
     */
    protected abstract AuthSessionStore createAuthStore(Clock clock) throws Exception;

    @BeforeEach
    void setUpAuthAndUsers() throws Exception {
        AuthSessionStore authStore = createAuthStore(this.clock);
        this.auth = new DefaultAuthSessionManager(authStore, this.clock, Duration.ofMinutes(15));
        this.users = new DefaultUserDataManager(store(), store(), authStore, this.clock, new SessionCodec());
        this.tenant = "tenant-" + UUID.randomUUID();
    }

    private SessionRef create(String app, String userId, Map<String, Object> state) {
        return sessions().create(new NewSession(this.tenant, app, userId, null, Map.of("channel", "slack"), state))
            .ref();
    }

    private FlowState flow(String cursor) {
        return new FlowState("approval", cursor, this.json.createObjectNode().put("cursor", cursor));
    }

    private AuthContext token(String value) {
        return new AuthContext(value, "refresh-" + value, "Bearer", this.clock.instant().plus(Duration.ofHours(1)),
                Map.of());
    }

    private void grant(String thread, String provider, String token) {
        this.auth.put(AuthGrant.active(new AuthSessionKey(this.tenant, thread, "default", provider), token(token),
                Set.of("read")));
    }

    private WaitKey waitKey(String app, String userId, ReplyScope scope) {
        return new WaitKey(this.tenant, app, userId, scope);
    }

    /**
     * What the tests store: alice and bob in apps a and b (and c, where alice only has {@code user:} state left),
     * waits in both directions, documents, auth sessions, and an alice in another tenant.
     */
    private Fixture populate() {
        SessionRef aliceA = create("a", "alice", Map.of("topic", "refund", "user:tier", "gold", "app:shared", 1));
        sessions().append(aliceA, NewEvent.message("user", "alice in a"), NewEvent.message("assistant", "ok"));
        sessions().registerWait(aliceA, ReplyScope.of("slack", "own"), flow("own"));
        sessions().registerWait(aliceA, "manager", ReplyScope.of("slack", "approve"), flow("approve"));
        SessionRef aliceB = create("b", "alice", Map.of("user:lang", "fr"));
        sessions().append(aliceB, NewEvent.message("user", "alice in b"));
        SessionRef gone = create("c", "alice", Map.of("user:left", true));
        sessions().delete(gone);
        SessionRef bobA = create("a", "bob", Map.of("user:tier", "basic"));
        sessions().append(bobA, NewEvent.message("user", "bob's secret"));
        sessions().registerWait(bobA, "alice", ReplyScope.of("slack", "ask-alice"), flow("bob-flow"), null,
                this.json.createObjectNode().put("question", "Can you cover my shift?"));
        sessions().registerWait(bobA, ReplyScope.of("slack", "bob-own"), flow("bob-own"));
        sessions().documents().save(DocumentScope.user(this.tenant, "alice"), "profile", Map.of("name", "Alice"));
        sessions().documents().save(DocumentScope.user(this.tenant, "alice"), "prefs", Map.of("dark", true));
        sessions().documents().save(DocumentScope.user(this.tenant, "bob"), "profile", Map.of("name", "Bob"));
        grant(aliceA.sessionId(), "slack", "xoxp-alice-a");
        grant(aliceA.sessionId(), "google", "ya29-alice-a");
        grant(aliceB.sessionId(), "slack", "xoxp-alice-b");
        grant(bobA.sessionId(), "slack", "xoxp-bob");
        SessionRef otherTenant = sessions().create(NewSession.forUser("a", "alice").inTenant(this.tenant + "-2")
            .withState(Map.of("user:tier", "gold"))).ref();
        return new Fixture(aliceA, aliceB, bobA, otherTenant);
    }

    @Test
    void eraseUserThenEverythingOfTheUserIsGoneInEveryAppAndOthersKeepTheirs() {
        Fixture stored = populate();

        UserErasure erased = this.users.eraseUser(this.tenant, "alice");

        assertThat(erased).isEqualTo(new UserErasure(2, 2, 3));
        assertThat(sessions().find(stored.aliceA(), EventWindow.all())).isEmpty();
        assertThat(sessions().find(stored.aliceB(), EventWindow.all())).isEmpty();
        assertThat(store().sessionsOfUser(this.tenant, "alice", this.clock.instant())).isEmpty();
        assertThat(sessions().list(new SessionQuery(this.tenant, "a", "alice", null, null, null, 10, null))
            .sessions()).isEmpty();
        assertThat(sessions().list(new SessionQuery(this.tenant, "a", null, null, null, null, 10, null)
            .withMetadata("channel", "slack")).sessions()).extracting((s) -> s.ref()).containsExactly(stored.bobA());
        assertThat(store().userStateOfUser(this.tenant, "alice")).isEmpty();
        for (String app : List.of("a", "b", "c")) {
            assertThat(sessions().get(create(app, "alice", Map.of()), EventWindow.none()).state())
                .as("user: state of alice in %s", app)
                .doesNotContainKeys("user:tier", "user:lang", "user:left");
        }
        assertThat(sessions().listWaits(this.tenant, "a", "alice")).isEmpty();
        assertThat(sessions().listWaits(this.tenant, "a", "manager")).isEmpty();
        assertThat(sessions().findWait(waitKey("a", "alice", ReplyScope.of("slack", "ask-alice")))).isEmpty();
        assertThat(sessions().documents().listKeys(DocumentScope.user(this.tenant, "alice"), "")).isEmpty();
        assertThat(this.auth.listForThread(this.tenant, stored.aliceA().sessionId(), null)).isEmpty();
        assertThat(this.auth.listForThread(this.tenant, stored.aliceB().sessionId(), null)).isEmpty();

        AgentSession bob = sessions().get(stored.bobA(), EventWindow.all());
        assertThat(bob.events()).hasSize(1);
        assertThat(bob.state()).containsEntry("user:tier", "basic").containsEntry("app:shared", 1);
        assertThat(sessions().listWaits(this.tenant, "a", "bob")).extracting((w) -> w.flow().cursor())
            .containsExactly("bob-own");
        assertThat(sessions().documents().load(DocumentScope.user(this.tenant, "bob"), "profile")).isPresent();
        assertThat(this.auth.listForThread(this.tenant, stored.bobA().sessionId(), null)).hasSize(1);
        assertThat(sessions().get(stored.otherTenant(), EventWindow.none()).state())
            .containsExactly(entry("user:tier", "gold"));
    }

    @Test
    void eraseUserWhenRunAgainThenNothingIsLeftToErase() {
        populate();
        this.users.eraseUser(this.tenant, "alice");
        assertThat(this.users.eraseUser(this.tenant, "alice")).isEqualTo(new UserErasure(0, 0, 0));
        assertThat(this.users.eraseUser(this.tenant, "nobody")).isEqualTo(new UserErasure(0, 0, 0));
    }

    @Test
    void eraseUserWhenIdsAreInvalidThenClearError() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.users.eraseUser(this.tenant, ""));
        assertThatIllegalArgumentException().isThrownBy(() -> this.users.eraseUser("", "alice"));
    }

    @Test
    void exportUserThenWritesEveryKindOfTheUsersDataAsJsonAndNoCredential() throws Exception {
        Fixture stored = populate();
        // More events than one page of the export, so that it has to page through them.
        for (int batch = 0; batch < 6; batch++) {
            int from = batch * 100;
            sessions().append(stored.aliceB(), IntStream.range(from, from + 100)
                .mapToObj((i) -> NewEvent.message("user", "message " + i))
                .toList(), null);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        this.users.exportUser(this.tenant, "alice", out);
        String text = out.toString(StandardCharsets.UTF_8);
        JsonNode export = this.json.readTree(text);

        assertThat(export.get("tenant").asString()).isEqualTo(this.tenant);
        assertThat(export.get("userId").asString()).isEqualTo("alice");
        assertThat(export.get("exportedAt").asString()).isEqualTo(this.clock.instant().toString());
        JsonNode sessions = export.get("sessions");
        assertThat(sessions).hasSize(2);
        JsonNode inA = sessions.get(0);
        assertThat(inA.get("app").asString()).isEqualTo("a");
        assertThat(inA.get("sessionId").asString()).isEqualTo(stored.aliceA().sessionId());
        assertThat(inA.get("metadata").get("channel").asString()).isEqualTo("slack");
        assertThat(names(inA.get("state"))).containsExactly("topic");
        assertThat(inA.get("flow").get("cursor").asString()).isEqualTo("approve");
        assertThat(inA.get("events")).extracting((e) -> e.get("content").asString())
            .containsExactly("alice in a", "ok");
        JsonNode inB = sessions.get(1);
        assertThat(inB.get("eventCount").asLong()).isEqualTo(601);
        List<Long> seqs = new ArrayList<>();
        inB.get("events").forEach((event) -> seqs.add(event.get("seq").asLong()));
        assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 601).boxed().toList());

        assertThat(names(export.get("userState"))).containsExactly("a", "b", "c");
        assertThat(export.get("userState").get("a").get("user:tier").asString()).isEqualTo("gold");
        assertThat(export.get("userState").get("c").get("user:left").asBoolean()).isTrue();

        List<String> waits = new ArrayList<>();
        export.get("waits").forEach((wait) -> waits.add(wait.get("sessionUserId").asString() + "/"
                + wait.get("waitingUserId").asString() + "/" + wait.get("scope").get("conversation").asString()));
        assertThat(waits).containsExactlyInAnyOrder("alice/alice/own", "alice/manager/approve", "bob/alice/ask-alice");
        export.get("waits").forEach((wait) -> {
            boolean own = wait.get("sessionUserId").asString().equals("alice");
            assertThat(wait.get("flow").isNull()).as("flow of %s", wait).isEqualTo(!own);
        });

        assertThat(names(export.get("documents"))).containsExactlyInAnyOrder("profile", "prefs");
        assertThat(export.get("documents").get("profile").get("name").asString()).isEqualTo("Alice");

        JsonNode authSessions = export.get("authSessions");
        assertThat(authSessions).hasSize(3);
        authSessions.forEach((session) -> {
            assertThat(session.get("credentialHeld").asBoolean()).isTrue();
            assertThat(session.get("status").asString()).isEqualTo("ACTIVE");
            assertThat(names(session)).doesNotContain("context", "accessToken", "refreshToken", "resolveUid");
        });
        // The question bob's session asks alice is alice's to see; bob's conversation and documents are not.
        assertThat(text).contains("Can you cover my shift?")
            .doesNotContain("xoxp-", "ya29-", "refresh-", "bob's secret", "\"Bob\"", "bob-own", "bob-flow")
            .doesNotContain(stored.otherTenant().sessionId());
    }

    @Test
    void exportUserWhenNothingIsStoredThenAnEmptyExportAndTheStreamStaysOpen() throws Exception {
        boolean[] closed = new boolean[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream() {

            @Override
            public void close() {
                closed[0] = true;
            }

        };
        this.users.exportUser(this.tenant, "nobody", out);
        JsonNode export = this.json.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(export.get("sessions")).isEmpty();
        assertThat(export.get("userState")).isEmpty();
        assertThat(export.get("waits")).isEmpty();
        assertThat(export.get("documents")).isEmpty();
        assertThat(export.get("authSessions")).isEmpty();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void waitsOfUserThenWaitsForTheUsersReplyAndOfTheUsersSessionsInEveryApp() {
        Fixture stored = populate();
        SessionRef bobB = create("b", "bob", Map.of());
        sessions().registerWait(bobB, "alice", ReplyScope.of("web", "b"), flow("in-b"));
        assertThat(store().waitsOfUser(this.tenant, "alice", this.clock.instant()))
            .extracting((w) -> w.session().app(), SessionWait::waitingUserId, (w) -> w.scope().conversation())
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "alice", "own"),
                    org.assertj.core.groups.Tuple.tuple("a", "manager", "approve"),
                    org.assertj.core.groups.Tuple.tuple("a", "alice", "ask-alice"),
                    org.assertj.core.groups.Tuple.tuple("b", "alice", "b"));
        assertThat(store().waitsOfUser(this.tenant, "alice", this.clock.instant()))
            .extracting((w) -> w.session().app())
            .isSorted();
        assertThat(store().sessionsOfUser(this.tenant, "alice", this.clock.instant()))
            .containsExactly(stored.aliceA(), stored.aliceB());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private record Fixture(SessionRef aliceA, SessionRef aliceB, SessionRef bobA, SessionRef otherTenant) {
    }
}
