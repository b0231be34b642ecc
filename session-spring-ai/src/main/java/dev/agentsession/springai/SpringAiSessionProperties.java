package dev.agentsession.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Spring AI chat memory on Agent Session, bound from {@code agent.session.spring-ai.*}. Which
 * tenant and app hold the conversations is {@code agent.session.conversation.*}, shared by every framework adapter.
 */
@ConfigurationProperties("agent.session.spring-ai")
public class SpringAiSessionProperties {

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
