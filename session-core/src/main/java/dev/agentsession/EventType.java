package dev.agentsession;

/**
 * What a {@link SessionEvent} records.
 */
public enum EventType {

    /** A message from the user, the assistant, the system or an agent. */
    MESSAGE,

    /** A tool call requested by the model, with its arguments in {@link SessionEvent#data()}. */
    TOOL_CALL,

    /** The result a tool returned. */
    TOOL_RESULT,

    /** A change of state only, carried by {@link SessionEvent#stateDelta()}. */
    STATE,

    /** Anything else the application wants in the history. */
    CUSTOM,

    /**
     * A rewind marker written by {@link SessionManager#rewind(SessionRef, long)}: its {@link SessionEvent#data()} is
     * {@code {"toSeq": t}}, and the events after {@code t} up to this one stop counting in every {@link EventWindow}.
     */
    REWIND,

    /**
     * A summary standing for a range of earlier events, written by
     * {@link SessionManager#compact(SessionRef, dev.agentsession.history.CompactionPolicy)}; its
     * {@link SessionEvent#data()} holds {@code summary}, {@code fromSeq} and {@code toSeq} (read it with
     * {@link dev.agentsession.history.Compaction#of(SessionEvent)}).
     */
    COMPACTION
}
