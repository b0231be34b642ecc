package dev.agentsession.springai;

import dev.agentsession.Identifiers;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Spring AI chat memory on Agent Session, bound from {@code agent.session.spring-ai.*}.
 */
@ConfigurationProperties("agent.session.spring-ai")
public class SpringAiSessionProperties {

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
     * Most messages a conversation's window holds (what the model sees of the history). The default is Spring AI
     * MessageWindowChatMemory's default; the whole history stays stored.
     */
    private int maxMessages = 20;

    /**
     * Which ChatMemory the application gets: window (Spring AI's MessageWindowChatMemory on the session repository)
     * or log (SessionChatMemory, which appends each message directly, without the read before every write).
     */
    private ChatMemoryType chatMemory = ChatMemoryType.WINDOW;

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
        this.tenant = Identifiers.requireValid("tenant", tenant);
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
        this.app = (app != null) ? Identifiers.requireValid("app", app) : null;
    }

    /**
     * The most messages a window holds.
     * @return the count
     */
    public int getMaxMessages() {
        return this.maxMessages;
    }

    /**
     * Sets the most messages a window holds.
     * @param maxMessages the count, at least 1
     */
    public void setMaxMessages(int maxMessages) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("max-messages must be at least 1, was " + maxMessages);
        }
        this.maxMessages = maxMessages;
    }

    /**
     * The chat memory type.
     * @return the type
     */
    public ChatMemoryType getChatMemory() {
        return this.chatMemory;
    }

    /**
     * Sets the chat memory type.
     * @param chatMemory the type
     */
    public void setChatMemory(ChatMemoryType chatMemory) {
        this.chatMemory = chatMemory;
    }

    /**
     * The chat memory an application gets.
     */
    public enum ChatMemoryType {

        /** Spring AI's MessageWindowChatMemory on {@link SessionChatMemoryRepository}. */
        WINDOW,

        /** {@link SessionChatMemory}: the log itself. */
        LOG

    }
}
