package dev.agentsession.sample;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * A pretend calendar provider's API: deterministic, no network. It answers only with a token that the
 * pretend login issued.
 */
@Component
public class CalendarTool {

    /** The provider name used for auth sessions. */
    public static final String PROVIDER = "acme-calendar";

    /** How the pretend login's tokens start. */
    public static final String TOKEN_PREFIX = "acme-token-";

    /** The scope the tool needs. */
    public static final String SCOPE = "calendar.read";

    /**
     * Lists today's meetings.
     * @param accessToken the user's token
     * @return the meetings
     * @throws IllegalStateException if the token was not issued by the pretend login
     */
    public List<String> todaysMeetings(String accessToken) {
        if (!accessToken.startsWith(TOKEN_PREFIX)) {
            throw new IllegalStateException("acme-calendar rejected the token");
        }
        return List.of("09:30 stand-up", "14:00 design review");
    }
}
