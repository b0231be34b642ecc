package dev.agentsession.springai;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.EventType;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionEvent;
import dev.agentsession.history.Compaction;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps Spring AI messages to session events and back.
 *
 * <p>A user, system or assistant message is one {@link EventType#MESSAGE MESSAGE} event (author {@code user},
 * {@code system} or {@code assistant}, the text as content, the metadata and media in {@code data}). Each tool call
 * of an assistant message is a {@link EventType#TOOL_CALL TOOL_CALL} event (author {@code assistant}, data
 * {@code id}, {@code type}, {@code name}, {@code arguments}) right after its message. Each response of a tool response
 * message is a {@link EventType#TOOL_RESULT TOOL_RESULT} event (author {@code tool}, data {@code id}, {@code name},
 * {@code responseData}); the first also carries the response count and the message metadata, so that two
 * consecutive tool response messages read back as two.
 *
 * <p>Metadata is stored as JSON and read back as JSON types (strings, booleans, Integer / Long / BigInteger,
 * Double, lists, maps), so a message whose metadata holds such values reads back {@code equals} to the one
 * written. Spring AI's {@code messageType} entry is not stored: the message type restores it.
 */
final class MessageEvents {

    static final String USER = "user";

    static final String SYSTEM = "system";

    static final String ASSISTANT = "assistant";

    static final String TOOL = "tool";

    private static final String METADATA = "metadata";

    private static final String MEDIA = "media";

    private static final String RESPONSE_COUNT = "responseCount";

    /**
     * Metadata of the two messages that carry a compaction's summary: the seq of its {@code COMPACTION} event. A
     * window saved back with them stores nothing for them.
     */
    static final String COMPACTION_SEQ = "agent-session.compaction-seq";

    private final JsonMapper json;

    MessageEvents(JsonMapper json) {
        this.json = json;
    }

