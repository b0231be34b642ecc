package dev.agentsession.history;

import java.util.ArrayList;
import java.util.List;

import dev.agentsession.EventType;
import dev.agentsession.SessionEvent;

/**
 * One turn of a conversation: a user's message and everything that answers it (replies, tool calls and their
 * results), up to the next user message. Compaction keeps or summarizes whole turns, so it never separates a user
 * message from its reply, nor a tool call from its result.
 *
 * @param events the turn's events, oldest first, at least one
 */
public record Turn(List<SessionEvent> events) {

    /** The author of user messages, whose {@code MESSAGE} events start turns. */
    public static final String USER = "user";

    /**
     * Checks the arguments and takes an immutable copy.
     */
    public Turn {
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("A turn needs at least one event");
        }
    }

    /**
     * The sequence number of the turn's first event.
     * @return the seq
     */
    public long firstSeq() {
        return this.events.get(0).seq();
    }

    /**
     * Splits events into turns. A turn starts at a {@code MESSAGE} authored by {@code user}, unless a tool call
     * before it has no result yet (a tool call is answered by the next {@code TOOL_RESULT}); the events before the
     * first user message form a turn of their own. {@code COMPACTION} events belong to no turn.
     * @param events the events, oldest first
     * @return the turns, oldest first
     */
    public static List<Turn> of(List<SessionEvent> events) {
        List<Turn> turns = new ArrayList<>();
        List<SessionEvent> current = new ArrayList<>();
        boolean toolCallOpen = false;
        for (SessionEvent event : events) {
            if (event.type() == EventType.COMPACTION) {
                continue;
            }
            boolean userMessage = event.type() == EventType.MESSAGE && USER.equals(event.author());
            if (userMessage && !toolCallOpen && !current.isEmpty()) {
                turns.add(new Turn(current));
                current = new ArrayList<>();
            }
            if (event.type() == EventType.TOOL_CALL) {
                toolCallOpen = true;
            }
            else if (event.type() == EventType.TOOL_RESULT) {
                toolCallOpen = false;
            }
            current.add(event);
        }
        if (!current.isEmpty()) {
            turns.add(new Turn(current));
        }
        return turns;
    }
}
