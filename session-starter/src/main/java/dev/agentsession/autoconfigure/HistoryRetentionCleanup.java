package dev.agentsession.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.agentsession.store.HistoryRetention;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Removes compacted events older than {@code agent.session.history.retention} on
 * {@code agent.session.history.retention-cron}. Every store removes each session's events atomically, so several nodes may run it at
 * the same moment.
 */
public class HistoryRetentionCleanup extends ScheduledCleanup {

    private static final Log logger = LogFactory.getLog(HistoryRetentionCleanup.class);

    private final HistoryRetention store;

    private final Duration retention;

    private final Clock clock;

    private final int batchSize;

    /**
     * Creates the cleanup.
     * @param store the store whose compacted events are removed
     * @param retention how long compacted events are kept
     * @param clock the time that decides what is old enough
     * @param cron when to run, or {@value #DISABLED}
     * @param batchSize how many sessions (or events) one step handles
     */
    public HistoryRetentionCleanup(HistoryRetention store, Duration retention, Clock clock, String cron,
            int batchSize) {
        super(cron, "agent-session-retention-");
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Runs one cleanup now.
     * @return how many events were removed
     */
    public long cleanUp() {
        Instant now = this.clock.instant();
        long removed = this.store.removeCompactedEvents(now.minus(this.retention), this.batchSize, now);
        if (logger.isDebugEnabled()) {
            logger.debug("Agent Session history retention removed " + removed + " compacted events");
        }
        return removed;
    }

    @Override
    protected void runScheduled() {
        cleanUp();
    }

    @Override
    protected Log logger() {
        return logger;
    }
}