    /**
     * The events that store a message, in order.
     * @param message the message
     * @return one event, or more for tool calls and tool responses
     * @throws IllegalArgumentException for a message type other than user, system, assistant and tool response
     */
    List<NewEvent> toEvents(Message message) {
        if (message instanceof UserMessage user) {
            return List.of(head(USER, user.getText(), user.getMetadata(), user.getMedia()));
        }
        if (message instanceof SystemMessage system) {
            return List.of(head(SYSTEM, system.getText(), system.getMetadata(), List.of()));
        }
        if (message instanceof AssistantMessage assistant) {
            List<NewEvent> events = new ArrayList<>();
            events.add(head(ASSISTANT, assistant.getText(), assistant.getMetadata(), assistant.getMedia()));
            for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
                ObjectNode data = this.json.createObjectNode();
                data.put("id", call.id());
                data.put("type", call.type());
                data.put("name", call.name());
                data.put("arguments", call.arguments());
                events.add(NewEvent.toolCall(ASSISTANT, data));
            }
            return events;
        }
        if (message instanceof ToolResponseMessage tool) {
            return toolResultEvents(tool);
        }
        throw new IllegalArgumentException("Cannot store a Spring AI message of type "
                + message.getClass().getName() + "; user, system, assistant and tool response messages are stored");
    }

    private List<NewEvent> toolResultEvents(ToolResponseMessage message) {
        List<NewEvent> events = new ArrayList<>();
        List<ToolResponseMessage.ToolResponse> responses = message.getResponses();
        // The first event stands for the message: a message without responses still has one.
        for (int i = 0; i < Math.max(1, responses.size()); i++) {
            ObjectNode data = this.json.createObjectNode();
            if (i < responses.size()) {
                ToolResponseMessage.ToolResponse response = responses.get(i);
                data.put("id", response.id());
                data.put("name", response.name());
                data.put("responseData", response.responseData());
            }
            if (i == 0) {
                data.put(RESPONSE_COUNT, responses.size());
                putMetadata(data, message.getMetadata());
            }
            events.add(NewEvent.toolResult(TOOL, data));
        }
        return events;
    }

    private NewEvent head(String author, @Nullable String text, Map<String, Object> metadata, List<Media> media) {
        ObjectNode data = this.json.createObjectNode();
        putMetadata(data, metadata);
        if (!media.isEmpty()) {
            ArrayNode array = data.putArray(MEDIA);
            media.forEach((item) -> array.add(mediaNode(item)));
        }
        NewEvent event = new NewEvent(null, EventType.MESSAGE, author, text, null, Map.of(), Map.of(), null);
        return data.isEmpty() ? event : event.withData(data);
    }

    private void putMetadata(ObjectNode data, Map<String, Object> metadata) {
        Map<String, Object> stored = new LinkedHashMap<>(metadata);
        stored.remove(AbstractMessage.MESSAGE_TYPE);
        if (!stored.isEmpty()) {
            data.set(METADATA, this.json.valueToTree(stored));
        }
    }

    private ObjectNode mediaNode(Media media) {
        ObjectNode node = this.json.createObjectNode();
        node.put("mimeType", media.getMimeType().toString());
        node.put("id", media.getId());
        node.put("name", media.getName());
        Object data = media.getData();
        if (data instanceof byte[] bytes) {
            node.put("bytes", Base64.getEncoder().encodeToString(bytes));
        }
        else if (data instanceof URL url) {
            node.put("url", url.toString());
        }
        else {
            node.put("data", data.toString());
        }
        return node;
    }

    /**
     * The messages that events store, oldest first. Events that belong to no message (other types, other
     * authors) are skipped, and so are the tool calls or tool results at the start of a window whose first event
     * was left out.
     * @param events consecutive events of a session, oldest first
     * @return the messages
     */
    List<StoredMessage> toMessages(List<SessionEvent> events) {
        List<StoredMessage> messages = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            SessionEvent event = events.get(i);
            JsonNode data = (event.data() != null) ? event.data() : this.json.createObjectNode();
            if (event.type() == EventType.MESSAGE && ASSISTANT.equals(event.author())) {
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                int next = i + 1;
                while (next < events.size() && events.get(next).type() == EventType.TOOL_CALL) {
                    calls.add(toolCall(events.get(next)));
                    next++;
                }
                messages.add(new StoredMessage(event.seq(), AssistantMessage.builder()
                    .content(event.content())
                    .properties(metadata(data))
                    .toolCalls(calls)
                    .media(media(data))
                    .build()));
                i = next;
            }
            else if (event.type() == EventType.MESSAGE && USER.equals(event.author())) {
                messages.add(new StoredMessage(event.seq(), UserMessage.builder()
                    .text(textOf(event))
                    .media(media(data))
                    .metadata(metadata(data))
                    .build()));
                i++;
            }
            else if (event.type() == EventType.MESSAGE && SYSTEM.equals(event.author())) {
                messages.add(new StoredMessage(event.seq(),
                        SystemMessage.builder().text(textOf(event)).metadata(metadata(data)).build()));
                i++;
            }
            else if (event.type() == EventType.TOOL_RESULT && data.has(RESPONSE_COUNT)) {
                int count = data.get(RESPONSE_COUNT).asInt();
                List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                int next = i;
                while (next < events.size() && responses.size() < count
                        && events.get(next).type() == EventType.TOOL_RESULT) {
                    responses.add(toolResponse(events.get(next)));
                    next++;
                }
                messages.add(new StoredMessage(event.seq(),
                        ToolResponseMessage.builder().responses(responses).metadata(metadata(data)).build()));
                i = Math.max(next, i + 1);
            }
            else {
                i++;
            }
        }
        return messages;
    }

    /** The question of the pair of messages that shows a compaction's summary to the model. */
    static final String SUMMARY_REQUEST = "Summarize our conversation so far.";

    /**
     * The messages that show the model a compaction's summary in place of the messages it stands for: a user
     * message asking for a summary and an assistant message answering with it. A pair, not a system message: the
     * memory advisor moves the first system message it meets to the front, so a summary as a system message would
     * push the application's own system prompt down; and the pair keeps user and assistant turns alternating.
     * @param compaction the compaction
     * @return the two messages, at the seq of the compaction's event
     */
    static List<StoredMessage> summary(Compaction compaction) {
        Map<String, Object> metadata = Map.of(COMPACTION_SEQ, compaction.seq());
        return List.of(
                new StoredMessage(compaction.seq(),
                        UserMessage.builder().text(SUMMARY_REQUEST).metadata(metadata).build()),
                new StoredMessage(compaction.seq(),
                        AssistantMessage.builder().content(compaction.summary()).properties(metadata).build()));
    }

    /**
     * Whether a message is one of the pair that {@link #summary(Compaction)} made.
     * @param message the message
     * @return {@code true} for a summary message
     */
    static boolean isSummary(Message message) {
        return message.getMetadata().containsKey(COMPACTION_SEQ);
    }

    private static String textOf(SessionEvent event) {
        // User and system messages always have text; an empty one may come back as absent from a store.
        return (event.content() != null) ? event.content() : "";
    }

    private AssistantMessage.ToolCall toolCall(SessionEvent event) {
        JsonNode data = dataOf(event);
        return new AssistantMessage.ToolCall(string(data, "id"), string(data, "type"), string(data, "name"),
                string(data, "arguments"));
    }

    private ToolResponseMessage.ToolResponse toolResponse(SessionEvent event) {
        JsonNode data = dataOf(event);
        return new ToolResponseMessage.ToolResponse(string(data, "id"), string(data, "name"),
                string(data, "responseData"));
    }

    private JsonNode dataOf(SessionEvent event) {
        return (event.data() != null) ? event.data() : this.json.createObjectNode();
    }

    // Spring AI's records declare non-null fields, but some models leave a field out: what was written is read back.
    private static @Nullable String string(JsonNode data, String field) {
        return data.path(field).stringValue(null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> metadata(JsonNode data) {
        JsonNode metadata = data.path(METADATA);
        return metadata.isObject() ? this.json.treeToValue(metadata, LinkedHashMap.class) : Map.of();
    }

    private List<Media> media(JsonNode data) {
        List<Media> media = new ArrayList<>();
        for (JsonNode node : data.path(MEDIA)) {
            Media.Builder builder = Media.builder().mimeType(MimeType.valueOf(node.path("mimeType").asString()));
            if (node.has("bytes")) {
                builder.data(Base64.getDecoder().decode(node.path("bytes").asString()));
            }
            else if (node.has("url")) {
                builder.data(url(node.path("url").asString()));
            }
            else {
                builder.data(node.path("data").asString());
            }
            String id = string(node, "id");
            if (id != null) {
                builder.id(id);
            }
            media.add(builder.name(node.path("name").asString()).build());
        }
        return media;
    }

    private static URL url(String url) {
        try {
            return URI.create(url).toURL();
        }
        catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalStateException("A stored media URL cannot be read back", ex);
        }
    }
}
