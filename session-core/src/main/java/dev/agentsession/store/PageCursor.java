package dev.agentsession.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;

import dev.agentsession.Identifiers;
import dev.agentsession.SessionSummary;
import dev.agentsession.Timestamps;

/**
 * The position after which a listing continues: the sort key of the last session of the previous page.
 * Sessions sort by {@code updatedAt} descending, then user id and session id descending, which makes the
 * key unique within an app. Encoded as an opaque, URL-safe page token.
 *
 * @param updatedAt the last session's update time
 * @param userId its user
 * @param sessionId its id
 */
public record PageCursor(Instant updatedAt, String userId, String sessionId) {

    /** The listing order: newest first, then user id and session id descending. */
    public static final Comparator<PageCursor> NEWEST_FIRST = Comparator.comparing(PageCursor::updatedAt)
        .thenComparing(PageCursor::userId)
        .thenComparing(PageCursor::sessionId)
        .reversed();

    // Identifiers cannot contain control characters, so a newline cannot occur inside a part.
    private static final String SEPARATOR = "\n";

    /**
     * Checks the arguments.
     */
    public PageCursor {
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
        Identifiers.requireValid("userId", userId);
        Identifiers.requireValid("sessionId", sessionId);
    }

    /**
     * The cursor after a listed session.
     * @param session the session
     * @return the cursor
     */
    public static PageCursor after(SessionSummary session) {
        return new PageCursor(session.updatedAt(), session.ref().userId(), session.ref().sessionId());
    }

    /**
     * Whether a session with this sort key comes after this cursor in the listing order.
     * @param other the other key
     * @return {@code true} if {@code other} belongs to a later page
     */
    public boolean precedes(PageCursor other) {
        return NEWEST_FIRST.compare(this, other) < 0;
    }

    /**
     * The update time in microseconds since the epoch, the precision every store keeps.
     * @return the microseconds
     */
    public long updatedAtMicros() {
        return EpochMicros.of(this.updatedAt);
    }

    /**
     * The opaque page token.
     * @return the token
     */
    public String encode() {
        String plain = updatedAtMicros() + SEPARATOR + this.userId + SEPARATOR + this.sessionId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a page token.
     * @param token a token from {@link #encode()}
     * @return the cursor
     * @throws IllegalArgumentException if the token was not made by {@link #encode()}
     */
    public static PageCursor decode(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split(SEPARATOR, -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            Instant updatedAt = Timestamps.requireStorable("page token time",
                    EpochMicros.toInstant(Long.parseLong(parts[0])));
            return new PageCursor(updatedAt, parts[1], parts[2]);
        }
        catch (IllegalArgumentException | ArithmeticException ex) {
            throw new IllegalArgumentException("pageToken is not a token returned by list()", ex);
        }
    }
}
