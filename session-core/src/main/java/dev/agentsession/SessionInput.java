package dev.agentsession;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.flow.FlowState;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The manager's checks of everything a caller can store (SPEC 3.5), made once before any write: keys by the
 * rules of {@link Identifiers}, values within the codec's {@link ValueLimits} and in the form every store reads
 * back, times within {@link Timestamps}. A refusal is an {@link IllegalArgumentException} whose message names
 * the field, never its content.
 */
final class SessionInput {

    private final SessionCodec codec;

    SessionInput(SessionCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    /**
     * A state delta with checked keys and normalized values ({@code null} values kept: they delete).
     */
    Map<String, @Nullable Object> state(Map<String, ? extends @Nullable Object> delta) {
        if (delta.isEmpty()) {
            return Map.of();
        }
        Map<String, @Nullable Object> checked = new LinkedHashMap<>(delta.size());
        delta.forEach((key, value) -> {
            Identifiers.requireValidStateKey(key);
            checked.put(key, this.codec.normalize("state value of '" + key + "'", value));
        });
        return checked;
    }

    /**
     * Metadata with checked keys and values.
     */
    Map<String, String> metadata(String what, Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return metadata;
        }
        metadata.keySet().forEach((key) -> Identifiers.requireValid(what + " key", key));
        this.codec.normalize(what, metadata);
        return metadata;
    }

    /**
     * Event data, a flow snapshot or a wait payload in the form every store reads back.
     */
    @Nullable JsonNode tree(String what, @Nullable JsonNode tree) {
        return (tree != null) ? this.codec.normalizeTree(what, tree) : null;
    }

    /**
     * A flow state whose snapshot and cursor are in the form every store reads back.
     */
    FlowState flow(FlowState flow) {
        this.codec.normalize("flow cursor", flow.cursor());
        return new FlowState(flow.flowId(), flow.cursor(), this.codec.normalizeTree("flow snapshot", flow.snapshot()));
    }

    /**
     * An event's text, which must be valid Unicode.
     */
    @Nullable String content(@Nullable String content) {
        if (content != null) {
            this.codec.normalize("event content", content);
        }
        return content;
    }

    /**
     * A time that must be storable.
     */
    static Instant time(String what, Instant time) {
        return Objects.requireNonNull(Timestamps.requireStorable(what, time));
    }
}
