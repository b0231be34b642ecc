package dev.agentsession.autoconfigure.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import dev.agentsession.AgentSession;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionPage;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.flow.SessionWait;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import tools.jackson.databind.JsonNode;

/**
 * The {@code agentsessions} endpoint: list a user's sessions, read one (state, recent events, waits), delete
 * one. Auth credentials are never shown: this endpoint has no access to them. Like every actuator endpoint it
 * is not exposed until the application exposes it, and it is read-only until the application grants it
 * unrestricted access ({@code management.endpoint.agentsessions.access=unrestricted}). Conversation content,
 * state and metadata values are shown per Boot's {@code show-values} rule
 * ({@code management.endpoint.agentsessions.show-values}, {@code never} by default); bad parameters are answered
 * with 400.
 */
@Endpoint(id = "agentsessions", defaultAccess = Access.READ_ONLY)
public class AgentSessionsEndpoint {

    /** What a value that is not shown reads as, the same mask Boot's sanitizing endpoints use. */
    public static final String MASK = "******";

    private static final int DEFAULT_RECENT = 20;

    /** The most recent events one read returns. */
    public static final int MAX_RECENT = 1000;

    private final SessionManager sessions;

    private final Show showValues;

    private final Set<String> roles;

    /**
     * Creates the endpoint.
     * @param sessions the manager it reads through
     * @param showValues when conversation content, state and metadata values are shown
     * @param roles the roles that see values under {@link Show#WHEN_AUTHORIZED}; any authenticated user when empty
     */
    public AgentSessionsEndpoint(SessionManager sessions, Show showValues, Set<String> roles) {
        this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
        this.showValues = Objects.requireNonNull(showValues, "showValues must not be null");
        this.roles = Set.copyOf(roles);
    }

    /**
     * A page of one user's sessions, newest first.
     * @param app the app
     * @param userId the user
     * @param tenant the tenant, {@code default} when omitted
     * @param limit the page size, 50 when omitted, at most {@value SessionQuery#MAX_LIMIT}
     * @param pageToken the token of the previous page, if any
     * @param securityContext the caller, for the {@code show-values} rule
     * @return the page
     * @throws InvalidEndpointRequestException (400) if a parameter is invalid
     */
    @ReadOperation
    public SessionList list(@Selector String app, @Selector String userId, @Nullable String tenant,
            @Nullable Integer limit, @Nullable String pageToken, SecurityContext securityContext) {
        boolean showValues = this.showValues.isShown(securityContext, this.roles);
        SessionPage page = badRequestOnIllegalArgument(() -> this.sessions.list(SessionQuery
            .forApp(tenantOrDefault(tenant), app)
            .withUser(userId)
            .withLimit((limit != null) ? limit : SessionQuery.DEFAULT_LIMIT)
            .withPageToken(pageToken)));
        return new SessionList(page.sessions().stream().map((summary) -> SessionListItem.of(summary, showValues)).toList(),
                page.nextPageToken());
    }

    /**
     * One session with its state, recent events and waits.
     * @param app the app
     * @param userId the user
     * @param sessionId the session
     * @param tenant the tenant, {@code default} when omitted
     * @param recent how many recent events, 20 when omitted, 0 to {@value #MAX_RECENT}
     * @param securityContext the caller, for the {@code show-values} rule
     * @return the session, or {@code null} (404) when it does not exist
     * @throws InvalidEndpointRequestException (400) if a parameter is invalid
     */
    @ReadOperation
    public @Nullable SessionDetails session(@Selector String app, @Selector String userId, @Selector String sessionId,
            @Nullable String tenant, @Nullable Integer recent, SecurityContext securityContext) {
        int count = (recent != null) ? recent : DEFAULT_RECENT;
        if (count < 0 || count > MAX_RECENT) {
            throw new InvalidEndpointRequestException("recent must be 0 to " + MAX_RECENT + ", was " + count,
                    "Invalid parameter 'recent': must be 0 to " + MAX_RECENT);
        }
        boolean showValues = this.showValues.isShown(securityContext, this.roles);
        SessionRef ref = badRequestOnIllegalArgument(
                () -> new SessionRef(tenantOrDefault(tenant), app, userId, sessionId));
        EventWindow window = (count > 0) ? EventWindow.recent(count) : EventWindow.none();
        return this.sessions.find(ref, window)
            .map((session) -> SessionDetails.of(session, this.sessions.listWaits(ref.tenant(), app, userId)
                .stream()
                .filter((wait) -> wait.session().equals(ref))
                .toList(), showValues))
            .orElse(null);
    }

    /**
     * Deletes one session with its events and waits.
     * @param app the app
     * @param userId the user
     * @param sessionId the session
     * @param tenant the tenant, {@code default} when omitted
     * @return whether it existed
     * @throws InvalidEndpointRequestException (400) if a parameter is invalid
     */
    @DeleteOperation
    public Map<String, Boolean> delete(@Selector String app, @Selector String userId, @Selector String sessionId,
            @Nullable String tenant) {
        SessionRef ref = badRequestOnIllegalArgument(
                () -> new SessionRef(tenantOrDefault(tenant), app, userId, sessionId));
        return Map.of("deleted", this.sessions.delete(ref));
    }

