package dev.agentsession.store;

import java.time.Instant;
import java.util.Objects;

import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * Fork a session in one atomic write: create {@code target} at version 1, with the source's metadata, the source's
 * initial state as its own, the {@link HistoryReplay#forkedEvents effective events up to {@code atSeq}} and the
 * session-scope state {@link HistoryReplay#sessionState as of then}. The source is read, never changed; it may be
 * archived. The store refuses an {@code atSeq} that {@link HistoryReplay#requirePoint} refuses, and a target that
 * exists, with nothing written.
 *
 * @param source the session forked
 * @param atSeq the last event copied, 0 for none
 * @param target the new session, of the source's tenant, app and user
 * @param now the creation time
 * @param expiresAt the new session's expiry, or {@code null}
 */
public record ForkCommand(SessionRef source, long atSeq, SessionRef target, Instant now,
        @Nullable Instant expiresAt) {

    /**
     * Checks the arguments.
     */
    public ForkCommand {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(target, "target must not be null");
        if (atSeq < 0) {
            throw new IllegalArgumentException("atSeq must not be negative, was " + atSeq);
        }
        if (!source.tenant().equals(target.tenant()) || !source.app().equals(target.app())
                || !source.userId().equals(target.userId())) {
            throw new IllegalArgumentException("A fork belongs to the source's tenant, app and user");
        }
        Objects.requireNonNull(now, "now must not be null");
    }
}
