package dev.agentsession.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Agent Session cannot start as configured: the chosen store lacks what it needs, or an
 * {@code agent.session.*} value cannot work. {@link AgentSessionFailureAnalyzer} reports it with the action
 * to take. A refused value is never repeated, since it may be a secret.
 */
public class AgentSessionConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * Creates the exception.
     * @param description what is wrong
     * @param action what to add or change
     * @param cause the underlying failure, if any
     */
    public AgentSessionConfigurationException(String description, String action, @Nullable Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /**
     * The store that {@code agent.session.store-type} names lacks what it needs.
     * @param storeType the configured store type
     * @param missing what is missing
     * @param action what to add or change
     * @return the exception
     */
    public static AgentSessionConfigurationException missingInfrastructure(StoreType storeType, String missing,
            String action) {
        return new AgentSessionConfigurationException("agent.session.store-type is "
                + storeType.name().toLowerCase(Locale.ROOT) + ", which needs " + missing + ", and there is none.",
                action, null);
    }

    /**
     * A property has a value that cannot work.
     * @param property the property
     * @param action what to change
     * @param cause why the value was refused
     * @return the exception
     */
    public static AgentSessionConfigurationException invalidProperty(String property, String action,
            Throwable cause) {
        return new AgentSessionConfigurationException("Invalid value for " + property + ": " + cause.getMessage(),
                action, cause);
    }

    /**
     * What to add or change.
     * @return the action
     */
    public String getAction() {
        return this.action;
    }
}
