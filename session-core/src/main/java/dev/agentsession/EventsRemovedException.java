package dev.agentsession;

/**
 * A read of events asked for a range that history retention ({@code agent.session.history.retention}) has removed:
 * events before a compaction's boundary and older than the retention. The compaction's summary still stands for
 * them; the events from {@link #getFirstRetainedSeq()} on are all still stored.
 */
public class EventsRemovedException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    private final long firstRetainedSeq;

    /**
     * Creates the exception.
     * @param ref the session
     * @param fromSeq the first sequence number asked for
     * @param firstRetainedSeq the first sequence number still stored
     */
    public EventsRemovedException(SessionRef ref, long fromSeq, long firstRetainedSeq) {
        this("Events " + fromSeq + " to " + (firstRetainedSeq - 1) + " of session " + ref
                + " were removed by history retention; events are stored from " + firstRetainedSeq + " on", ref,
                firstRetainedSeq);
    }

    private EventsRemovedException(String message, SessionRef ref, long firstRetainedSeq) {
        super(message, ref, null);
        this.firstRetainedSeq = firstRetainedSeq;
    }

    /**
     * The exception of a rewind or fork to a point whose state needs events history retention removed: the store
     * keeps the state after the last removed event, {@code firstRetainedSeq - 1}, and rebuilds from there.
     * @param ref the session
     * @param what {@code toSeq} or {@code atSeq}
     * @param seq the point asked for
     * @param firstRetainedSeq the first sequence number still stored
     * @return the exception
     */
    public static EventsRemovedException beforePoint(SessionRef ref, String what, long seq, long firstRetainedSeq) {
        return new EventsRemovedException(what + " " + seq + " of session " + ref + " is before event "
                + (firstRetainedSeq - 1) + ", the last one history retention removed: the state can be rebuilt after "
                + "that event or a later one. Nothing was changed", ref, firstRetainedSeq);
    }

    /**
     * The first sequence number still stored: read from there on.
     * @return the seq
     */
    public long getFirstRetainedSeq() {
        return this.firstRetainedSeq;
    }
}
