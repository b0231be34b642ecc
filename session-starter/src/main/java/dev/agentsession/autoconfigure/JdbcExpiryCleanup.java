package dev.agentsession.autoconfigure;

import java.time.Clock;
import java.util.concurrent.ScheduledFuture;

import dev.agentsession.jdbc.JdbcAuthSessionStore;
import dev.agentsession.jdbc.JdbcSessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Deletes expired sessions, waits and auth sessions of the JDBC store on {@code agent.session.jdbc.cleanup-cron},
 * in batches, on a scheduler thread of its own (so the application needs no {@code @EnableScheduling}).
 * Several nodes may run it at the same moment: the store's delete skips rows another node holds.
 */
public class JdbcExpiryCleanup implements SmartLifecycle {

    /** The cron value that disables cleanup. */
    public static final String DISABLED = "-";

    private static final Log logger = LogFactory.getLog(JdbcExpiryCleanup.class);

    private final @Nullable JdbcSessionStore sessions;

    private final @Nullable JdbcAuthSessionStore auth;

    private final Clock clock;

    private final String cron;

    private final int batchSize;

    private @Nullable ThreadPoolTaskScheduler scheduler;

    private @Nullable ScheduledFuture<?> task;

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
        this.sessions = sessions;
        this.auth = auth;
        this.clock = clock;
        this.cron = cron;
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
    public void start() {
        if (DISABLED.equals(this.cron) || (this.sessions == null && this.auth == null)) {
            return;
        }
        ThreadPoolTaskScheduler taskScheduler = new ThreadPoolTaskScheduler();
        taskScheduler.setThreadNamePrefix("agent-session-cleanup-");
        taskScheduler.setDaemon(true);
        taskScheduler.initialize();
        this.scheduler = taskScheduler;
        this.task = taskScheduler.schedule(this::cleanUpQuietly, new CronTrigger(this.cron));
    }

    private void cleanUpQuietly() {
        try {
            cleanUp();
        }
        catch (RuntimeException ex) {
            // The next run retries; a failing database must not kill the schedule.
            logger.warn("Agent Session cleanup failed: " + ex.getMessage());
        }
    }

    @Override
    public void stop() {
        if (this.task != null) {
            this.task.cancel(false);
            this.task = null;
        }
        if (this.scheduler != null) {
            this.scheduler.shutdown();
            this.scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.scheduler != null;
    }
}
