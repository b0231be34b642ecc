package dev.agentsession.sample;

import java.util.List;
import java.util.UUID;

import dev.agentsession.AgentSession;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.sample.ai.WeatherTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Spring AI path on the default (memory) profile, through HTTP: a {@code ChatClient} with the memory advisor and
 * a tool, answered by the scripted model, whose conversation (tool call and result included) is a session.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AiConversationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private SessionManager sessions;

    @Autowired
    private ConversationRefResolver resolver;

    @Autowired
    private ChatModel model;

    private SampleClient client;

    @BeforeEach
    void connect() {
        this.client = new SampleClient(this.port);
    }

    @Test
    void conversationWhenToldANameAndAskedTheWeatherThenTheModelRemembersAndEveryMessageIsStored() {
        String conversation = "ai-" + UUID.randomUUID();
        WeatherTool.Weather paris = new WeatherTool().weather("Paris");
        String weather = "It is " + paris.sky() + " and " + paris.celsius() + " degrees in Paris.";

        assertThat(say(conversation, "Hi, my name is Ada")).isEqualTo("Nice to meet you, Ada.");
        assertThat(say(conversation, "What is the weather in Paris?")).isEqualTo(weather);
        assertThat(say(conversation, "What is my name?"))
            .isEqualTo("Your name is Ada, as you told me earlier in this conversation.");

        SessionRef ref = this.resolver.resolve(conversation);
        assertThat(ref).isEqualTo(new SessionRef("default", "sample", conversation, conversation));
        List<SessionEvent> events = this.sessions.get(ref, EventWindow.all()).events();
        assertThat(events).extracting(SessionEvent::type, SessionEvent::author, SessionEvent::content)
            .containsExactly(tuple(EventType.MESSAGE, "user", "Hi, my name is Ada"),
                    tuple(EventType.MESSAGE, "assistant", "Nice to meet you, Ada."),
                    tuple(EventType.MESSAGE, "user", "What is the weather in Paris?"),
                    tuple(EventType.MESSAGE, "assistant", ""),
                    tuple(EventType.TOOL_CALL, "assistant", null),
                    tuple(EventType.TOOL_RESULT, "tool", null),
                    tuple(EventType.MESSAGE, "assistant", weather),
                    tuple(EventType.MESSAGE, "user", "What is my name?"),
                    tuple(EventType.MESSAGE, "assistant",
                            "Your name is Ada, as you told me earlier in this conversation."));
        JsonNode call = events.get(4).data();
        assertThat(call.get("name").asString()).isEqualTo("weather");
        assertThat(this.client.json(call.get("arguments").asString()).get("city").asString()).isEqualTo("Paris");
        JsonNode result = this.client.json(events.get(5).data().get("responseData").asString());
        assertThat(result.get("sky").asString()).isEqualTo(paris.sky());
        assertThat(result.get("celsius").asInt()).isEqualTo(paris.celsius());
    }

    @Test
    void conversationWhenReadThroughTheSessionApiThenItIsTheUsersSession() {
        String conversation = "ai-" + UUID.randomUUID();
        say(conversation, "What is the weather in Oslo?");

        JsonNode session = this.client.send("GET", "/users/" + conversation + "/sessions/" + conversation, null, 200);
        assertThat(session.get("eventCount").asLong()).isEqualTo(5);
        AgentSession stored = this.sessions.get(this.resolver.resolve(conversation), EventWindow.none());
        assertThat(session.get("version").asLong()).isEqualTo(stored.version());
    }

    @Test
    void conversationsWhenSeparateThenNeitherSeesTheOthersHistory() {
        String first = "ai-" + UUID.randomUUID();
        String second = "ai-" + UUID.randomUUID();
        say(first, "my name is Grace");

        assertThat(say(second, "What is my name?")).isEqualTo("You have not told me your name in this conversation.");
        assertThat(say(first, "What is my name?")).startsWith("Your name is Grace");
    }

    @Test
    void modelWhenTheApplicationHasNoneThenItIsTheScriptedOne() {
        assertThat(this.model.getClass().getName()).isEqualTo("dev.agentsession.sample.ai.ScriptedChatModel");
    }

    @Test
    void messageWhenTextIsBlankThenBadRequestSayingSo() {
        JsonNode problem = this.client.send("POST", "/ai/conversations/ai-blank/messages", "{\"text\":\" \"}", 400);
        assertThat(problem.get("detail").asString()).contains("text");
        assertThat(this.sessions.find(this.resolver.resolve("ai-blank"), EventWindow.none())).isEmpty();
    }

    @Test
    void messageWhenConversationIdIsTooLongThenBadRequestSayingSo() {
        String tooLong = "c".repeat(257);
        JsonNode problem = this.client.send("POST", "/ai/conversations/" + tooLong + "/messages",
                "{\"text\":\"hello\"}", 400);
        assertThat(problem.get("detail").asString()).contains("256");
    }

    private String say(String conversation, String text) {
        JsonNode reply = this.client.send("POST", "/ai/conversations/" + conversation + "/messages",
                "{\"text\":\"" + text + "\"}", 200);
        assertThat(reply.get("conversationId").asString()).isEqualTo(conversation);
        return reply.get("reply").asString();
    }
}
