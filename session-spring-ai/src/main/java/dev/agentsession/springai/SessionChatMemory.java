package dev.agentsession.springai;

import java.util.List;
import java.util.Objects;

import dev.agentsession.SessionManager;
import dev.agentsession.conversation.ConversationRefResolver;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI {@link ChatMemory} that is the conversation log itself: {@link #add(String, List)} appends the messages
 * to the conversation's session (one write, no read), {@link #get(String)} returns the recent window, and nothing is
 * ever evicted from the history. Use it instead of {@code MessageWindowChatMemory} on a
 * {@link SessionChatMemoryRepository} to save the read that the window memory makes before every write; the
 * window returned is the same.
 */
public final class SessionChatMemory implements ChatMemory {

    private final ConversationLog log;

    /**
     * Creates a chat memory.
     * @param sessions where the conversations are kept
     * @param resolver the session of each conversation id
     * @param maxMessages the most messages {@link #get(String)} returns
     */
    public SessionChatMemory(SessionManager sessions, ConversationRefResolver resolver, int maxMessages) {
        this.log = new ConversationLog(sessions, resolver, maxMessages);
    }

    /**
     * Appends messages to the conversation, creating its session on first use.
     * @param conversationId the conversation
     * @param messages the messages
     */
    @Override
    public void add(String conversationId, List<Message> messages) {
        if (messages == null || messages.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("messages must not be null or contain null");
        }
        this.log.append(this.log.resolve(conversationId), conversationId, messages);
    }

    /**
     * The conversation's recent window: the most recent messages, from a user message on, with the latest system
     * message kept.
     * @param conversationId the conversation
     * @return the messages, oldest first
     */
    @Override
    public List<Message> get(String conversationId) {
        return this.log.window(this.log.resolve(conversationId)).stream().map(StoredMessage::message).toList();
    }

    /**
     * Deletes the conversation's session and its whole history.
     * @param conversationId the conversation
     */
    @Override
    public void clear(String conversationId) {
        this.log.delete(this.log.resolve(conversationId));
    }
}
