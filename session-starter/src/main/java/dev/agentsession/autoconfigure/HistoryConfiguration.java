package dev.agentsession.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.history.Summarizer;
import dev.agentsession.history.TokenEstimator;
import dev.agentsession.store.HistoryRetention;
import dev.agentsession.store.SessionStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.CronExpression;

/**
 * History management: the {@link CompactionSettings} of the session manager, from the application's
 * {@link Summarizer} bean and {@code agent.session.history.compaction.*}, and the scheduled retention cleanup when
 * {@code agent.session.history.retention} is set.
 */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CompactionSettings agentSessionCompactionSettings(AgentSessionHistoryProperties properties,
            ObjectProvider<Summarizer> summarizer, ObjectProvider<TokenEstimator> estimator) {
        CompactionPolicy policy = policy(properties.getCompaction(), estimator);
        Summarizer configured = summarizer.getIfUnique();
        if (policy != null && configured == null) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.history.compaction",
                    "Declare one Summarizer bean (the model call that writes summaries), or unset "
                            + "agent.session.history.compaction.max-turns and max-tokens.",
                    new IllegalStateException("a compaction policy is set and no single Summarizer bean exists"));
        }
        return (configured != null) ? new CompactionSettings(configured, policy) : CompactionSettings.none();
    }

    private static @Nullable CompactionPolicy policy(AgentSessionHistoryProperties.Compaction compaction,
            ObjectProvider<TokenEstimator> estimator) {
        CompactionPolicy turns = null;
        CompactionPolicy tokens = null;
        try {
            if (compaction.getMaxTurns() != null) {
                turns = CompactionPolicy.lastTurns(compaction.getMaxTurns());
            }
            if (compaction.getMaxTokens() != null) {
                tokens = CompactionPolicy.tokenBudget(compaction.getMaxTokens(),
                        estimator.getIfUnique(TokenEstimator::approximate));
            }
        }
        catch (IllegalArgumentException ex) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.history.compaction",
                    "Set agent.session.history.compaction.max-turns and max-tokens to positive numbers, or unset them.",
                    ex);
        }
        if (turns != null && tokens != null) {
            return CompactionPolicy.both(turns, tokens);
        }
        return (turns != null) ? turns : tokens;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("agent.session.history.retention")
    HistoryRetentionCleanup agentSessionHistoryRetentionCleanup(SessionStore store,
            AgentSessionHistoryProperties properties, @AgentSessionClock ObjectProvider<Clock> clock) {
        Duration retention = properties.getRetention();
        String cron = properties.getRetentionCron();
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.history.retention",
                    "Set agent.session.history.retention to a positive duration such as 30d, or unset it.",
                    new IllegalArgumentException("must be positive, was " + retention));
        }
        if (!HistoryRetentionCleanup.DISABLED.equals(cron) && !CronExpression.isValidExpression(cron)) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.history.retention-cron",
                    "Set agent.session.history.retention-cron to a Spring cron expression with six fields "
                            + "(second minute hour day month weekday), e.g. \"0 0 * * * *\", or \"-\" to disable it.",
                    new IllegalArgumentException("'" + cron + "' is not a cron expression"));
        }
        if (properties.getRetentionBatchSize() < 1) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.history.retention-batch-size",
                    "Set agent.session.history.retention-batch-size to a positive number.",
                    new IllegalArgumentException("must be positive, was " + properties.getRetentionBatchSize()));
        }
        if (!(store instanceof HistoryRetention retaining)) {
            throw AgentSessionConfigurationException.invalidProperty("agent.session.history.retention",
                    "Unset agent.session.history.retention: the SessionStore bean does not implement "
                            + "HistoryRetention, so compacted events cannot be removed.",
                    new IllegalStateException(store.getClass().getName() + " is not a HistoryRetention"));
        }
        return new HistoryRetentionCleanup(retaining, retention, AgentSessionAutoConfiguration.clock(clock), cron,
                properties.getRetentionBatchSize());
    }
}
