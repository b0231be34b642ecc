package dev.agentsession.conformance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionPage;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.Timestamps;
import dev.agentsession.conformance.InputCases.KeyCase;
import dev.agentsession.conformance.InputCases.ValueCase;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values and keys contract every store keeps (SPEC 3.5): a table of hundreds of generated cases, each stored
 * through a {@link DefaultSessionManager} in every place a caller can store it, where each case either reads back
 * exactly or is refused with an {@link IllegalArgumentException} and nothing changed; and random JSON values and
 * ids that read back equal. A backend runs it by subclassing, like {@link SessionStoreConformanceTests}.
 *
 * <p>Each table is one test with soft assertions, so that a store on a server runs it in a few seconds and a
 * failure report lists every failing case at once.
 */
public abstract class SessionInputConformanceTests<S extends SessionStore & WaitStore>
        extends AbstractSessionStoreConformanceTests<S> {

    // Lenient enough to build the trees of the refused cases too (deep, NaN, binary), keeping decimals as given.
    private final JsonMapper json = JsonMapper.builder(JsonFactory.builder()
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(20_000).build())
        .build()).disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private SessionRef newSession() {
        return sessions().create(NewSession.forUser(app(), "alice")).ref();
    }

    @Test
    void valuesWhenStoredAsStateThenReadBackExactlyOrRefusedWithNothingChanged() {
        SoftAssertions softly = new SoftAssertions();
        SessionRef ref = newSession();
        for (ValueCase value : InputCases.values()) {
            AgentSession before = sessions().get(ref, EventWindow.none());
            CaseCheck.check(softly, "state " + value.name(), value.accepted(),
                    () -> sessions().updateState(ref, Map.of("v", value.value()), null).state().get("v"),
                    () -> sessions().get(ref, EventWindow.none()).state().get("v"), value.expected(),
                    () -> sessions().get(ref, EventWindow.none()).version() == before.version());
        }
        softly.assertAll();
    }

    @Test
    void valuesWhenStoredAsEventDataThenReadBackExactlyOrRefusedWithNothingChanged() {
        SoftAssertions softly = new SoftAssertions();
        SessionRef ref = newSession();
        for (ValueCase value : InputCases.values()) {
            long version = sessions().get(ref, EventWindow.none()).version();
            JsonNode data = tree(value);
            CaseCheck.check(softly, "event data " + value.name(), value.accepted(),
                    () -> lastEventData(sessions().append(ref, NewEvent.toolResult("tool", data))),
                    () -> lastEventData(sessions().get(ref, EventWindow.recent(1))), expectedTree(value),
                    () -> sessions().get(ref, EventWindow.none()).version() == version);
        }
        softly.assertAll();
    }

    @Test
    void valuesWhenStoredAsFlowSnapshotOrWaitPayloadThenReadBackExactlyOrRefusedWithNothingChanged() {
        SoftAssertions softly = new SoftAssertions();
        SessionRef ref = newSession();
        int index = 0;
        for (ValueCase value : InputCases.values()) {
            ReplyScope flowScope = ReplyScope.of("chat", "flow-" + index);
            ReplyScope payloadScope = ReplyScope.of("chat", "payload-" + index++);
            long version = sessions().get(ref, EventWindow.none()).version();
            JsonNode tree = tree(value);
            CaseCheck.check(softly, "flow snapshot " + value.name(), value.accepted(),
                    () -> sessions().registerWait(ref, flowScope, new FlowState("flow", "step", tree),
                            Duration.ofHours(1), null).flow().snapshot(),
                    () -> sessions().findWait(WaitKey.of(ref, flowScope)).map(SessionWait::flow)
                        .map(FlowState::snapshot).orElse(null),
                    expectedTree(value), () -> sessions().get(ref, EventWindow.none()).version() == version
                            && sessions().findWait(WaitKey.of(ref, flowScope)).isEmpty());
            FlowState flow = new FlowState("flow", "step", this.json.createObjectNode());
            CaseCheck.check(softly, "wait payload " + value.name(), value.accepted(),
                    () -> sessions().registerWait(ref, payloadScope, flow, Duration.ofHours(1), tree).payload(),
                    () -> sessions().findWait(WaitKey.of(ref, payloadScope)).map(SessionWait::payload)
                        .orElse(null),
                    expectedTree(value), () -> sessions().findWait(WaitKey.of(ref, payloadScope)).isEmpty());
        }
        softly.assertAll();
    }

    @Test
    void valuesWhenStoredAsDocumentsOrMetadataThenReadBackExactlyOrRefusedWithNothingChanged() {
        SoftAssertions softly = new SoftAssertions();
        DocumentScope scope = DocumentScope.agent("default", app());
        int index = 0;
        for (ValueCase value : InputCases.values()) {
            String key = "doc-" + index++;
            CaseCheck.check(softly, "document " + value.name(), value.acceptedInside(), () -> {
                sessions().documents().save(scope, key, Map.of("v", value.value()));
                return sessions().documents().load(scope, key).map((document) -> document.get("v")).orElse(null);
            }, () -> sessions().documents().load(scope, key).map((document) -> document.get("v")).orElse(null),
                    value.acceptedInside() ? value.expected() : null,
                    () -> sessions().documents().load(scope, key).isEmpty());
            if (value.value() instanceof String text) {
                String sessionId = "meta-" + index;
                SessionRef ref = SessionRef.of(app(), "alice", sessionId);
                CaseCheck.check(softly, "metadata " + value.name(), value.accepted(),
                        () -> sessions().create(NewSession.forUser(app(), "alice").withId(sessionId)
                            .withMetadata(Map.of("m", text))).metadata().get("m"),
                        () -> sessions().get(ref, EventWindow.none()).metadata().get("m"), text,
                        () -> sessions().find(ref, EventWindow.none()).isEmpty());
            }
        }
        softly.assertAll();
    }

    private JsonNode tree(ValueCase value) {
        // A self-containing value has no tree: it is given as a POJO inside one, which the manager must refuse too.
        return value.tree() ? tree(value.value()) : this.json.getNodeFactory().pojoNode(value.value());
    }

    private JsonNode tree(@Nullable Object value) {
        // Binary data as binary nodes: the mapper would turn it into Base64 text, which is a string, not binary.
        if (value instanceof byte[] bytes) {
            return this.json.getNodeFactory().binaryNode(bytes);
        }
        if (value instanceof Map<?, ?> map && map.values().stream().anyMatch(byte[].class::isInstance)) {
            ObjectNode node = this.json.createObjectNode();
            map.forEach((key, item) -> node.set(key.toString(), tree(item)));
            return node;
        }
        return this.json.valueToTree(value);
    }

    private @Nullable JsonNode expectedTree(ValueCase value) {
        return value.accepted() ? this.json.valueToTree(value.expected()) : null;
    }

    private static @Nullable JsonNode lastEventData(AgentSession session) {
        return session.events().get(session.events().size() - 1).data();
    }

    @Test
    void identifiersWhenUsedAsSessionIdsEventIdsAndDocumentKeysThenDistinctOrRefused() {
        SoftAssertions softly = new SoftAssertions();
        SessionRef events = newSession();
        DocumentScope scope = DocumentScope.user("default", "alice-" + app().hashCode());
        List<String> accepted = new ArrayList<>();
        for (KeyCase id : InputCases.identifiers()) {
            long version = sessions().get(events, EventWindow.none()).version();
            String name = id.name();
            CaseCheck.check(softly, "session id " + name, id.accepted(), () -> sessions()
                .create(NewSession.forUser(app(), "ids").withId(id.value()).withState(Map.of("id", id.value())))
                .ref()
                .sessionId(), () -> sessions().get(SessionRef.of(app(), "ids", id.value()), EventWindow.none())
                    .state()
                    .get("id"), id.value(), () -> true);
            CaseCheck.check(softly, "event id " + name, id.accepted(),
                    () -> lastEvent(sessions().append(events, NewEvent.message("user", id.value())
                        .withId(id.value()))).id(),
                    () -> sessions().get(events, EventWindow.recent(1)).events().get(0).content(), id.value(),
                    () -> sessions().get(events, EventWindow.none()).version() == version);
            CaseCheck.check(softly, "document key " + name, id.accepted(), () -> {
                sessions().documents().save(scope, id.value(), Map.of("key", id.value()));
                return id.value();
            }, () -> sessions().documents().load(scope, id.value()).map((document) -> document.get("key"))
                .orElse(null), id.value(), () -> true);
            CaseCheck.check(softly, "reply scope " + name, id.accepted(), () -> {
                ReplyScope reply = ReplyScope.of("chat", id.value(), id.value());
                return sessions().registerWait(events, reply, new FlowState("f", id.value(),
                        this.json.createObjectNode())).scope().conversation();
            }, () -> sessions().findWait(WaitKey.of(events, ReplyScope.of("chat", id.value(), id.value())))
                .map((wait) -> wait.flow().cursor()).orElse(null), id.value(), () -> true);
            if (id.accepted()) {
                accepted.add(id.value());
            }
        }
        // Every accepted id is its own session, event and document: none was padded, folded or normalized into another.
        for (String id : accepted) {
            softly.assertThat(sessions().get(SessionRef.of(app(), "ids", id), EventWindow.none()).state())
                .as("session '%s'", id).containsEntry("id", id);
            softly.assertThat(sessions().documents().load(scope, id)).as("document '%s'", id)
                .contains(Map.of("key", id));
        }
        softly.assertThat(sessions().get(events, EventWindow.all()).events()).extracting(SessionEvent::id)
            .as("event ids").containsExactlyElementsOf(accepted);
        softly.assertThat(sessions().documents().listKeys(scope, "")).as("document keys")
            .containsExactlyInAnyOrderElementsOf(accepted);
        softly.assertAll();
    }

    @Test
    void stateKeysWhenStoredThroughUpdatesAndEventsThenDistinctOrRefusedWithNothingChanged() {
        SoftAssertions softly = new SoftAssertions();
        SessionRef updated = newSession();
        SessionRef appended = newSession();
        List<String> accepted = new ArrayList<>();
        for (KeyCase key : InputCases.stateKeys()) {
            long version = sessions().get(updated, EventWindow.none()).version();
            long appendedVersion = sessions().get(appended, EventWindow.none()).version();
            CaseCheck.check(softly, "state key " + key.name(), key.accepted(),
                    () -> sessions().updateState(updated, Map.of(key.value(), key.value()), null).state()
                        .get(key.value()),
                    () -> sessions().get(updated, EventWindow.none()).state().get(key.value()), key.value(),
                    () -> sessions().get(updated, EventWindow.none()).version() == version);
            CaseCheck.check(softly, "event state key " + key.name(), key.accepted(),
                    () -> sessions().append(appended, NewEvent.state("agent", Map.of(key.value(), key.value())))
                        .state().get(key.value()),
                    () -> sessions().get(appended, EventWindow.none()).state().get(key.value()), key.value(),
                    () -> sessions().get(appended, EventWindow.none()).version() == appendedVersion);
            if (key.accepted()) {
                accepted.add(key.value());
            }
        }
        for (SessionRef ref : List.of(updated, appended)) {
            Map<String, Object> state = sessions().get(ref, EventWindow.none()).state();
            for (String key : accepted) {
                softly.assertThat(state).as("state key '%s'", key).containsEntry(key, key);
            }
        }
        softly.assertAll();
    }

    @Test
    void timesWhenGivenOrComputedThenStoredExactlyOrRefusedWithNothingChanged() {
        SoftAssertions softly = new SoftAssertions();
        SessionRef ref = newSession();
        List<Instant> storable = List.of(Timestamps.MIN, Timestamps.MAX, Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.parse("2262-04-12T00:00:00Z"));
        List<Instant> beyond = List.of(Instant.MIN, Instant.MAX, Timestamps.MIN.minusNanos(1000),
                Timestamps.MAX.plusNanos(1000), Instant.parse("+1000000-01-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"));
        for (Instant time : storable) {
            Instant micros = time.truncatedTo(ChronoUnit.MICROS);
            CaseCheck.check(softly, "event timestamp " + time, true,
                    () -> lastEvent(sessions().append(ref, NewEvent.message("user", "t").withTimestamp(time)))
                        .timestamp(),
                    () -> lastEvent(sessions().get(ref, EventWindow.recent(1))).timestamp(), micros, () -> true);
            CaseCheck.check(softly, "window after " + time, true,
                    () -> sessions().get(ref, EventWindow.after(time)).ref(), () -> ref, ref, () -> true);
            CaseCheck.check(softly, "query updated before " + time, true,
                    () -> sessions().list(SessionQuery.forApp(app()).withUpdatedBefore(time)).getClass(),
                    () -> SessionPage.class, SessionPage.class, () -> true);
        }
        for (Instant time : beyond) {
            long version = sessions().get(ref, EventWindow.none()).version();
            CaseCheck.check(softly, "event timestamp " + time, false,
                    () -> sessions().append(ref, NewEvent.message("user", "t").withTimestamp(time)), () -> null,
                    null, () -> sessions().get(ref, EventWindow.none()).version() == version);
            CaseCheck.check(softly, "window after " + time, false,
                    () -> sessions().get(ref, EventWindow.after(time)), () -> null, null, () -> true);
            CaseCheck.check(softly, "query updated after " + time, false,
                    () -> sessions().list(SessionQuery.forApp(app()).withUpdatedAfter(time)), () -> null, null,
                    () -> true);
        }
        for (Duration ttl : List.of(Duration.ofSeconds(1_000_000_000_000_000L), Duration.ofSeconds(Long.MAX_VALUE),
                ChronoUnit.MILLENNIA.getDuration().multipliedBy(9))) {
            long version = sessions().get(ref, EventWindow.none()).version();
            String sessionId = "ttl-" + ttl.getSeconds();
            CaseCheck.check(softly, "session ttl " + ttl, false,
                    () -> manager(SessionSettings.defaults().withTtl(ttl))
                        .create(NewSession.forUser(app(), "alice").withId(sessionId)),
                    () -> null, null,
                    () -> sessions().find(SessionRef.of(app(), "alice", sessionId), EventWindow.none())
                        .isEmpty());
            CaseCheck.check(softly, "wait ttl " + ttl, false,
                    () -> sessions().registerWait(ref, ReplyScope.of("chat", "ttl"),
                            new FlowState("f", "c", this.json.createObjectNode()), ttl, null),
                    () -> null, null, () -> sessions().get(ref, EventWindow.none()).version() == version
                            && sessions().findWait(WaitKey.of(ref, ReplyScope.of("chat", "ttl"))).isEmpty());
            CaseCheck.check(softly, "inactivity " + ttl, false, () -> sessions().archiveInactive(ttl),
                    () -> null, null, () -> sessions().get(ref, EventWindow.none()).version() == version);
        }
        softly.assertAll();
    }

    @Test
    void listWhenPageTokensAreForgedThenRefusedOrAPageAndNeverAnotherFailure() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < 3; i++) {
            sessions().create(NewSession.forUser(app(), "user-" + i));
        }
        List<String> tokens = new ArrayList<>(List.of("", "!", "====", "a", "%%%", "x".repeat(100_000)));
        for (String plain : List.of("x", "1\na\nb\nc", "abc\nu\ns", "9223372036854775807\nu\ns",
                "-9223372036854775808\nu\ns", "1\n\u0000\ns", "1\nu\n", "1\n\nu", "1\nu\ud800\ns",
                "99999999999999999999\nu\ns", "1.5\nu\ns", "253402300800000000\nu\ns")) {
            tokens.add(Base64.getUrlEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
        }
        Random random = new Random(14);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[random.nextInt(60)];
            random.nextBytes(bytes);
            tokens.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        for (String token : tokens) {
            for (SessionQuery query : List.of(SessionQuery.forApp(app()), SessionQuery.forApp(app())
                .withUser("user-1"))) {
                try {
                    sessions().list(query.withPageToken(token));
                }
                catch (IllegalArgumentException ex) {
                    // Refused, as a token the store did not make may be.
                }
                catch (RuntimeException ex) {
                    softly.fail("page token '%s' failed with %s", token.substring(0, Math.min(40, token.length())),
                            ex);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void randomValuesAndIdsWhenStoredThenReadBackEqual() {
        long seed = Long.getLong("agent.session.tck.seed", 14L);
        RandomJson generator = new RandomJson(seed);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < 100; i++) {
            String sessionId = generator.id();
            String eventId = generator.id();
            String documentKey = generator.id();
            Map<String, Object> state = generator.map(4);
            Map<String, Object> data = generator.map(4);
            Map<String, Object> document = generator.map(4);
            String content = generator.text(200);
            String what = "seed " + seed + ", case " + i;
            SessionRef ref = SessionRef.of(app(), "random", sessionId);
            try {
                sessions().create(NewSession.forUser(app(), "random").withId(sessionId)
                    .withState(Map.of("v", state)));
                sessions().append(ref, new NewEvent(eventId, EventType.TOOL_RESULT, "tool", content,
                        this.json.valueToTree(data), Map.of("d", data), Map.of(), null));
                sessions().documents().save(DocumentScope.agent("default", app()), documentKey, document);
            }
            catch (RuntimeException ex) {
                softly.fail("%s was refused: %s", what, ex);
                continue;
            }
            AgentSession read = sessions().get(ref, EventWindow.all());
            softly.assertThat(read.state()).as(what).containsEntry("v", state).containsEntry("d", data);
            SessionEvent event = read.events().get(0);
            softly.assertThat(event.id()).as(what).isEqualTo(eventId);
            softly.assertThat(event.content()).as(what).isEqualTo(content);
            softly.assertThat(event.data()).as(what).isEqualTo(this.json.valueToTree(data));
            softly.assertThat(event.stateDelta()).as(what).containsEntry("d", data);
            softly.assertThat(sessions().documents().load(DocumentScope.agent("default", app()), documentKey))
                .as(what)
                .contains(document);
        }
        softly.assertAll();
    }

    private static SessionEvent lastEvent(AgentSession session) {
        return session.events().get(session.events().size() - 1);
    }
}
