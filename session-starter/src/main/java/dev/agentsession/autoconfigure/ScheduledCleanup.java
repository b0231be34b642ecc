package dev.agentsession.autoconfigure;

import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * A cleanup that runs on a cron expression, on a scheduler thread of its own (so the application needs no
 * {@code @EnableScheduling}), while the application context runs. A failing run is logged and the next one retries.
 */
public abstract class ScheduledCleanup implements SmartLifecycle {

    /** The cron value that disables the cleanup. */
    public static final String DISABLED = "-";

    private final String cron;

    private final String threadNamePrefix;

    private @Nullable ThreadPoolTaskScheduler scheduler;

    private @Nullable ScheduledFuture<?> task;

    /**
     * Creates the cleanup.
     * @param cron when to run, or {@value #DISABLED}
     * @param threadNamePrefix the prefix of its thread's name
     */
    protected ScheduledCleanup(String cron, String threadNamePrefix) {
        this.cron = cron;
        this.threadNamePrefix = threadNamePrefix;
    }

    /**
     * Runs one cleanup on the scheduler's thread.
     */
    protected abstract void runScheduled();

    /**
     * Whether there is anything to clean; a cleanup with nothing to clean is not scheduled.
     * @return {@code true} by default
     */
    protected boolean hasWork() {
        return true;
    }

    /**
     * The logger of the failures of scheduled runs.
     * @return the logger
     */
    protected abstract Log logger();

    @Override
    public void start() {
        if (DISABLED.equals(this.cron) || !hasWork()) {
            return;
        }
        ThreadPoolTaskScheduler taskScheduler = new ThreadPoolTaskScheduler();
        taskScheduler.setThreadNamePrefix(this.threadNamePrefix);
        taskScheduler.setDaemon(true);
        taskScheduler.initialize();
        this.scheduler = taskScheduler;
        this.task = taskScheduler.schedule(this::runQuietly, new CronTrigger(this.cron));
    }

    private void runQuietly() {
        try {
            runScheduled();
        }
        catch (RuntimeException ex) {
            // The next run retries; a failing backend must not kill the schedule.
            logger().warn("Agent Session " + getClass().getSimpleName() + " failed: " + ex.getMessage());
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
