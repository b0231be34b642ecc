package dev.agentsession.sample;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import org.springframework.stereotype.Component;

/**
 * A deterministic agent (no model, no network): it greets, and remembers the user's name in {@code user:}
 * state, so that every later session of that user knows it.
 */
@Component
public class GreeterAgent {

    private static final Pattern NAME = Pattern.compile("(?i)\\bmy name is (\\p{L}[\\p{L} '-]*)");

    private final SessionManager sessions;

    /**
     * Creates the agent.
     * @param sessions where the conversation is kept
     */
    public GreeterAgent(SessionManager sessions) {
        this.sessions = sessions;
    }

    /**
     * Answers one user message: stores it with the reply, in one atomic append.
     * @param ref the session
     * @param text what the user said
     * @return the session after the turn
     */
    public AgentSession reply(SessionRef ref, String text) {
        AgentSession session = this.sessions.get(ref, EventWindow.none());
        Object knownName = session.state().get("user:name");
        Matcher matcher = NAME.matcher(text);
        NewEvent userMessage = NewEvent.message("user", text);
        if (matcher.find()) {
            String name = matcher.group(1).trim();
            return this.sessions.append(ref, userMessage.withStateDelta(Map.of("user:name", name)),
                    NewEvent.message("assistant", "Nice to meet you, " + name + ". I will remember your name."));
        }
        String reply = (knownName != null) ? "Hello again, " + knownName + ". You said: " + text
                : "Hello! Tell me your name (\"my name is ...\") and I will remember it. You said: "
                        + text.toLowerCase(Locale.ROOT);
        return this.sessions.append(ref, userMessage, NewEvent.message("assistant", reply));
    }
}
