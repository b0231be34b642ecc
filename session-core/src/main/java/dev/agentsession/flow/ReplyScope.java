package dev.agentsession.flow;

import dev.agentsession.Identifiers;
import org.jspecify.annotations.Nullable;

/**
 * Where the reply that resumes a paused flow will come from.
 *
 * @param channel the channel, such as {@code slack} or {@code web}
 * @param conversation the conversation within the channel (a Slack channel id, a chat id)
 * @param thread the thread within the conversation, or {@code null} when the reply may come anywhere in it
 */
public record ReplyScope(String channel, String conversation, @Nullable String thread) {

    /**
     * Checks the parts with the identifier rules.
     */
    public ReplyScope {
        Identifiers.requireValid("channel", channel);
        Identifiers.requireValid("conversation", conversation);
        if (thread != null) {
            Identifiers.requireValid("thread", thread);
        }
    }

    /**
     * A scope without a thread.
     * @param channel the channel
     * @param conversation the conversation
     * @return the scope
     */
    public static ReplyScope of(String channel, String conversation) {
        return new ReplyScope(channel, conversation, null);
    }

    /**
     * A scope in one thread.
     * @param channel the channel
     * @param conversation the conversation
     * @param thread the thread
     * @return the scope
     */
    public static ReplyScope of(String channel, String conversation, String thread) {
        return new ReplyScope(channel, conversation, thread);
    }
}
