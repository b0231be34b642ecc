package dev.agentsession.autoconfigure;

import dev.agentsession.conversation.ConversationRefResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;

/**
 * Where the framework adapters (Spring AI, LangChain4j) keep conversations, bound from
 * {@code agent.session.conversation.*}: the tenant and app of the default {@link ConversationRefResolver}, one
 * setting for every adapter on the classpath.
 */
@ConfigurationProperties("agent.session.conversation")
public class AgentSessionConversationProperties {

    /** The app when neither {@code app} nor {@code spring.application.name} is set. */
    public static final String DEFAULT_APP = "agent";

    /**
     * Tenant of the conversations' sessions.
     */
    // A literal rather than SessionRef.DEFAULT_TENANT, so that the configuration metadata shows the default.
    private String tenant = "default";

    /**
     * App of the conversations' sessions. Unset: spring.application.name, or "agent" when that is unset too.
     */
    private @Nullable String app;

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

    /**
     * The app as configured.
     * @return the app, or {@code null} for the application name
     */
    public @Nullable String getApp() {
        return this.app;
    }

    /**
     * Sets the app.
     * @param app the app, or {@code null} for the application name
     */
    public void setApp(@Nullable String app) {
        this.app = app;
    }

    /**
     * The app the conversations' sessions belong to: {@link #getApp()} if set, else {@code spring.application.name},
     * else {@value #DEFAULT_APP}.
     * @param environment the application's environment
     * @return the app
     */
    public String determineApp(Environment environment) {
        return (this.app != null) ? this.app : environment.getProperty("spring.application.name", DEFAULT_APP);
    }
}
