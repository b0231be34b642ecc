package dev.agentsession.adk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.google.adk.events.Event;
import com.google.adk.events.EventActions;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.InMemorySessionService;
import com.google.adk.sessions.Session;
import com.google.adk.sessions.State;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The service on the memory backend, side by side with ADK's own {@link InMemorySessionService}.
 */
class AgentSessionServiceTests {

    private static final String APP = "weather";

    private final SessionManager sessions = newManager();

    private final AgentSessionService service = new AgentSessionService(this.sessions, "default");

    private final InMemorySessionService adk = new InMemorySessionService();

    private static SessionManager newManager() {
        Clock clock = Clock.systemUTC();
        MemorySessionStore memory = new MemorySessionStore(clock, 1000, new SessionCodec());
        return new DefaultSessionManager(memory, memory, new TimeOrderedSessionIdGenerator(clock), clock,
                new SessionCodec(), SessionSettings.defaults());
    }

    private static Event event(String author, String text, long time, Map<String, Object> delta) {
        return Event.builder()
            .id(Event.generateEventId())
            .invocationId("inv")
            .author(author)
            .content(Content.fromParts(Part.fromText(text)))
            .actions(EventActions.builder().stateDelta(new ConcurrentHashMap<>(delta)).build())
            .timestamp(time)
            .build();
    }

    private static Session create(BaseSessionService service, String user, String id) {
        return service.createSession(APP, user, (Map<String, Object>) null, id).blockingGet();
    }

    private static Session get(BaseSessionService service, String user, String id) {
        return service.getSession(APP, user, id, Optional.empty()).blockingGet();
    }

    private static Session get(BaseSessionService service, String id, GetSessionConfig config) {
        return service.getSession(APP, "ada", id, Optional.of(config)).blockingGet();
    }

    @Test
    void appendEventWhenTheSameEventsGoToBothServicesThenStateAndEventsMatchInMemorySessionService() {
        List<Event> events = List.of(
                event("user", "hello", 1000, Map.of("topic", "weather", "user:city", "Paris", "app:units", "C")),
                event("assistant", "noted", 2000, Map.of("count", 1, "app:units", "F", "user:lang", "fr")),
                event("assistant", "done", 3000, Map.of("topic", State.REMOVED, "user:city", State.REMOVED,
                        "nested", Map.of("a", List.of(1, 2.5, "x")))));
        Session ours = create(this.service, "ada", "s1");
        Session theirs = create(this.adk, "ada", "s1");
        for (Event event : events) {
            this.service.appendEvent(ours, event).blockingGet();
            this.adk.appendEvent(theirs, event).blockingGet();
            assertThat(ours.state()).isEqualTo(theirs.state());
        }
        assertThat(ours.events()).isEqualTo(theirs.events());
        assertThat(ours.lastUpdateTime()).isEqualTo(theirs.lastUpdateTime());
        Session read = get(this.service, "ada", "s1");
        assertThat(read.state()).isEqualTo(get(this.adk, "ada", "s1").state())
            .containsOnly(Map.entry("count", 1), Map.entry("app:units", "F"), Map.entry("user:lang", "fr"),
                    Map.entry("nested", Map.of("a", List.of(1, 2.5, "x"))));
        assertThat(read.events()).isEqualTo(events);
    }

    @Test
    void appendEventWhenStateIsScopedThenAppKeysReachEveryUserAndUserKeysEverySessionOfTheUser() {
        Session first = create(this.service, "ada", "s1");
        this.service.appendEvent(first,
                event("assistant", "ok", 1000, Map.of("app:motd", "hi all", "user:city", "Paris", "step", 1)))
            .blockingGet();
        create(this.service, "ada", "s2");
        create(this.service, "bob", "s3");
        assertThat(get(this.service, "ada", "s2").state()).containsOnly(Map.entry("app:motd", "hi all"),
                Map.entry("user:city", "Paris"));
        assertThat(get(this.service, "bob", "s3").state()).containsOnly(Map.entry("app:motd", "hi all"));
    }

    @Test
    void appendEventWhenAnotherSessionChangedSharedStateThenTheSessionObjectMergesIt() {
        Session first = create(this.service, "ada", "s1");
        Session second = create(this.service, "ada", "s2");
        this.service.appendEvent(second, event("assistant", "x", 1000, Map.of("user:city", "Rome"))).blockingGet();
        this.service.appendEvent(first, event("assistant", "y", 2000, Map.of("step", 1))).blockingGet();
        assertThat(first.state()).containsEntry("user:city", "Rome").containsEntry("step", 1);
    }

