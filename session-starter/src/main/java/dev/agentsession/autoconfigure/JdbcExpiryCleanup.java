package dev.agentsession.autoconfigure;

import java.time.Clock;

import dev.agentsession.jdbc.JdbcAuthSessionStore;
import dev.agentsession.jdbc.JdbcSessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Deletes expired sessions, waits and auth sessions of the JDBC store on {@code agent.session.jdbc.cleanup-cron},
 * in batches, on a scheduler thread of its own (so the application needs no {@code @EnableScheduling}).
 * Several nodes may run it at the same moment: the store's delete skips rows another node holds.
 */
public class JdbcExpiryCleanup extends ScheduledCleanup {

    private static final Log logger = LogFactory.getLog(JdbcExpiryCleanup.class);

    private final @Nullable JdbcSessionStore sessions;

    private final @Nullable JdbcAuthSessionStore auth;

    private final Clock clock;

    private final int batchSize;

    /**
     * Creates the cleanup.
     * @param sessions the session store to clean, or {@code null} when the application replaced it
     * @param auth the auth store to clean, or {@code null} when the application replaced it
     * @param clock the time that decides what has expired
     * @param cron when to run, or {@value #DISABLED}
     * @param batchSize how many sessions one transaction deletes
     */
    public JdbcExpiryCleanup(@Nullable JdbcSessionStore sessions, @Nullable JdbcAuthSessionStore auth, Clock clock,
            String cron, int batchSize) {
        super(cron, "agent-session-cleanup-");
        this.sessions = sessions;
        this.auth = auth;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Runs one cleanup now.
     * @return how many sessions were deleted
     */
    public int cleanUp() {
        int deleted = (this.sessions != null) ? this.sessions.deleteExpired(this.clock.instant(), this.batchSize) : 0;
        int deletedAuth = (this.auth != null) ? this.auth.deleteExpired(this.clock.instant()) : 0;
        if (logger.isDebugEnabled()) {
            logger.debug("Agent Session cleanup deleted " + deleted + " expired sessions and " + deletedAuth
                    + " expired auth sessions");
        }
        return deleted;
    }

    @Override
    protected void runScheduled() {
        cleanUp();
    }

    @Override
    protected boolean hasWork() {
        return this.sessions != null || this.auth != null;
    }

    @Override
    protected Log logger() {
        return logger;
    }
}
