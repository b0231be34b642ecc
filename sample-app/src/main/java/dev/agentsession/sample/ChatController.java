package dev.agentsession.sample;

import java.util.List;
import java.util.Map;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's REST API: create a session, chat in it, read it back.
 */
@RestController
public class ChatController {

    static final String APP = "sample";

    private final SessionManager sessions;

    private final GreeterAgent agent;

    ChatController(SessionManager sessions, GreeterAgent agent) {
        this.sessions = sessions;
        this.agent = agent;
    }

    @PostMapping("/users/{userId}/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    SessionView create(@PathVariable String userId) {
        return SessionView.of(this.sessions.create(NewSession.forUser(APP, userId)
            .withMetadata(Map.of("channel", "rest"))));
    }

    @PostMapping("/users/{userId}/sessions/{sessionId}/messages")
    SessionView chat(@PathVariable String userId, @PathVariable String sessionId, @RequestBody ChatRequest request) {
        return SessionView.of(this.agent.reply(SessionRef.of(APP, userId, sessionId), request.text()));
    }

    @GetMapping("/users/{userId}/sessions/{sessionId}")
    SessionView read(@PathVariable String userId, @PathVariable String sessionId,
            @RequestParam(defaultValue = "20") int recent) {
        return SessionView.of(this.sessions.get(SessionRef.of(APP, userId, sessionId), EventWindow.recent(recent)));
    }

    @ExceptionHandler(SessionNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    Map<String, String> notFound(SessionNotFoundException ex) {
        return Map.of("error", "session not found");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badRequest(IllegalArgumentException ex) {
        return Map.of("error", String.valueOf(ex.getMessage()));
    }

    /**
     * A chat message from the user.
     * @param text what the user says
     */
    record ChatRequest(String text) {
    }

    /**
     * A session as the API shows it.
     * @param sessionId the id
     * @param userId the user
     * @param version the version
     * @param state the merged state
     * @param eventCount the number of events
     * @param events the recent events
     */
    record SessionView(String sessionId, String userId, long version, Map<String, Object> state, long eventCount,
            List<EventView> events) {

        static SessionView of(AgentSession session) {
            return new SessionView(session.ref().sessionId(), session.ref().userId(), session.version(),
                    session.state(), session.eventCount(), session.events().stream().map(EventView::of).toList());
        }

    }

    /**
     * An event as the API shows it.
     * @param seq its position
     * @param author who said it
     * @param content what was said
     */
    record EventView(long seq, String author, String content) {

        static EventView of(SessionEvent event) {
            return new EventView(event.seq(), event.author(), String.valueOf(event.content()));
        }

    }
}
