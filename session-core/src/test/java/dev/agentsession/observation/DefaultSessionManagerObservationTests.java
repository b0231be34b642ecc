package dev.agentsession.observation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.StaleSessionException;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.SessionCodec;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DefaultSessionManagerObservationTests {

    private static final String TENANT = "acme-tenant";

    private static final String USER = "ada-user-7";

    private static final String SESSION_ID = "session-4711";

    private static final String MESSAGE = "my card number is 4111";

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final SessionManager sessions = manager(this.registry, SessionLifecycleListener.NONE);

    private final SessionRef ref = this.sessions
        .create(NewSession.forUser("support", USER).inTenant(TENANT).withId(SESSION_ID))
        .ref();

    @Test
    void createWhenObservedThenOneStoppedObservationNamedForTheOperationWithStoreAndSuccess() {
        this.registry.clear();
        this.sessions.create(NewSession.forUser("support", USER).inTenant(TENANT));
        assertThat(this.registry).hasSingleObservationThat()
            .hasBeenStarted()
            .hasBeenStopped()
            .hasNameEqualTo("agent.session.operations")
            .hasContextualNameEqualTo("agent.session create")
            .hasLowCardinalityKeyValue("operation", "create")
            .hasLowCardinalityKeyValue("store", "memory")
            .hasLowCardinalityKeyValue("outcome", "success")
            .doesNotHaveError()
            .doesNotHaveEvent("stale");
    }

    @Test
    void appendWhenVersionMatchesThenOutcomeSuccess() {
        this.registry.clear();
        this.sessions.append(this.ref, 1, NewEvent.message("user", MESSAGE));
        assertThat(this.registry).hasSingleObservationThat()
            .hasContextualNameEqualTo("agent.session append")
            .hasLowCardinalityKeyValue("operation", "append")
            .hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void appendWhenVersionIsStaleThenOutcomeStaleWithStaleEventAndNoError() {
        this.sessions.append(this.ref, NewEvent.message("user", MESSAGE));
        this.registry.clear();
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> this.sessions.append(this.ref, 1, NewEvent.message("user", MESSAGE)));
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("operation", "append")
            .hasLowCardinalityKeyValue("outcome", "stale")
            .hasEvent("stale")
            .doesNotHaveError();
    }

    @Test
    void updateStateWhenVersionIsStaleThenOutcomeStaleWithStaleEvent() {
        this.sessions.updateState(this.ref, Map.of("k", 1), null);
        this.registry.clear();
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> this.sessions.updateState(this.ref, Map.of("k", 2), 1L));
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("operation", "updateState")
            .hasLowCardinalityKeyValue("outcome", "stale")
            .hasEvent("stale");
    }

    @Test
    void getWhenSessionIsMissingThenOneObservationWithOutcomeNotFound() {
        SessionRef missing = new SessionRef(TENANT, "support", USER, "no-such-session");
        this.registry.clear();
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> this.sessions.get(missing, EventWindow.none()));
        assertThat(this.registry).hasSingleObservationThat()
            .hasContextualNameEqualTo("agent.session get")
            .hasLowCardinalityKeyValue("operation", "get")
            .hasLowCardinalityKeyValue("outcome", "not_found")
            .doesNotHaveError();
    }

    @Test
    void findWhenSessionIsMissingThenOutcomeSuccess() {
        this.registry.clear();
        assertThat(this.sessions.find(new SessionRef(TENANT, "support", USER, "no-such-session"), EventWindow.none()))
            .isEmpty();
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("operation", "find")
            .hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void createWhenIdIsTakenThenOutcomeAlreadyExists() {
        this.registry.clear();
        assertThatExceptionOfType(SessionAlreadyExistsException.class).isThrownBy(
                () -> this.sessions.create(NewSession.forUser("support", USER).inTenant(TENANT).withId(SESSION_ID)));
        assertThat(this.registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "already_exists");
    }

    @Test
    void appendWhenSessionIsArchivedThenOutcomeArchived() {
        this.sessions.archive(this.ref);
        this.registry.clear();
        assertThatExceptionOfType(SessionArchivedException.class)
            .isThrownBy(() -> this.sessions.append(this.ref, NewEvent.message("user", MESSAGE)));
        assertThat(this.registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "archived");
    }

    @Test
    void appendWhenNoEventsThenOutcomeInvalid() {
        this.registry.clear();
        assertThatIllegalArgumentException().isThrownBy(() -> this.sessions.append(this.ref, List.of(), null));
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("outcome", "invalid")
            .doesNotHaveError();
    }

    @Test
    void everyOperationWhenCalledThenExactlyOneObservationNamedForIt() {
        ReplyScope scope = ReplyScope.of("slack", "C1");
        WaitKey key = WaitKey.of(this.ref, scope);
        this.registry.clear();
        this.sessions.find(this.ref, EventWindow.all());
        this.sessions.get(this.ref, EventWindow.all());
        this.sessions.append(this.ref, NewEvent.message("user", MESSAGE));
        this.sessions.events(this.ref, 1, 10);
        this.sessions.updateState(this.ref, Map.of("k", 1), null);
        this.sessions.list(SessionQuery.forApp(TENANT, "support").withUser(USER));
        this.sessions.registerWait(this.ref, scope, flow());
        this.sessions.findWait(key);
        this.sessions.listWaits(TENANT, "support", USER);
        this.sessions.resume(key);
        this.sessions.clearWait(key);
        this.sessions.archiveInactive(Duration.ofDays(1));
        this.sessions.archive(this.ref);
        this.sessions.delete(this.ref);
        this.sessions.deleteAll(TENANT, "support");
        assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
            assertThat(contexts).allSatisfy((context) -> assertThat(context.getLowCardinalityKeyValue("outcome"))
                .extracting(KeyValue::getValue)
                .isEqualTo("success"));
            assertThat(contexts).extracting((context) -> ((SessionOperationContext) context).getOperation())
                .containsExactly("find", "get", "append", "events", "updateState", "list", "registerWait",
                        "findWait", "listWaits", "resume", "clearWait", "archiveInactive", "archive", "delete",
                        "deleteAll");
        });
    }

    @Test
    void documentsWhenCalledThenEachCallIsAnObservation() {
        ScopedStore documents = this.sessions.documents();
        DocumentScope scope = DocumentScope.user(TENANT, USER);
        this.registry.clear();
        documents.save(scope, "profile", Map.of("note", MESSAGE));
        documents.load(scope, "profile");
        documents.listKeys(scope, "");
        documents.delete(scope, "profile");
        assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
            .extracting(Observation.ContextView::getContextualName)
            .containsExactly("agent.session document.save", "agent.session document.load",
                    "agent.session document.listKeys", "agent.session document.delete"));
        assertThat(this.registry).hasAnObservation((observation) -> observation
            .hasLowCardinalityKeyValue("operation", "document.save")
            .hasLowCardinalityKeyValue("store", "memory")
            .hasLowCardinalityKeyValue("outcome", "success"));
    }

    @Test
    void keyValuesWhenOperationsRunThenNoneCarriesATenantUserSessionOrContent() {
        this.sessions.append(this.ref, NewEvent.message("user", MESSAGE));
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> this.sessions.append(this.ref, 1, NewEvent.message("user", MESSAGE)));
        this.sessions.registerWait(this.ref, ReplyScope.of("slack", "C1"), flow());
        this.sessions.documents().save(DocumentScope.user(TENANT, USER), "profile", Map.of("note", MESSAGE));
        assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
            assertThat(contexts).hasSize(5);
            assertThat(contexts).allSatisfy((context) -> {
                assertThat(context.getHighCardinalityKeyValues()).isEmpty();
                assertThat(context.getAllKeyValues()).extracting(KeyValue::getKey)
                    .containsExactlyInAnyOrder("operation", "store", "outcome");
                assertThat(context.getAllKeyValues()).extracting(KeyValue::getValue)
                    .allSatisfy((value) -> assertThat(value).doesNotContain(TENANT, USER, SESSION_ID, MESSAGE,
                            "C1"));
                assertThat(context.getContextualName()).doesNotContain(TENANT, USER, SESSION_ID, MESSAGE);
            });
        });
    }

    @Test
    void storeWorkWhenObservedThenItsObservationsAreChildrenOfTheOperation() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        SessionManager sessions = manager(registry, new SessionLifecycleListener() {

            @Override
            public void created(AgentSession session) {
                Observation.createNotStarted("listener", registry).observe(() -> {
                });
            }

        });
        sessions.create(NewSession.forUser("support", USER));
        assertThat(registry).hasObservationWithNameEqualTo("listener")
            .that()
            .hasParentObservationContextMatching(
                    (parent) -> "agent.session create".equals(parent.getContextualName()));
    }

    @Test
    void managerWhenCustomConventionThenItNamesAndTagsTheObservations() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        SessionObservationConvention convention = new DefaultSessionObservationConvention() {

            @Override
            public String getName() {
                return "chat.memory";
            }

        };
        MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 100, new SessionCodec());
        SessionManager sessions = new DefaultSessionManager(store, store,
                new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                SessionSettings.defaults(), SessionLifecycleListener.NONE,
                new SessionObservations(registry, convention));
        sessions.create(NewSession.forUser("support", USER));
        assertThat(registry).hasSingleObservationThat()
            .hasNameEqualTo("chat.memory")
            .hasLowCardinalityKeyValue("operation", "create");
    }

    private static SessionManager manager(ObservationRegistry registry, SessionLifecycleListener listener) {
        MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 100, new SessionCodec());
        return new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(Clock.systemUTC()),
                Clock.systemUTC(), new SessionCodec(), SessionSettings.defaults(), listener,
                new SessionObservations(registry));
    }

    private static FlowState flow() {
        return new FlowState("booking", "approve", JsonMapper.builder().build().createObjectNode().put("step", 1));
    }
}
