package dev.agentsession.springai;

import java.util.List;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.StaleSessionException;
import dev.agentsession.conversation.ConversationRefResolver;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI {@link ChatMemoryRepository} on Agent Session: each conversation is a session (found through a
 * {@link ConversationRefResolver}, created on first use) whose history is only ever appended to. Spring AI's
 * {@code MessageWindowChatMemory} and the memory advisors use it as they use any repository.
 *
 * <ul>
 * <li>{@link #saveAll(String, List)} is handed the whole window each time, not only what is new: it appends only
 * the messages after the last one this repository returned or stored, and never deletes what the window left
 * out. A window of messages it did not return is matched against the end of the stored history by
 * {@code equals}.</li>
 * <li>{@link #findByConversationId(String)} returns the window a {@code MessageWindowChatMemory} of
 * {@code maxMessages} (default 20, its own default) would keep: the most recent messages, from a user message on,
 * with the latest system message kept. It reads the most recent events only.</li>
 * <li>{@link #deleteByConversationId(String)} (what {@code ChatMemory.clear} calls) deletes the conversation's
 * session with its whole history: a user who asks to be forgotten expects exactly that.</li>
 * <li>{@link #findConversationIds()} lists the conversations among the sessions of a {@link SessionQuery}.</li>
 * </ul>
 */
public final class SessionChatMemoryRepository implements ChatMemoryRepository {

    // A save retried on a version conflict decides again what is new.
    private static final int MAX_ATTEMPTS = 5;

    private final ConversationLog log;

    private final SessionQuery conversations;

    // The message instances read or written per conversation; weak keys compare by identity and let go of messages
    // that the application no longer holds.
    private final Cache<Message, SessionRef> known = Caffeine.newBuilder().weakKeys().build();

    /**
     * Creates a repository.
     * @param sessions where the conversations are kept
     * @param resolver the session of each conversation id
     * @param conversations the sessions {@link #findConversationIds()} lists (their tenant and app)
     * @param maxMessages the most messages {@link #findByConversationId(String)} returns
     */
    public SessionChatMemoryRepository(SessionManager sessions, ConversationRefResolver resolver,
            SessionQuery conversations, int maxMessages) {
        if (conversations == null) {
            throw new IllegalArgumentException("conversations must not be null");
        }
        this.log = new ConversationLog(sessions, resolver, maxMessages);
        this.conversations = conversations;
    }

    /**
     * The ids of the conversations kept in the listed sessions, most recently updated first.
     * @return the conversation ids
     */
    @Override
    public List<String> findConversationIds() {
        return this.log.conversationIds(this.conversations);
    }

    /**
     * The conversation's recent window, oldest first.
     * @param conversationId the conversation
     * @return the messages, none for a conversation not stored
     */
    @Override
    public List<Message> findByConversationId(String conversationId) {
        SessionRef ref = this.log.resolve(conversationId);
        List<Message> window = this.log.window(ref).stream().map(StoredMessage::message).toList();
        window.forEach((message) -> this.known.put(message, ref));
        return window;
    }

    /**
     * Appends the messages of the window that are not stored yet; never deletes any.
     * @param conversationId the conversation
     * @param messages the window: stored messages followed by new ones
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        if (messages == null || messages.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("messages must not be null or contain null");
        }
        SessionRef ref = this.log.resolve(conversationId);
        for (int attempt = 1;; attempt++) {
            try {
                save(ref, conversationId, messages);
                return;
            }
            catch (StaleSessionException ex) {
                if (attempt == MAX_ATTEMPTS) {
                    throw ex;
                }
            }
        }
    }

    private void save(SessionRef ref, String conversationId, List<Message> window) {
        // A compaction's summary is read from its COMPACTION event: saved back, it is nothing new.
        List<Message> messages = window.stream().filter((message) -> !MessageEvents.isSummary(message)).toList();
        int from = WindowOverlap.afterLastKnown(messages, (message) -> ref.equals(this.known.getIfPresent(message)));
        if (from >= 0) {
            this.log.append(ref, conversationId, messages.subList(from, messages.size()));
        }
        else if (!messages.isEmpty()) {
            ConversationLog.Tail tail = this.log.tail(ref, conversationId, messages.size());
            int overlap = WindowOverlap.afterOverlap(messages, tail.messages(), tail.system());
            this.log.append(ref, messages.subList(overlap, messages.size()), tail.session());
        }
        // The whole window is stored now: the next save of a longer window appends only what follows it.
        messages.forEach((message) -> this.known.put(message, ref));
    }

    /**
     * Deletes the conversation's session and its whole history.
     * @param conversationId the conversation
     */
    @Override
    public void deleteByConversationId(String conversationId) {
        this.log.delete(this.log.resolve(conversationId));
    }
}
