package dev.agentsession.langchain4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.autoconfigure.AgentSessionAutoConfiguration;
import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcSessionStore;
import dev.agentsession.langchain4j.autoconfigure.AgentSessionLangChain4jAutoConfiguration;
import dev.agentsession.testservers.BootBackend;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
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
 * LangChain4j itself, on every backend: an {@link AiServices} assistant with a {@code @Tool} and the auto-configured
 * {@link ChatMemoryProvider} (or one of the application's own, of {@link MessageWindowChatMemory} on the store bean),
 * driven by a scripted model through a conversation of three turns.
 */
@ParameterizedClass
@EnumSource(BootBackend.class)
class LangChain4jConversationTests {

    private static final String APP = "weather-assistant";

    private static final String SYSTEM = "You are a weather assistant.";

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

    interface WeatherAssistant {

        @SystemMessage(SYSTEM)
        String chat(@MemoryId String conversation, @UserMessage String message);

    }

    static final class WeatherTools {

        final List<String> cities = new CopyOnWriteArrayList<>();

        @Tool("The current weather of a city")
        String weather(@P("the city") String city) {
            this.cities.add(city);
            return "sunny, 21 C in " + city;
        }

    }

    /**
     * A model that answers from a script and records every message list it is sent.
     */
    static final class ScriptedModel implements ChatModel {

        final List<List<ChatMessage>> seen = new ArrayList<>();

        private final Deque<AiMessage> script;

        ScriptedModel(AiMessage... script) {
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            this.seen.add(List.copyOf(request.messages()));
            return ChatResponse.builder().aiMessage(this.script.removeFirst()).build();
        }

    }

    private static ToolExecutionRequest weatherCall(String id, String city) {
        return ToolExecutionRequest.builder().id(id).name("weather").arguments("{\"city\":\"" + city + "\"}").build();
    }

    private static final ToolExecutionRequest PARIS = weatherCall("call-1", "Paris");

    private static final ToolExecutionRequest ROME = weatherCall("call-2", "Rome");

    private static ScriptedModel threeTurnScript() {
        return new ScriptedModel(AiMessage.from(PARIS), AiMessage.from("It is sunny in Paris."), AiMessage.from(ROME),
                AiMessage.from("Rome is sunny too."), AiMessage.from("You're welcome."));
    }

    private static ToolExecutionResultMessage toolResult(ToolExecutionRequest request, String text) {
        return ToolExecutionResultMessage.builder()
            .id(request.id())
            .toolName(request.name())
            .text(text)
            .isError(false)
            .build();
    }

    /** Every message of the three turns, as LangChain4j builds them. */
    private static List<ChatMessage> threeTurns() {
        return List.of(dev.langchain4j.data.message.SystemMessage.from(SYSTEM),
                dev.langchain4j.data.message.UserMessage.from("What is the weather in Paris?"), AiMessage.from(PARIS),
                toolResult(PARIS, "sunny, 21 C in Paris"), AiMessage.from("It is sunny in Paris."),
                dev.langchain4j.data.message.UserMessage.from("And in Rome?"), AiMessage.from(ROME),
                toolResult(ROME, "sunny, 21 C in Rome"), AiMessage.from("Rome is sunny too."),
                dev.langchain4j.data.message.UserMessage.from("Thanks!"), AiMessage.from("You're welcome."));
    }

    private static WeatherAssistant assistant(ChatMemoryProvider memories, ChatModel model, WeatherTools tools) {
        return AiServices.builder(WeatherAssistant.class)
            .chatModel(model)
            .chatMemoryProvider(memories)
            .tools(tools)
            .build();
    }

    private void run(ContextConsumer<AssertableApplicationContext> test) {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    AgentSessionAutoConfiguration.class, AgentSessionLangChain4jAutoConfiguration.class))
            .withPropertyValues("spring.application.name=" + APP)
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

    private static List<SessionEvent> log(AssertableApplicationContext context, String conversation) {
        return context.getBean(SessionManager.class)
            .get(SessionRef.of(APP, conversation, conversation), EventWindow.all())
            .events();
    }

    @Test
    void aiServicesWhenAConversationCallsToolsOverThreeTurnsThenTheModelSeesItsHistoryAndEachMessageIsStoredOnce() {
        run((context) -> {
            ChatMemoryStore store = context.getBean(ChatMemoryStore.class);
            ScriptedModel model = threeTurnScript();
            WeatherTools tools = new WeatherTools();
            // The auto-configured provider, as an @AiService would get it.
            WeatherAssistant assistant = assistant(context.getBean(ChatMemoryProvider.class), model, tools);
            assertThat(assistant.chat("ada", "What is the weather in Paris?")).isEqualTo("It is sunny in Paris.");
            assertThat(assistant.chat("ada", "And in Rome?")).isEqualTo("Rome is sunny too.");
            assertThat(assistant.chat("ada", "Thanks!")).isEqualTo("You're welcome.");

            List<ChatMessage> conversation = threeTurns();
            assertThat(tools.cities).containsExactly("Paris", "Rome");
            assertThat(model.seen).hasSize(5);
            assertThat(model.seen.get(1)).isEqualTo(conversation.subList(0, 4));
            assertThat(model.seen.get(4)).isEqualTo(conversation.subList(0, 10));
            assertThat(store.getMessages("ada")).isEqualTo(conversation);

            List<SessionEvent> log = log(context, "ada");
            assertThat(log).extracting(SessionEvent::type)
                .containsExactly(EventType.MESSAGE, EventType.MESSAGE, EventType.TOOL_CALL, EventType.TOOL_RESULT,
                        EventType.MESSAGE, EventType.MESSAGE, EventType.TOOL_CALL, EventType.TOOL_RESULT,
                        EventType.MESSAGE, EventType.MESSAGE, EventType.MESSAGE);
            assertThat(log).extracting(SessionEvent::author)
                .containsExactly("system", "user", "assistant", "tool", "assistant", "user", "assistant", "tool",
                        "assistant", "user", "assistant");
            assertThat(log.get(2).data().toString()).contains("call-1").contains("weather").contains("Paris");
            assertThat(log.get(3).content()).isEqualTo("sunny, 21 C in Paris");
        });
    }

    @Test
    void aiServicesWhenTheMemoryWindowIsSmallerThanTheConversationThenTheModelSeesTheWindowAndTheLogKeepsAll() {
        run((context) -> {
            ChatMemoryStore store = context.getBean(ChatMemoryStore.class);
            ScriptedModel model = threeTurnScript();
            // A memory of the application's own, on the store bean.
            ChatMemoryProvider smallWindow = (id) -> MessageWindowChatMemory.builder()
                .id(id)
                .maxMessages(4)
                .chatMemoryStore(store)
                .build();
            WeatherAssistant assistant = assistant(smallWindow, model, new WeatherTools());
            assistant.chat("ada", "What is the weather in Paris?");
            assistant.chat("ada", "And in Rome?");
            assistant.chat("ada", "Thanks!");

            List<ChatMessage> conversation = threeTurns();
            // AiServices sends the memory's window, then the new user message. The system message stays first; the
            // oldest others are evicted, a tool call with its results.
            assertThat(model.seen.get(4)).containsExactly(conversation.get(0), conversation.get(6), conversation.get(7),
                    conversation.get(8), conversation.get(9));
            assertThat(log(context, "ada")).extracting(SessionEvent::content)
                .containsExactly(SYSTEM, "What is the weather in Paris?", null, "sunny, 21 C in Paris",
                        "It is sunny in Paris.", "And in Rome?", null, "sunny, 21 C in Rome", "Rome is sunny too.",
                        "Thanks!", "You're welcome.");
        });
    }

    @Test
    void aiServicesWhenAnotherInstanceContinuesTheConversationThenItReadsTheHistoryAndConversationsStayApart() {
        run((context) -> {
            ChatMemoryProvider memories = context.getBean(ChatMemoryProvider.class);
            ScriptedModel model = threeTurnScript();
            assistant(memories, model, new WeatherTools()).chat("ada", "What is the weather in Paris?");
            // A second instance (another node, or the same application after a restart) holds no memory of its own.
            WeatherAssistant other = assistant(memories, model, new WeatherTools());
            other.chat("ada", "And in Rome?");
            assertThat(model.seen.get(2)).isEqualTo(threeTurns().subList(0, 6));

            other.chat("bob", "Thanks!");
            assertThat(model.seen.get(4)).containsExactly(dev.langchain4j.data.message.SystemMessage.from(SYSTEM),
                    dev.langchain4j.data.message.UserMessage.from("Thanks!"));
            assertThat(log(context, "ada")).hasSize(9);
            assertThat(log(context, "bob")).hasSize(3);
        });
    }
}
