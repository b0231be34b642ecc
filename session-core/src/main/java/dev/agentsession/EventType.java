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
    CUSTOM
}
