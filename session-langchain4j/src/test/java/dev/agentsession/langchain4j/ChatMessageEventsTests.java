package dev.agentsession.langchain4j;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.agentsession.EventType;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How each kind of LangChain4j message becomes an event, and that it reads back equal.
 */
class ChatMessageEventsTests {

    private static final SessionRef REF = SessionRef.of("app", "ada", "chat-1");

    private static final ToolExecutionRequest WEATHER_CALL = ToolExecutionRequest.builder()
        .id("call-1")
        .name("weather")
        .arguments("{\"city\":\"Paris\"}")
        .build();

    private static SessionEvent stored(NewEvent event) {
        return new SessionEvent(1, "event-1", event.type(), event.author(), event.content(), event.data(),
                event.stateDelta(), event.metadata(), Instant.now());
    }

    private static ChatMessage roundTrip(ChatMessage message) {
        return ChatMessageEvents.toMessage(REF, stored(ChatMessageEvents.toEvent(message)));
    }

    @Test
    void toEventWhenAnAiMessageRequestsToolsThenAToolCallEventThatReadsBackEqual() {
        AiMessage message = AiMessage.from("Let me look", List.of(WEATHER_CALL));
        NewEvent event = ChatMessageEvents.toEvent(message);
        assertThat(event.type()).isEqualTo(EventType.TOOL_CALL);
        assertThat(event.author()).isEqualTo("assistant");
        assertThat(event.content()).isEqualTo("Let me look");
        assertThat(event.data().toString()).contains("call-1").contains("weather");
        assertThat(roundTrip(message)).isEqualTo(message);
    }

    @Test
    void toEventWhenAToolResultThenAToolResultEventThatReadsBackEqual() {
        ToolExecutionResultMessage message = ToolExecutionResultMessage.from(WEATHER_CALL, "sunny, 21 C");
        NewEvent event = ChatMessageEvents.toEvent(message);
        assertThat(event.type()).isEqualTo(EventType.TOOL_RESULT);
        assertThat(event.author()).isEqualTo("tool");
        assertThat(event.content()).isEqualTo("sunny, 21 C");
        assertThat(roundTrip(message)).isEqualTo(message);
    }

    @Test
    void toEventWhenPlainTextThenTheTextIsStoredOnceAndReadsBackEqual() {
        for (ChatMessage message : List.of(UserMessage.from("hello"), AiMessage.from("hi there"))) {
            NewEvent event = ChatMessageEvents.toEvent(message);
            assertThat(event.type()).isEqualTo(EventType.MESSAGE);
            assertThat(event.data()).isNull();
            assertThat(roundTrip(message)).isEqualTo(message);
        }
        assertThat(ChatMessageEvents.toEvent(UserMessage.from("hello")).author()).isEqualTo("user");
        assertThat(ChatMessageEvents.toEvent(AiMessage.from("hi")).author()).isEqualTo("assistant");
    }

    @Test
    void toEventWhenTheTextAloneCannotRebuildTheMessageThenItsJsonIsKept() {
        List<ChatMessage> messages = List.of(UserMessage.from("ada", "hello"),
                UserMessage.from(TextContent.from("what is this?"), ImageContent.from("https://example.com/a.png")),
                AiMessage.builder().text("42").thinking("6 times 7").build(),
                CustomMessage.from(Map.of("role", "critic", "score", 3)));
        for (ChatMessage message : messages) {
            NewEvent event = ChatMessageEvents.toEvent(message);
            assertThat(event.data()).as(message.toString()).isNotNull();
            assertThat(roundTrip(message)).isEqualTo(message);
        }
        assertThat(ChatMessageEvents.toEvent(messages.get(1)).content()).isEqualTo("what is this?");
        assertThat(ChatMessageEvents.toEvent(messages.get(3)).type()).isEqualTo(EventType.CUSTOM);
    }

    @Test
    void toEventWhenASystemMessageThenItsTextIsAlsoTheCurrentSystemMessageInState() {
        NewEvent event = ChatMessageEvents.toEvent(SystemMessage.from("Be brief."));
        assertThat(event.author()).isEqualTo("system");
        assertThat(event.stateDelta()).containsEntry(ChatMessageEvents.SYSTEM_MESSAGE_KEY, "Be brief.");
        assertThat(roundTrip(SystemMessage.from("Be brief."))).isEqualTo(SystemMessage.from("Be brief."));
    }

    @Test
    void toMessageWhenTheEventWasNotWrittenByTheAdapterThenNull() {
        assertThat(ChatMessageEvents.toMessage(REF, stored(NewEvent.message("user", "hello")))).isNull();
        assertThat(ChatMessageEvents.toMessage(REF, stored(ChatMessageEvents.clearMarker()))).isNull();
    }

    @Test
    void clearMarkerWhenReadThenRecognisedAndItRemovesTheSystemMessage() {
        SessionEvent marker = stored(ChatMessageEvents.clearMarker());
        assertThat(ChatMessageEvents.isClearMarker(marker)).isTrue();
        assertThat(marker.stateDelta()).containsEntry(ChatMessageEvents.SYSTEM_MESSAGE_KEY, null);
        assertThat(ChatMessageEvents.isClearMarker(stored(ChatMessageEvents.toEvent(UserMessage.from("x")))))
            .isFalse();
    }

    @Test
    void toMessageWhenTheStoredJsonIsNotAMessageThenSessionDataCorruptedNamingTheSession() {
        NewEvent event = ChatMessageEvents.toEvent(AiMessage.from(WEATHER_CALL))
            .withData(JsonMapper.shared().readTree("{\"type\":\"NOT_A_TYPE\"}"));
        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> ChatMessageEvents.toMessage(REF, stored(event)))
            .withMessageContaining("chat-1");
    }
}
