package dev.agentsession.autoconfigure.endpoint;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code management.endpoint.agentsessions.*}: who sees conversation content, state and metadata values through
 * the {@code agentsessions} endpoint, with the same rule as Boot's {@code env} and {@code configprops} endpoints.
 */
@ConfigurationProperties("management.endpoint.agentsessions")
public class AgentSessionsEndpointProperties {

    /**
     * When to show conversation content, state and metadata values; masked otherwise.
     */
    private Show showValues = Show.NEVER;

    /**
     * Roles that see values when show-values is when-authorized; any authenticated user when empty.
     */
    private Set<String> roles = new LinkedHashSet<>();

    /**
     * When values are shown.
     * @return the rule
     */
    public Show getShowValues() {
        return this.showValues;
    }

    /**
     * Sets when values are shown.
     * @param showValues the rule
     */
    public void setShowValues(Show showValues) {
        this.showValues = showValues;
    }

    /**
     * The roles that see values when authorized.
     * @return the roles
     */
    public Set<String> getRoles() {
        return this.roles;
    }

    /**
     * Sets the roles that see values when authorized.
     * @param roles the roles
     */
    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }
}
