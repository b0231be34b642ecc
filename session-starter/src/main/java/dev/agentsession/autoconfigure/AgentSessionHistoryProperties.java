package dev.agentsession.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * History management, bound from {@code agent.session.history.*}: the compaction policy that
 * {@code SessionManager.compact(ref)} applies and that is checked after every append (it needs a {@code Summarizer}
 * bean), and the retention of compacted events.
 */
@ConfigurationProperties("agent.session.history")
public class AgentSessionHistoryProperties {

    private final Compaction compaction = new Compaction();

    /**
     * How long compacted events are kept: once older, the events a compaction stands for are removed by a scheduled
     * cleanup (the session, its summary and the events after it stay). Unset: never removed.
     */
    private @Nullable Duration retention;

    /**
     * When compacted events older than the retention are removed, a Spring cron expression; "-" disables it.
     */
    private String retentionCron = "0 0 * * * *";

    /**
     * Sessions (and events of one session) one retention step handles.
     */
    private int retentionBatchSize = 500;

    /**
     * The compaction settings.
     * @return the settings
     */
    public Compaction getCompaction() {
        return this.compaction;
    }

    /**
     * The retention of compacted events.
     * @return the retention, or {@code null} for none
     */
    public @Nullable Duration getRetention() {
        return this.retention;
    }

    /**
     * Sets the retention of compacted events.
     * @param retention the retention, or {@code null} for none
     */
    public void setRetention(@Nullable Duration retention) {
        this.retention = retention;
    }

    /**
     * When the retention cleanup runs.
     * @return a cron expression, or "-"
     */
    public String getRetentionCron() {
        return this.retentionCron;
    }

    /**
     * Sets when the retention cleanup runs.
     * @param retentionCron a cron expression, or "-"
     */
    public void setRetentionCron(String retentionCron) {
        this.retentionCron = retentionCron;
    }

    /**
     * The batch size of the retention cleanup.
     * @return the batch size
     */
    public int getRetentionBatchSize() {
        return this.retentionBatchSize;
    }

    /**
     * Sets the batch size of the retention cleanup.
     * @param retentionBatchSize the batch size
     */
    public void setRetentionBatchSize(int retentionBatchSize) {
        this.retentionBatchSize = retentionBatchSize;
    }

    /**
     * The compaction policy: with both set, a compaction keeps what both allow.
     */
    public static class Compaction {

        /**
         * Turns to keep: once a session holds more after its latest compaction, the older ones are summarized.
         * Unset: no turn limit.
         */
        private @Nullable Integer maxTurns;

        /**
         * Tokens to keep (estimated by the TokenEstimator bean, else four characters a token): once the turns after
         * the latest compaction cost more, the oldest are summarized. Unset: no token limit.
         */
        private @Nullable Long maxTokens;

        /**
         * The turns to keep.
         * @return the count, or {@code null} for no limit
         */
        public @Nullable Integer getMaxTurns() {
            return this.maxTurns;
        }

        /**
         * Sets the turns to keep.
         * @param maxTurns the count, or {@code null} for no limit
         */
        public void setMaxTurns(@Nullable Integer maxTurns) {
            this.maxTurns = maxTurns;
        }

        /**
         * The tokens to keep.
         * @return the tokens, or {@code null} for no limit
         */
        public @Nullable Long getMaxTokens() {
            return this.maxTokens;
        }

        /**
         * Sets the tokens to keep.
         * @param maxTokens the tokens, or {@code null} for no limit
         */
        public void setMaxTokens(@Nullable Long maxTokens) {
            this.maxTokens = maxTokens;
        }

    }
}
