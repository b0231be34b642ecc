package dev.agentsession.langchain4j.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the LangChain4j chat memory store, bound from {@code agent.session.langchain4j.*}. Which tenant
 * and app hold the chat memories is {@code agent.session.conversation.*}, shared by every framework adapter.
 */
@ConfigurationProperties("agent.session.langchain4j")
public class AgentSessionLangChain4jProperties {

    /**
     * Window of the chat memories: the auto-configured ChatMemoryProvider keeps this many messages, and the store
     * reads this many recent events. With a ChatMemory of your own, set it at least to that memory's window.
     */
    private int maxMessages = 20;

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
