package dev.agentsession.sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.agentsession.AgentSession;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.flow.SessionWait;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * The sample's REST API: sessions, chat, and the pretend provider's login callback. Bad requests are answered
 * by {@link ApiExceptionHandler}.
 */
@RestController
public class ChatController {

    private final SessionManager sessions;

    private final DemoAgent agent;

    ChatController(SessionManager sessions, DemoAgent agent) {
        this.sessions = sessions;
        this.agent = agent;
    }

    @PostMapping("/users/{userId}/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    SessionView create(@PathVariable String userId) {
        AgentSession created = this.sessions
            .create(NewSession.forUser(DemoAgent.APP, userId).withMetadata(Map.of("channel", "rest")));
        return view(created);
    }

    @GetMapping("/users/{userId}/sessions")
    List<SummaryView> list(@PathVariable String userId, @RequestParam(defaultValue = "20") int limit) {
        return this.sessions.list(SessionQuery.forApp(DemoAgent.APP).withUser(userId).withLimit(limit))
            .sessions()
            .stream()
            .map(SummaryView::of)
            .toList();
    }

    @PostMapping("/users/{userId}/sessions/{sessionId}/messages")
    SessionView chat(@PathVariable String userId, @PathVariable String sessionId,
            @Valid @RequestBody ChatRequest request) {
        return view(this.agent.reply(SessionRef.of(DemoAgent.APP, userId, sessionId), request.text()));
    }

    @GetMapping("/users/{userId}/sessions/{sessionId}")
    SessionView read(@PathVariable String userId, @PathVariable String sessionId,
            @RequestParam(defaultValue = "50") int recent) {
        return view(this.sessions.get(SessionRef.of(DemoAgent.APP, userId, sessionId), EventWindow.recent(recent)));
    }

    @PostMapping("/users/{userId}/login/callback")
    SessionView loginCallback(@PathVariable String userId, @RequestParam String uid) {
        return this.agent.loginCallback(userId, uid)
            .map(this::view)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "No pending login " + uid + " for user " + userId));
    }

    private SessionView view(AgentSession session) {
        SessionRef ref = session.ref();
        List<SessionWait> waits = this.sessions.listWaits(ref.tenant(), ref.app(), ref.userId())
            .stream()
            .filter((wait) -> wait.session().equals(ref))
            .toList();
        return SessionView.of(session, waits);
    }

    /**
     * A chat message from the user.
     * @param text what the user says
     */
    record ChatRequest(@NotBlank String text) {
    }

    /**
     * A listed session.
     * @param sessionId the id
     * @param eventCount its number of events
     * @param updatedAt when it last changed
     */
    record SummaryView(String sessionId, long eventCount, Instant updatedAt) {

        static SummaryView of(SessionSummary summary) {
            return new SummaryView(summary.ref().sessionId(), summary.eventCount(), summary.updatedAt());
        }

    }

    /**
     * A session as the API shows it.
     * @param sessionId the id
     * @param userId the user
     * @param version the version
     * @param state the merged state
     * @param flow the paused flow's cursor, if any
     * @param eventCount the number of events
     * @param events the events this response carries
     * @param waits the session's live waits, as channel/conversation
     */
    record SessionView(String sessionId, String userId, long version, Map<String, Object> state,
            @Nullable String flow, long eventCount, List<EventView> events, List<String> waits) {

        static SessionView of(AgentSession session, List<SessionWait> waits) {
            return new SessionView(session.ref().sessionId(), session.ref().userId(), session.version(),
                    session.state(), (session.flow() != null) ? session.flow().flowId() + "@" + session.flow().cursor()
                            : null,
                    session.eventCount(), session.events().stream().map(EventView::of).toList(),
                    waits.stream().map((wait) -> wait.scope().channel() + "/" + wait.scope().conversation()).toList());
        }

    }

    /**
     * An event as the API shows it: a message carries its text, a tool call or result its JSON data.
     * @param seq its position
     * @param type its type
     * @param author who produced it
     * @param content its text, if any
     * @param data its JSON data, if any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(long seq, EventType type, String author, @Nullable String content, @Nullable JsonNode data) {

        static EventView of(SessionEvent event) {
            return new EventView(event.seq(), event.type(), event.author(), event.content(), event.data());
        }

    }
}
