package dev.agentsession.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small deterministic agent (no model, no network). It greets, remembers the user's name in {@code user:}
 * state across sessions, keeps the history, and answers "calendar" questions with a pretend tool that needs
 * a login: the first time, it stores a PENDING auth session, pauses the flow with a wait and asks the user to
 * log in; the login callback completes the auth session and resumes the paused flow.
 */
@Component
public class DemoAgent {

    static final String APP = "sample";

    static final String FLOW = "calendar-lookup";

    private static final Pattern NAME = Pattern.compile("(?i)\\bmy name is (\\p{L}[\\p{L}'-]*)");

    private final SessionManager sessions;

    private final AuthSessionManager auth;

    private final CalendarTool calendar;

    private final JsonMapper json = JsonMapper.builder().build();

    DemoAgent(SessionManager sessions, AuthSessionManager auth, CalendarTool calendar) {
        this.sessions = sessions;
        this.auth = auth;
        this.calendar = calendar;
    }

    /**
     * Answers one user message; the message, tool calls and replies are appended in one atomic step.
     * @param ref the session
     * @param text what the user said
     * @return the session after the turn, with this turn's events
     */
    public AgentSession reply(SessionRef ref, String text) {
        AgentSession session = this.sessions.get(ref, EventWindow.none());
        NewEvent said = NewEvent.message("user", text);
        Matcher name = NAME.matcher(text);
        if (name.find()) {
            return this.sessions.append(ref, said.withStateDelta(Map.of("user:name", name.group(1))),
                    NewEvent.message("assistant", "Nice to meet you, " + name.group(1) + ". I will remember your name."));
        }
        if (text.toLowerCase(Locale.ROOT).contains("calendar")) {
            return calendarTurn(ref, said);
        }
        Object known = session.state().get("user:name");
        String answer = (known != null) ? "Hello again, " + known + "! Ask me about your calendar."
                : "Hello! Tell me your name (\"my name is ...\") or ask me about your calendar.";
        return this.sessions.append(ref, said, NewEvent.message("assistant", answer));
    }

    /**
     * Completes a pretend login and resumes the flow that waited for it, which finishes there: the session's flow
     * state is cleared as the wait is claimed. The login must be pending for this user's own paused flow: the user
     * is checked before anything is consumed, so a callback by someone else leaves the login PENDING and the flow
     * waiting for its owner.
     * @param userId the user who logged in
     * @param resolveUid the id the login link carried
     * @return the session after the resumed flow ran, or empty if no login of this user was pending under that id
     */
    public Optional<AgentSession> loginCallback(String userId, String resolveUid) {
        Optional<WaitKey> waiting = this.auth.findByResolveUid(SessionRef.DEFAULT_TENANT, resolveUid)
            .map((pending) -> WaitKey.of(APP, userId, loginScope(pending.key().threadId())))
            .filter((key) -> waitsFor(key, resolveUid));
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        AuthContext token = AuthContext.bearer(CalendarTool.TOKEN_PREFIX + UUID.randomUUID(), null);
        if (this.auth.completeLogin(SessionRef.DEFAULT_TENANT, resolveUid, token).isEmpty()) {
            return Optional.empty();
        }
        // Exactly one callback (of any retries, on any node) gets the wait and resumes the flow. The lookup
        // finishes the flow in this turn, so the claim clears it: the session no longer names a paused flow.
        return this.sessions.resume(waiting.get(), true).map(this::resumeCalendarLookup);
    }

    private boolean waitsFor(WaitKey key, String resolveUid) {
        return this.sessions.findWait(key)
            .map(SessionWait::payload)
            .filter((payload) -> resolveUid.equals(payload.path("resolveUid").asString()))
            .isPresent();
    }

    private AgentSession calendarTurn(SessionRef ref, NewEvent said) {
        AuthSessionKey authKey = AuthSessionKey.of(ref.sessionId(), CalendarTool.PROVIDER);
        Optional<AuthSession> credential = this.auth.find(authKey, Set.of(CalendarTool.SCOPE));
        if (credential.isPresent()) {
            return this.sessions.append(ref, withCalendar(List.of(said), credential.get()), null);
        }
        String resolveUid = UUID.randomUUID().toString();
        this.auth.put(AuthGrant.pending(authKey, Set.of(CalendarTool.SCOPE), resolveUid));
        ObjectNode snapshot = this.json.createObjectNode().put("question", said.content());
        this.sessions.registerWait(ref, loginScope(ref.sessionId()), new FlowState(FLOW, "after-login", snapshot),
                null, this.json.createObjectNode().put("resolveUid", resolveUid));
        return this.sessions.append(ref, said, NewEvent.toolCall("assistant", toolCall()),
                NewEvent.message("assistant", "I need access to your calendar. Log in: POST /users/" + ref.userId()
                        + "/login/callback?uid=" + resolveUid));
    }

    private AgentSession resumeCalendarLookup(SessionWait wait) {
        AuthSession credential = this.auth
            .find(AuthSessionKey.of(wait.session().sessionId(), CalendarTool.PROVIDER), Set.of(CalendarTool.SCOPE))
            .orElseThrow(() -> new IllegalStateException("login completed but no credential found"));
        NewEvent resumed = NewEvent.message("system", "Login completed; resuming " + wait.flow().flowId() + " at "
                + wait.flow().cursor());
        return this.sessions.append(wait.session(), withCalendar(List.of(resumed), credential), null);
    }

    private List<NewEvent> withCalendar(List<NewEvent> before, AuthSession credential) {
        List<String> meetings = this.calendar.todaysMeetings(credential.context().accessToken());
        ObjectNode result = this.json.createObjectNode();
        meetings.forEach(result.putArray("meetings")::add);
        List<NewEvent> events = new ArrayList<>(before);
        events.add(NewEvent.toolCall("assistant", toolCall()));
        events.add(NewEvent.toolResult(CalendarTool.PROVIDER, result));
        events.add(NewEvent.message("assistant", "Today you have: " + String.join(", ", meetings) + "."));
        return events;
    }

    private ObjectNode toolCall() {
        return this.json.createObjectNode().put("tool", "calendar.todaysMeetings");
    }

    static ReplyScope loginScope(String sessionId) {
        return ReplyScope.of("login-callback", CalendarTool.PROVIDER, sessionId);
    }
}