    @Test
    void appendEventWhenTheDeltaHasTempKeysThenTheyAreNeitherStoredNorKeptInTheSession() {
        Session session = create(this.service, "ada", "s1");
        Event event = event("assistant", "x", 1000, Map.of("temp:draft", new Object(), "kept", "yes"));
        this.service.appendEvent(session, event).blockingGet();
        assertThat(session.state()).containsOnly(Map.entry("kept", "yes"));
        assertThat(get(this.service, "ada", "s1").state()).containsOnly(Map.entry("kept", "yes"));
        SessionEvent stored = this.sessions.get(SessionRef.of(APP, "ada", "s1"), EventWindow.all()).events().get(0);
        assertThat(stored.stateDelta()).containsOnlyKeys("kept");
        assertThat(stored.data().toString()).doesNotContain("temp:");
    }

    @Test
    void appendEventWhenPartialThenNothingIsStoredOrApplied() {
        Session session = create(this.service, "ada", "s1");
        Event partial = event("assistant", "he", 1000, Map.of("k", "v")).toBuilder().partial(true).build();
        assertThat(this.service.appendEvent(session, partial).blockingGet()).isSameAs(partial);
        assertThat(session.events()).isEmpty();
        assertThat(session.state()).isEmpty();
        assertThat(get(this.service, "ada", "s1").events()).isEmpty();
    }

    @Test
    void appendEventWhenTheEventHasNoIdThenTheGeneratedIdIsSetOnIt() {
        Session session = create(this.service, "ada", "s1");
        Event event = Event.builder().author("user").content(Content.fromParts(Part.fromText("hi"))).build();
        this.service.appendEvent(session, event).blockingGet();
        assertThat(event.id()).isNotBlank();
        assertThat(get(this.service, "ada", "s1").events().get(0).id()).isEqualTo(event.id());
    }

    @Test
    void appendEventWhenTheSessionDoesNotExistThenAnError() {
        Session ghost = Session.builder("ghost").appName(APP).userId("ada").build();
        this.service.appendEvent(ghost, event("user", "hi", 1000, Map.of()))
            .test()
            .assertError(SessionNotFoundException.class);
        assertThat(ghost.events()).isEmpty();
    }

    @Test
    void getSessionWhenConfiguredThenRecentEventsThenThoseAtOrAfterTheTimestamp() {
        Session session = create(this.service, "ada", "s1");
        Session theirs = create(this.adk, "ada", "s1");
        for (int i = 1; i <= 5; i++) {
            Event event = event("user", "m" + i, i * 1000L, Map.of());
            this.service.appendEvent(session, event).blockingGet();
            this.adk.appendEvent(theirs, event).blockingGet();
        }
        List<GetSessionConfig> configs = List.of(GetSessionConfig.builder().numRecentEvents(2).build(),
                GetSessionConfig.builder().numRecentEvents(0).build(),
                GetSessionConfig.builder().numRecentEvents(9).build(),
                GetSessionConfig.builder().afterTimestamp(Instant.ofEpochMilli(3000)).build(),
                GetSessionConfig.builder().afterTimestamp(Instant.ofEpochMilli(3001)).build(),
                GetSessionConfig.builder().numRecentEvents(3).afterTimestamp(Instant.ofEpochMilli(4000)).build());
        for (GetSessionConfig config : configs) {
            assertThat(get(this.service, "s1", config).events()).as(config.toString())
                .isEqualTo(get(this.adk, "s1", config).events());
        }
        assertThat(get(this.service, "s1", configs.get(0)).events()).extracting(Event::stringifyContent)
            .containsExactly("m4", "m5");
        assertThat(get(this.service, "s1", configs.get(3)).events()).extracting(Event::stringifyContent)
            .containsExactly("m3", "m4", "m5");
        this.service.getSession(APP, "ada", "s1", Optional.of(GetSessionConfig.builder().numRecentEvents(-1).build()))
            .test()
            .assertError(IllegalArgumentException.class);
    }

    @Test
    void getSessionWhenItDoesNotExistOrBelongsToAnotherUserThenEmpty() {
        create(this.service, "ada", "s1");
        assertThat(this.service.getSession(APP, "ada", "nope", Optional.empty()).blockingGet()).isNull();
        assertThat(this.service.getSession(APP, "bob", "s1", Optional.empty()).blockingGet()).isNull();
    }

