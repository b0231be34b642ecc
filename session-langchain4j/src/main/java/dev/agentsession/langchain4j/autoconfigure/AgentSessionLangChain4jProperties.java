package dev.agentsession.langchain4j.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the LangChain4j chat memory store, bound from {@code agent.session.langchain4j.*}.
 */
@ConfigurationProperties("agent.session.langchain4j")
public class AgentSessionLangChain4jProperties {

    /**
     * Tenant of the sessions that hold chat memories.
     */
    private String tenant = "default";

    /**
     * App of the sessions that hold chat memories. Unset: spring.application.name, or "agent" without one.
     */
    private @Nullable String app;

    /**
     * Window of the chat memories: the auto-configured ChatMemoryProvider keeps this many messages, and the store
     * reads this many recent events. With a ChatMemory of your own, set it at least to that memory's window.
     */
    private int maxMessages = 20;

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
     * The app.
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
     * The window of the chat memories.
     * @return the count of messages
     */
    public int getMaxMessages() {
        return this.maxMessages;
    }

    /**
     * Sets the window of the chat memories.
     * @param maxMessages the count of messages
     */
    public void setMaxMessages(int maxMessages) {
        this.maxMessages = maxMessages;
    }
}
