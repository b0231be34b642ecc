package dev.agentsession.autoconfigure.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import tools.jackson.databind.JsonNode;

/**
 * The {@code agentsessions} endpoint: list a user's sessions, read one (state, recent events, waits), delete
 * one. Auth credentials are never shown: this endpoint has no access to them. Like every actuator endpoint it
 * is not exposed until the application exposes it.
 */
@Endpoint(id = "agentsessions")
public class AgentSessionsEndpoint {

    private static final int DEFAULT_RECENT = 20;

    private final SessionManager sessions;

    /**
     * Creates the endpoint.
     * @param sessions the manager it reads through
     */
    public AgentSessionsEndpoint(SessionManager sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
    }

    /**
     * A page of one user's sessions, newest first.
     * @param app the app
     * @param userId the user
     * @param tenant the tenant, {@code default} when omitted
     * @param limit the page size, 50 when omitted
     * @param pageToken the token of the previous page, if any
     * @return the page
     */
    @ReadOperation
    public SessionList list(@Selector String app, @Selector String userId, @Nullable String tenant,
            @Nullable Integer limit, @Nullable String pageToken) {
        SessionQuery query = SessionQuery.forApp(tenantOrDefault(tenant), app)
            .withUser(userId)
            .withLimit((limit != null) ? limit : SessionQuery.DEFAULT_LIMIT)
            .withPageToken(pageToken);
        SessionPage page = this.sessions.list(query);
        return new SessionList(page.sessions().stream().map(SessionListItem::of).toList(), page.nextPageToken());
    }

    /**
     * One session with its state, recent events and waits.
     * @param app the app
     * @param userId the user
     * @param sessionId the session
     * @param tenant the tenant, {@code default} when omitted
     * @param recent how many recent events, 20 when omitted
     * @return the session, or {@code null} (404) when it does not exist
     */
    @ReadOperation
    public @Nullable SessionDetails session(@Selector String app, @Selector String userId, @Selector String sessionId,
            @Nullable String tenant, @Nullable Integer recent) {
        SessionRef ref = new SessionRef(tenantOrDefault(tenant), app, userId, sessionId);
        return this.sessions.find(ref, EventWindow.recent((recent != null) ? recent : DEFAULT_RECENT))
            .map((session) -> SessionDetails.of(session, this.sessions.listWaits(ref.tenant(), app, userId)
                .stream()
                .filter((wait) -> wait.session().equals(ref))
                .toList()))
            .orElse(null);
    }

    /**
     * Deletes one session with its events and waits.
     * @param app the app
     * @param userId the user
     * @param sessionId the session
     * @param tenant the tenant, {@code default} when omitted
     * @return whether it existed
     */
    @DeleteOperation
    public Map<String, Boolean> delete(@Selector String app, @Selector String userId, @Selector String sessionId,
            @Nullable String tenant) {
        return Map.of("deleted", this.sessions.delete(new SessionRef(tenantOrDefault(tenant), app, userId, sessionId)));
    }

    private static String tenantOrDefault(@Nullable String tenant) {
        return (tenant != null) ? tenant : SessionRef.DEFAULT_TENANT;
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
     * @param metadata the metadata
     * @param eventCount the number of events
     * @param version the version
     * @param createdAt when created
     * @param updatedAt when last changed
     * @param expiresAt when it expires, or {@code null}
     */
    public record SessionListItem(String sessionId, SessionStatus status, Map<String, String> metadata,
            long eventCount, long version, Instant createdAt, Instant updatedAt, @Nullable Instant expiresAt) {

        static SessionListItem of(SessionSummary summary) {
            return new SessionListItem(summary.ref().sessionId(), summary.status(), summary.metadata(),
                    summary.eventCount(), summary.version(), summary.createdAt(), summary.updatedAt(),
                    summary.expiresAt());
        }

    }

    /**
     * A session in detail.
     * @param sessionId the id
     * @param status the status
     * @param version the version
     * @param metadata the metadata
     * @param state the merged state
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

        static SessionDetails of(AgentSession session, List<SessionWait> waits) {
            return new SessionDetails(session.ref().sessionId(), session.status(), session.version(),
                    session.metadata(), session.state(), (session.flow() != null) ? session.flow().flowId() : null,
                    (session.flow() != null) ? session.flow().cursor() : null, session.eventCount(),
                    session.events().stream().map(EventItem::of).toList(), waits.stream().map(WaitItem::of).toList(),
                    session.updatedAt(), session.expiresAt());
        }

    }

    /**
     * An event.
     * @param seq its position
     * @param id its id
     * @param type its type
     * @param author who produced it
     * @param content its text, if any
     * @param data its structured content, if any
     * @param timestamp when it happened
     */
    public record EventItem(long seq, String id, EventType type, String author, @Nullable String content,
            @Nullable JsonNode data, Instant timestamp) {

        static EventItem of(SessionEvent event) {
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
