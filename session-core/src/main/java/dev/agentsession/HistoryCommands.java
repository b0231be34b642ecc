package dev.agentsession;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.store.ForkCommand;
import dev.agentsession.store.RewindCommand;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks the arguments of {@link SessionManager#rewind(SessionRef, long, Long)} and
 * {@link SessionManager#fork(SessionRef, long, String)} and builds the store commands, so that the manager keeps
 * one line per history operation.
 */
final class HistoryCommands {

    /** The author of {@code REWIND} markers. */
    static final String MARKER_AUTHOR = "system";

    private HistoryCommands() {
    }

    static RewindCommand rewind(SessionInput input, SessionRef ref, long toSeq, String markerId,
            @Nullable Long expectedVersion, Instant now, @Nullable Instant expiresAt) {
        Objects.requireNonNull(ref, "ref must not be null");
        if (toSeq < 0) {
            throw new IllegalArgumentException("toSeq must not be negative, was " + toSeq + "; nothing was changed");
        }
        SessionEvent marker = new SessionEvent(0, markerId, EventType.REWIND, MARKER_AUTHOR, null,
                input.tree("rewind marker", JsonNodeFactory.instance.objectNode().put("toSeq", toSeq)), Map.of(),
                Map.of(), now);
        return new RewindCommand(ref, toSeq, marker, expectedVersion, now, expiresAt);
    }

    static ForkCommand fork(SessionRef ref, long atSeq, String newSessionId, Instant now,
            @Nullable Instant expiresAt) {
        Objects.requireNonNull(ref, "ref must not be null");
        if (atSeq < 0) {
            throw new IllegalArgumentException("atSeq must not be negative, was " + atSeq + "; nothing was written");
        }
        SessionRef target = new SessionRef(ref.tenant(), ref.app(), ref.userId(), newSessionId);
        return new ForkCommand(ref, atSeq, target, now, expiresAt);
    }
}
