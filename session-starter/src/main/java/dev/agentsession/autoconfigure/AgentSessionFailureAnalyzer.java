package dev.agentsession.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link AgentSessionConfigurationException}: what is wrong, and what to add or change.
 */
class AgentSessionFailureAnalyzer extends AbstractFailureAnalyzer<AgentSessionConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AgentSessionConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
