package dev.agentsession.flow;

import java.util.Objects;

import dev.agentsession.Identifiers;
import dev.agentsession.ValueLimits;
import dev.agentsession.ValueShape;
import tools.jackson.databind.JsonNode;

/**
 * Where a paused agent flow stands, saved with its session so that any node can resume it.
 *
 * @param flowId the flow (or graph) being executed
 * @param cursor the step the flow resumes at
 * @param snapshot the execution snapshot the flow needs to continue, as JSON
 */
public record FlowState(String flowId, String cursor, JsonNode snapshot) {

    /**
     * Checks the arguments and copies the snapshot.
     */
    public FlowState {
        Identifiers.requireValid("flowId", flowId);
        Objects.requireNonNull(cursor, "cursor must not be null");
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        // Bounded before the recursive copy, so a self-containing or too deep tree is an argument error.
        ValueShape.requireBounded("flow snapshot", snapshot, ValueLimits.DEPTH_CEILING, Long.MAX_VALUE);
        snapshot = snapshot.deepCopy();
    }

    /**
     * Returns a copy of the snapshot, so that the saved state cannot be changed through it.
     * @return the snapshot
     */
    @Override
    public JsonNode snapshot() {
        return this.snapshot.deepCopy();
    }
}
