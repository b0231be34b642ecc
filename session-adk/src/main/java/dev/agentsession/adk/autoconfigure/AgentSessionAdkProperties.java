package dev.agentsession.adk.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the ADK session service, bound from {@code agent.session.adk.*}.
 */
@ConfigurationProperties("agent.session.adk")
public class AgentSessionAdkProperties {

    /**
     * Tenant of the ADK sessions. ADK's app name, user id and session id are the session's app, user and id.
     */
    private String tenant = "default";

    /**
     * The tenant.
     * @return the tenant
     */
    public String getTenant() {
        return this.tenant;
    }

    /**
     * Sets the tenant.
     * @param tenant the tenant
     */
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }
}
