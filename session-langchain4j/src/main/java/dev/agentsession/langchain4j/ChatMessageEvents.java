package dev.agentsession.langchain4j;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.agentsession.EventType;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.ChatMessageType;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a LangChain4j chat message is written as a session event and read back equal.
 *
 * <p>Every event this adapter writes carries the metadata entry {@value #FORMAT_KEY} naming the message type, so that
 * events written by other means (state changes, other frameworks) are never mistaken for memory. The text goes to the
 * event's content; the message's LangChain4j JSON goes to its data only when the text alone would not rebuild an equal
 * message (tool calls, tool results, names, attributes, images...), so plain text is stored once.
 */
final class ChatMessageEvents {

    /** The metadata key that marks an event as this adapter's, with the message type as its value. */
    static final String FORMAT_KEY = "langchain4j";

    /** The session state key holding the text of the memory's current system message. */
    static final String SYSTEM_MESSAGE_KEY = "langchain4j.systemMessage";

    private static final String CLEARED = "MEMORY_CLEARED";

    private ChatMessageEvents() {
    }

    /**
     * The event that stores a message.
     * @param message the message
     * @return the event to append
     */
    static NewEvent toEvent(ChatMessage message) {
        ChatMessageType type = message.type();
        String text = textOf(message);
        JsonNode data = message.equals(fromText(type, text)) ? null : json(message);
        NewEvent event = new NewEvent(null, eventType(message), author(type), text, data, Map.of(),
                Map.of(FORMAT_KEY, type.name()), null);
        if (message instanceof SystemMessage system) {
            return event.withStateDelta(Map.of(SYSTEM_MESSAGE_KEY, system.text()));
        }
        return event;
    }

    /**
     * The event that marks where a cleared memory starts again: the log keeps what came before, the memory no longer
     * shows it.
     * @return the event to append
     */
    static NewEvent clearMarker() {
        return new NewEvent(null, EventType.CUSTOM, "system", null, null, nullSystemMessage(),
                Map.of(FORMAT_KEY, CLEARED), null);
    }

    /**
     * The state change event recording that the memory no longer has a system message.
     * @return the event to append
     */
    static NewEvent systemMessageRemoved() {
        return NewEvent.state("system", nullSystemMessage()).withMetadata(Map.of(FORMAT_KEY, "SYSTEM_REMOVED"));
    }

    /**
     * Whether an event is a clear marker.
     * @param event the event
     * @return {@code true} for a marker written by {@link #clearMarker()}
     */
    static boolean isClearMarker(SessionEvent event) {
        return CLEARED.equals(event.metadata().get(FORMAT_KEY));
    }

    /**
     * The message an event stores.
     * @param ref the session, for the error message
     * @param event the event
     * @return the message, or {@code null} if the event is not a message written by this adapter
     * @throws SessionDataCorruptedException if the event claims to be a message but cannot be read as one
     */
    static @Nullable ChatMessage toMessage(SessionRef ref, SessionEvent event) {
        String format = event.metadata().get(FORMAT_KEY);
        ChatMessageType type = (format != null) ? messageType(format) : null;
        if (type == null) {
            return null;
        }
        JsonNode data = event.data();
        try {
            ChatMessage message = (data != null) ? ChatMessageDeserializer.messageFromJson(data.toString())
                    : fromText(type, event.content());
            if (message == null) {
                throw new IllegalArgumentException("no data and no text for a " + type + " message");
            }
            return message;
        }
        catch (RuntimeException ex) {
            throw new SessionDataCorruptedException(ref, "LangChain4j message in event " + event.seq(), ex);
        }
    }

    private static @Nullable ChatMessageType messageType(String format) {
        for (ChatMessageType type : ChatMessageType.values()) {
            if (type.name().equals(format)) {
                return type;
            }
        }
        return null;
    }

    private static EventType eventType(ChatMessage message) {
        if (message instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
            return EventType.TOOL_CALL;
        }
        return switch (message.type()) {
            case TOOL_EXECUTION_RESULT -> EventType.TOOL_RESULT;
            case CUSTOM -> EventType.CUSTOM;
            default -> EventType.MESSAGE;
        };
    }

    private static String author(ChatMessageType type) {
        return switch (type) {
            case SYSTEM -> "system";
            case USER -> "user";
            case AI -> "assistant";
            case TOOL_EXECUTION_RESULT -> "tool";
            case CUSTOM -> "custom";
        };
    }

    private static @Nullable String textOf(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return system.text();
        }
        if (message instanceof AiMessage ai) {
            return ai.text();
        }
        if (message instanceof UserMessage user) {
            return textOf(user.contents());
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return textOf(result.contents());
        }
        return null;
    }

    private static @Nullable String textOf(List<Content> contents) {
        List<String> texts = contents.stream()
            .filter(TextContent.class::isInstance)
            .map((content) -> ((TextContent) content).text())
            .toList();
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    /**
     * The message that the type and text alone describe, or {@code null} when they are not enough.
     */
    private static @Nullable ChatMessage fromText(ChatMessageType type, @Nullable String text) {
        if (text == null) {
            return null;
        }
        return switch (type) {
            case SYSTEM -> SystemMessage.from(text);
            case USER -> UserMessage.from(text);
            case AI -> AiMessage.from(text);
            default -> null;
        };
    }

    private static JsonNode json(ChatMessage message) {
        // LangChain4j's own codec (Jackson 2) writes the message; the store keeps it as a Jackson 3 tree.
        try {
            return JsonMapper.shared().readTree(ChatMessageSerializer.messageToJson(message));
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("LangChain4j wrote a " + message.type() + " message as invalid JSON",
                    ex);
        }
    }

    private static Map<String, @Nullable Object> nullSystemMessage() {
        // A null value deletes the key; Map.of refuses nulls.
        return Collections.singletonMap(SYSTEM_MESSAGE_KEY, null);
    }
}
