package dev.agentsession.adk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.google.adk.agents.LlmAgent;
import com.google.adk.artifacts.InMemoryArtifactService;
import com.google.adk.events.Event;
import com.google.adk.models.BaseLlm;
import com.google.adk.models.BaseLlmConnection;
import com.google.adk.models.LlmRequest;
import com.google.adk.models.LlmResponse;
import com.google.adk.runner.Runner;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.Session;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.FunctionTool;
import com.google.adk.tools.ToolContext;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.adk.autoconfigure.AgentSessionAdkAutoConfiguration;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.history.Summarizer;
import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcSessionStore;
import dev.agentsession.testservers.BootBackend;
import io.reactivex.rxjava3.core.Flowable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADK itself, on every backend: a {@link Runner} with an {@link LlmAgent} and a {@link FunctionTool} that writes
 * session, {@code user:}, {@code app:} and {@code temp:} state, on the auto-configured session service, driven by a
 * scripted model through a conversation of three turns.
 */
@ParameterizedClass
@EnumSource(BootBackend.class)
class AdkRunnerConversationTests {

    private static final String APP = "weather";

    private static BootBackend.Started started;

    @Parameter
    BootBackend backend;

    @BeforeParameterizedClassInvocation
    static void start(BootBackend backend) throws Exception {
        started = backend.start();
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        started.stop();
    }

    /**
     * The tool: looks up the weather and counts lookups in every scope.
     */
    public static final class WeatherTool {

        final List<String> cities = new CopyOnWriteArrayList<>();

        public Map<String, Object> weather(@Schema(name = "city", description = "the city") String city,
                ToolContext toolContext) {
            this.cities.add(city);
            toolContext.state().put("user:lastCity", city);
            toolContext.state().put("app:lookups", count(toolContext, "app:lookups") + 1);
            toolContext.state().put("lookups", count(toolContext, "lookups") + 1);
            toolContext.state().put("temp:rawForecast", "raw data for " + city);
            return Map.of("forecast", "sunny, 21 C in " + city);
        }

        private static int count(ToolContext toolContext, String key) {
            Object value = toolContext.state().get(key);
            return (value instanceof Integer count) ? count : 0;
        }

    }

    /**
     * A model that answers from a script and records every request.
     */
    static final class ScriptedLlm extends BaseLlm {

        final List<LlmRequest> seen = new CopyOnWriteArrayList<>();

        private final Deque<Content> script;

        ScriptedLlm(Content... script) {
            super("scripted");
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public Flowable<LlmResponse> generateContent(LlmRequest request, boolean stream) {
            this.seen.add(request);
            return Flowable.just(LlmResponse.builder().content(this.script.removeFirst()).build());
        }

        @Override
        public BaseLlmConnection connect(LlmRequest request) {
            throw new UnsupportedOperationException("The scripted model has no live connection");
        }

    }

    private static Content model(Part part) {
        return Content.builder().role("model").parts(part).build();
    }

    private static Content user(String text) {
        return Content.builder().role("user").parts(Part.fromText(text)).build();
    }

    private static ScriptedLlm threeTurnScript() {
        return new ScriptedLlm(model(Part.fromFunctionCall("weather", Map.of("city", "Paris"))),
                model(Part.fromText("It is sunny in Paris.")),
                model(Part.fromFunctionCall("weather", Map.of("city", "Rome"))),
                model(Part.fromText("Rome is sunny too.")), model(Part.fromText("You're welcome.")));
    }

    private static Runner runner(BaseSessionService sessions, BaseLlm model, WeatherTool tool) {
        LlmAgent agent = LlmAgent.builder()
            .name("forecaster")
            .model(model)
            .instruction("You are a weather assistant.")
            .tools(FunctionTool.create(tool, "weather"))
            .build();
        return Runner.builder()
            .agent(agent)
            .appName(APP)
            .artifactService(new InMemoryArtifactService())
            .sessionService(sessions)
            .build();
    }

    private static List<Event> turn(Runner runner, String user, String session, String text) {
        return runner.runAsync(user, session, user(text)).toList().blockingGet();
    }

    /** What the model was sent, one line per content: role, then text, function call or function response. */
    private static List<String> transcript(LlmRequest request) {
        return request.contents().stream().map((content) -> content.role().orElse("?") + ": "
                + content.parts().orElse(List.of()).stream().map(AdkRunnerConversationTests::describe).toList())
            .toList();
    }

    private static String describe(Part part) {
        if (part.functionCall().isPresent()) {
            return "call " + part.functionCall().get().name().orElse("") + part.functionCall().get().args().orElse(Map.of());
        }
        if (part.functionResponse().isPresent()) {
            return "response " + part.functionResponse().get().response().orElse(Map.of());
        }
        return part.text().orElse("");
    }

