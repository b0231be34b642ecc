package dev.agentsession.privacy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.agentsession.SessionRef;

/**
 * Which conversation threads belong to a user, so that erasing or exporting the user reaches the auth sessions
 * ({@code AuthSessionKey(tenant, threadId, profile, provider)}) stored for those threads. Auth sessions are keyed
 * by thread, not by user, and only the application knows which of its threads a user owns; declare a bean of
 * this type to say so (for example from a table of your own, or from the ids of the chat channels you map to
 * sessions).
 */
@FunctionalInterface
public interface UserThreads {

    /**
     * The threads of a user.
     * @param tenant the tenant
     * @param userId the user
     * @param sessions the user's live sessions in every app of the tenant
     * @return the thread ids
     */
    Set<String> threadsOf(String tenant, String userId, List<SessionRef> sessions);

    /**
     * The default: a user's threads are the ids of the user's sessions, the mapping the framework adapters'
     * default {@link dev.agentsession.conversation.ConversationRefResolver} makes (a conversation id is a
     * session id) and the natural one for an application that uses its session ids as auth thread ids.
     * @return the mapping
     */
    static UserThreads sessionIds() {
        return (tenant, userId, sessions) -> {
            Set<String> threads = new LinkedHashSet<>();
            sessions.forEach((ref) -> threads.add(ref.sessionId()));
            return threads;
        };
    }
}