    private static String tenantOrDefault(@Nullable String tenant) {
        return (tenant != null) ? tenant : SessionRef.DEFAULT_TENANT;
    }

    /**
     * Turns the manager's argument checks (bad ids, limits, page tokens) into a 400 answer instead of a 500. Their
     * messages name the parameter and never carry stored content.
     */
    private static <T> T badRequestOnIllegalArgument(Supplier<T> call) {
        try {
            return call.get();
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidEndpointRequestException(ex.getMessage(), "Invalid parameter: " + ex.getMessage(), ex);
        }
    }

    private static Map<String, String> maskedStrings(Map<String, String> values, boolean show) {
        if (show) {
            return values;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        values.keySet().forEach((key) -> masked.put(key, MASK));
        return masked;
    }

    private static Map<String, Object> masked(Map<String, Object> values, boolean show) {
        if (show) {
            return values;
        }
        Map<String, Object> masked = new LinkedHashMap<>();
        values.keySet().forEach((key) -> masked.put(key, MASK));
        return masked;
    }

    /**
     * A page of sessions.
     * @param sessions the sessions
     * @param nextPageToken the next page's token, or {@code null}
     */
    public record SessionList(List<SessionListItem> sessions, @Nullable String nextPageToken) {
    }

    /**
     * A listed session.
     * @param sessionId the id
     * @param status the status
     * @param metadata the metadata, values {@link #MASK} unless values are shown
     * @param eventCount the number of events
     * @param version the version
     * @param createdAt when created
     * @param updatedAt when last changed
     * @param expiresAt when it expires, or {@code null}
     */
    public record SessionListItem(String sessionId, SessionStatus status, Map<String, String> metadata,
            long eventCount, long version, Instant createdAt, Instant updatedAt, @Nullable Instant expiresAt) {

        static SessionListItem of(SessionSummary summary, boolean showValues) {
            return new SessionListItem(summary.ref().sessionId(), summary.status(),
                    maskedStrings(summary.metadata(), showValues),
                    summary.eventCount(), summary.version(), summary.createdAt(), summary.updatedAt(),
                    summary.expiresAt());
        }

    }

    /**
     * A session in detail.
     * @param sessionId the id
     * @param status the status
     * @param version the version
     * @param metadata the metadata, values {@link #MASK} unless values are shown
     * @param state the merged state, values {@link #MASK} unless values are shown
     * @param flowId the paused flow's id, or {@code null}
     * @param flowCursor the paused flow's cursor, or {@code null}
     * @param eventCount the number of events
     * @param events the recent events
     * @param waits the session's live waits
     * @param updatedAt when last changed
     * @param expiresAt when it expires, or {@code null}
     */
    public record SessionDetails(String sessionId, SessionStatus status, long version, Map<String, String> metadata,
            Map<String, Object> state, @Nullable String flowId, @Nullable String flowCursor, long eventCount,
            List<EventItem> events, List<WaitItem> waits, Instant updatedAt, @Nullable Instant expiresAt) {

        static SessionDetails of(AgentSession session, List<SessionWait> waits, boolean showValues) {
            return new SessionDetails(session.ref().sessionId(), session.status(), session.version(),
                    maskedStrings(session.metadata(), showValues), masked(session.state(), showValues),
                    (session.flow() != null) ? session.flow().flowId() : null,
                    (session.flow() != null) ? session.flow().cursor() : null, session.eventCount(),
                    session.events().stream().map((event) -> EventItem.of(event, showValues)).toList(),
                    waits.stream().map(WaitItem::of).toList(),
                    session.updatedAt(), session.expiresAt());
        }

    }

    /**
     * An event.
     * @param seq its position
     * @param id its id
     * @param type its type
     * @param author who produced it
     * @param content its text, if any, {@link #MASK} unless values are shown
     * @param data its structured content, if any, left out unless values are shown
     * @param timestamp when it happened
     */
    public record EventItem(long seq, String id, EventType type, String author, @Nullable String content,
            @Nullable JsonNode data, Instant timestamp) {

        static EventItem of(SessionEvent event, boolean showValues) {
            if (!showValues) {
                return new EventItem(event.seq(), event.id(), event.type(), event.author(),
                        (event.content() != null) ? MASK : null, null, event.timestamp());
            }
            return new EventItem(event.seq(), event.id(), event.type(), event.author(), event.content(), event.data(),
                    event.timestamp());
        }

    }

    /**
     * A wait.
     * @param channel the reply channel
     * @param conversation the reply conversation
     * @param thread the reply thread, if any
     * @param flowId the waiting flow
     * @param createdAt when registered
     * @param expiresAt when it expires
     */
    public record WaitItem(String channel, String conversation, @Nullable String thread, String flowId,
            Instant createdAt, Instant expiresAt) {

        static WaitItem of(SessionWait wait) {
            return new WaitItem(wait.scope().channel(), wait.scope().conversation(), wait.scope().thread(),
                    wait.flow().flowId(), wait.createdAt(), wait.expiresAt());
        }

    }
}
