package dev.agentsession.conversation;

import dev.agentsession.SessionRef;

/**
 * Maps the conversation (or memory) id a framework uses to the session that holds that conversation. The framework
 * adapters (Spring AI, LangChain4j) know only that id, so this is where an application says which tenant, app and
 * user a conversation belongs to. Replace it with a bean of your own, e.g. one that reads the user from the security
 * context or splits a composite id.
 */
@FunctionalInterface
public interface ConversationRefResolver {

    /**
     * The session of a conversation.
     * @param conversationId the framework's conversation id
     * @return the session's reference
     * @throws IllegalArgumentException if the id is not a valid session id or cannot be mapped
     */
    SessionRef resolve(String conversationId);

    /**
     * The default: every conversation is a session of one app in one tenant, owned by a user of the same id as the
     * conversation ({@code SessionRef(tenant, app, conversationId, conversationId)}), so that two conversations never
     * share {@code user:} state unless the application maps them to one user itself.
     * @param tenant the tenant
     * @param app the agent application
     * @return the resolver
     */
    static ConversationRefResolver perConversationUser(String tenant, String app) {
        // Checks tenant and app now, with the message SessionRef gives, rather than on the first conversation.
        new SessionRef(tenant, app, "user", "session");
        return (conversationId) -> new SessionRef(tenant, app, conversationId, conversationId);
    }
}