    private void run(ContextConsumer<AssertableApplicationContext> test) {
        run(UnaryOperator.identity(), test);
    }

    private void run(UnaryOperator<ApplicationContextRunner> customizer,
            ContextConsumer<AssertableApplicationContext> test) {
        customizer.apply(new ApplicationContextRunner())
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    AgentSessionAutoConfiguration.class, AgentSessionAdkAutoConfiguration.class))
            .withPropertyValues(started.properties().toArray(String[]::new))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                try {
                    test.accept(context);
                }
                finally {
                    // What the test stored on a shared server; the next context creates the tables again.
                    context.getBean(SessionManager.class).deleteAll(SessionRef.DEFAULT_TENANT, APP);
                    context.getBeanProvider(JdbcSessionStore.class)
                        .ifAvailable((store) -> new JdbcSchemaInitializer(context.getBean(DataSource.class),
                                store.settings()).dropSchema());
                }
            });
    }

    @Test
    void runnerWhenAConversationCallsAToolOverThreeTurnsThenTheModelSeesItsHistoryAndEveryEventIsStoredOnce() {
        run((context) -> {
            BaseSessionService sessions = context.getBean(BaseSessionService.class);
            ScriptedLlm model = threeTurnScript();
            WeatherTool tool = new WeatherTool();
            Runner runner = runner(sessions, model, tool);
            sessions.createSession(APP, "ada", (Map<String, Object>) null, "chat-1").blockingGet();

            List<Event> emitted = new ArrayList<>(turn(runner, "ada", "chat-1", "Weather in Paris?"));
            emitted.addAll(turn(runner, "ada", "chat-1", "And in Rome?"));
            emitted.addAll(turn(runner, "ada", "chat-1", "Thanks!"));

            assertThat(tool.cities).containsExactly("Paris", "Rome");
            assertThat(model.seen).hasSize(5);
            assertThat(transcript(model.seen.get(4))).containsExactly("user: [Weather in Paris?]",
                    "model: [call weather{city=Paris}]", "user: [response {forecast=sunny, 21 C in Paris}]",
                    "model: [It is sunny in Paris.]", "user: [And in Rome?]", "model: [call weather{city=Rome}]",
                    "user: [response {forecast=sunny, 21 C in Rome}]", "model: [Rome is sunny too.]",
                    "user: [Thanks!]");

            List<Event> stored = sessions.listEvents(APP, "ada", "chat-1").blockingGet().events();
            assertThat(stored).extracting(Event::author)
                .containsExactly("user", "forecaster", "forecaster", "forecaster", "user", "forecaster", "forecaster",
                        "forecaster", "user", "forecaster");
            // The events the runner emitted read back equal, less the temp: state they carried.
            emitted.forEach((event) -> event.actions().stateDelta().keySet().removeIf((key) -> key.startsWith("temp:")));
            assertThat(stored.stream().filter((event) -> !event.author().equals("user")).toList()).isEqualTo(emitted);

            List<SessionEvent> log = context.getBean(SessionManager.class)
                .get(SessionRef.of(APP, "ada", "chat-1"), EventWindow.all())
                .events();
            assertThat(log).extracting(SessionEvent::type)
                .containsExactly(EventType.MESSAGE, EventType.TOOL_CALL, EventType.TOOL_RESULT, EventType.MESSAGE,
                        EventType.MESSAGE, EventType.TOOL_CALL, EventType.TOOL_RESULT, EventType.MESSAGE,
                        EventType.MESSAGE, EventType.MESSAGE);
            assertThat(log).extracting(SessionEvent::id).doesNotHaveDuplicates();
            assertThat(log.get(2).stateDelta()).containsOnlyKeys("user:lastCity", "app:lookups", "lookups");
        });
    }

    @Test
    void runnerWhenTheToolWritesScopedStateThenEachScopeIsSharedAsAdkSaysAndTempIsNeverStored() {
        run((context) -> {
            BaseSessionService sessions = context.getBean(BaseSessionService.class);
            Runner runner = runner(sessions, threeTurnScript(), new WeatherTool());
            sessions.createSession(APP, "ada", (Map<String, Object>) null, "chat-1").blockingGet();
            turn(runner, "ada", "chat-1", "Weather in Paris?");
            turn(runner, "ada", "chat-1", "And in Rome?");

            Session chat = sessions.getSession(APP, "ada", "chat-1", Optional.empty()).blockingGet();
            assertThat(chat.state()).containsOnly(Map.entry("user:lastCity", "Rome"), Map.entry("app:lookups", 2),
                    Map.entry("lookups", 2));
            Session sameUser = sessions.createSession(APP, "ada", (Map<String, Object>) null, "chat-2").blockingGet();
            assertThat(sameUser.state()).containsOnly(Map.entry("user:lastCity", "Rome"), Map.entry("app:lookups", 2));
            Session otherUser = sessions.createSession(APP, "bob", (Map<String, Object>) null, "chat-3").blockingGet();
            assertThat(otherUser.state()).containsOnly(Map.entry("app:lookups", 2));
        });
    }

    @Test
    void runnerWhenANewRunnerContinuesTheConversationThenItReadsTheHistoryAndRecentEventsOnly() {
        run((context) -> {
            BaseSessionService sessions = context.getBean(BaseSessionService.class);
            ScriptedLlm model = threeTurnScript();
            sessions.createSession(APP, "ada", (Map<String, Object>) null, "chat-1").blockingGet();
            turn(runner(sessions, model, new WeatherTool()), "ada", "chat-1", "Weather in Paris?");
            // Another node, or the application after a restart.
            turn(runner(sessions, model, new WeatherTool()), "ada", "chat-1", "And in Rome?");
            assertThat(transcript(model.seen.get(2))).startsWith("user: [Weather in Paris?]",
                    "model: [call weather{city=Paris}]");

            Session recent = sessions
                .getSession(APP, "ada", "chat-1",
                        Optional.of(GetSessionConfig.builder().numRecentEvents(2).build()))
                .blockingGet();
            assertThat(recent.events()).extracting(Event::stringifyContent)
                .last()
                .isEqualTo("Rome is sunny too.");
            assertThat(recent.events()).hasSize(2);
            assertThat(sessions.listSessions(APP, "ada").blockingGet().sessionIds()).containsExactly("chat-1");
            sessions.deleteSession(APP, "ada", "chat-1").blockingAwait();
            assertThat(sessions.listEvents(APP, "ada", "chat-1").blockingGet().events()).isEmpty();
        });
    }

    @Test
    void runnerWhenThePolicyCompactsTheHistoryThenTheModelSeesTheSummaryInPlaceOfTheCompactedTurns() {
        Summarizer summarizer = (events, previous) -> "asked before: " + events.stream()
            .filter((event) -> event.type() == EventType.MESSAGE && "user".equals(event.author()))
            .map(SessionEvent::content)
            .collect(Collectors.joining(", "));
        run((runner) -> runner.withBean(Summarizer.class, () -> summarizer)
            .withPropertyValues("agent.session.history.compaction.max-turns=1"), (context) -> {
                BaseSessionService sessions = context.getBean(BaseSessionService.class);
                ScriptedLlm model = threeTurnScript();
                Runner runner = runner(sessions, model, new WeatherTool());
                sessions.createSession(APP, "ada", (Map<String, Object>) null, "chat-1").blockingGet();
                turn(runner, "ada", "chat-1", "Weather in Paris?");
                // Storing this question compacts the first turn; ADK already holds the session it read.
                turn(runner, "ada", "chat-1", "And in Rome?");
                turn(runner, "ada", "chat-1", "Thanks!");

                assertThat(transcript(model.seen.get(2))).startsWith("user: [Weather in Paris?]");
                assertThat(transcript(model.seen.get(4))).containsExactly("model: [asked before: Weather in Paris?]",
                        "user: [And in Rome?]", "model: [call weather{city=Rome}]",
                        "user: [response {forecast=sunny, 21 C in Rome}]", "model: [Rome is sunny too.]",
                        "user: [Thanks!]");

                // The context read: the latest summary first, then the turns after it.
                Session read = sessions.getSession(APP, "ada", "chat-1", Optional.empty()).blockingGet();
                assertThat(read.events().get(0).actions().compaction()).hasValueSatisfying((compaction) -> {
                    assertThat(compaction.compactedContent().text()).isEqualTo("asked before: And in Rome?");
                    assertThat(compaction.endTimestamp()).isLessThan(read.events().get(1).timestamp());
                });
                assertThat(read.events().subList(1, read.events().size())).extracting(Event::stringifyContent)
                    .containsExactly("Thanks!", "You're welcome.");
                // The log keeps every event, with both compactions as ADK compaction events.
                List<Event> log = sessions.listEvents(APP, "ada", "chat-1").blockingGet().events();
                assertThat(log).hasSize(12);
                assertThat(log).filteredOn((event) -> event.actions().compaction().isPresent()).hasSize(2);
            });
    }
}