    @Test
    void createSessionWhenGivenStateAndIdsThenStoresItAndGeneratesOrTrimsTheId() {
        Session session = this.service
            .createSession(APP, "ada", Map.of("topic", "x", "user:city", "Paris", "temp:t", 1), " s1 ")
            .blockingGet();
        assertThat(session.id()).isEqualTo("s1");
        assertThat(session.state()).containsOnly(Map.entry("topic", "x"), Map.entry("user:city", "Paris"),
                Map.entry("temp:t", 1));
        assertThat(get(this.service, "ada", "s1").state()).containsOnly(Map.entry("topic", "x"),
                Map.entry("user:city", "Paris"));
        assertThat(create(this.service, "ada", null).id()).isNotBlank();
        assertThat(create(this.service, "ada", " ").id()).isNotBlank();
        this.service.createSession(APP, "ada", (Map<String, Object>) null, "s1")
            .test()
            .assertError(SessionAlreadyExistsException.class);
    }

    @Test
    void listSessionsWhenTheUserHasSessionsThenAllOfThemWithoutEventsOrState() {
        Session session = create(this.service, "ada", "s1");
        this.service.appendEvent(session, event("user", "hi", 1000, Map.of("k", "v"))).blockingGet();
        create(this.service, "ada", "s2");
        create(this.service, "bob", "s3");
        List<Session> listed = this.service.listSessions(APP, "ada").blockingGet().sessions();
        assertThat(listed).extracting(Session::id).containsExactlyInAnyOrder("s1", "s2");
        assertThat(listed).allSatisfy((each) -> {
            assertThat(each.events()).isEmpty();
            assertThat(each.state()).isEmpty();
            assertThat(each.appName()).isEqualTo(APP);
            assertThat(each.userId()).isEqualTo("ada");
        });
        assertThat(this.service.listSessions(APP, "carol").blockingGet().sessions()).isEmpty();
    }

    @Test
    void listEventsWhenTheSessionHasEventsThenAllOfThemOldestFirstAndNoneForAMissingSession() {
        Session session = create(this.service, "ada", "s1");
        for (int i = 1; i <= 3; i++) {
            this.service.appendEvent(session, event("user", "m" + i, i * 1000L, Map.of())).blockingGet();
        }
        assertThat(this.service.listEvents(APP, "ada", "s1").blockingGet().events())
            .isEqualTo(session.events());
        assertThat(this.service.listEvents(APP, "ada", "nope").blockingGet().events()).isEmpty();
    }

    @Test
    void deleteSessionWhenItExistsThenGoneWithItsEventsAndAMissingOneIsNoError() {
        Session session = create(this.service, "ada", "s1");
        this.service.appendEvent(session, event("user", "hi", 1000, Map.of())).blockingGet();
        this.service.deleteSession(APP, "ada", "s1").blockingAwait();
        assertThat(this.service.getSession(APP, "ada", "s1", Optional.empty()).blockingGet()).isNull();
        this.service.deleteSession(APP, "ada", "s1").blockingAwait();
    }

    @Test
    void methodsWhenNotSubscribedThenNothingHappensExceptAppendEventWhichWritesAtOnce() {
        Session session = create(this.service, "ada", "s1");
        this.service.createSession(APP, "ada", (Map<String, Object>) null, "lazy");
        this.service.deleteSession(APP, "ada", "s1");
        this.service.appendEvent(session, event("user", "hi", 1000, Map.of()));
        assertThat(this.sessions.find(SessionRef.of(APP, "ada", "lazy"), EventWindow.none())).isEmpty();
        assertThat(this.sessions.get(SessionRef.of(APP, "ada", "s1"), EventWindow.all()).events()).hasSize(1);
    }

    @Test
    void tenantWhenConfiguredThenSessionsOfOtherTenantsAreInvisible() {
        create(this.service, "ada", "s1");
        AgentSessionService acme = new AgentSessionService(this.sessions, "acme");
        assertThat(acme.getSession(APP, "ada", "s1", Optional.empty()).blockingGet()).isNull();
        assertThat(this.sessions.find(new SessionRef("default", APP, "ada", "s1"), EventWindow.none())).isPresent();
        assertThatIllegalArgumentException().isThrownBy(() -> new AgentSessionService(this.sessions, ""))
            .withMessageContaining("tenant");
    }
}
