package dev.agentsession.bench;

/**
 * A peer library opened for a benchmark: the same two operations as ours, through that library's own API.
 */
interface PeerStore extends AutoCloseable {

    /**
     * A new conversation holding {@code history} messages, written the fastest way the library offers.
     * @param history how many messages
     * @return the conversation's handle
     */
    Object conversation(int history) throws Exception;

    /**
     * Appends one user message to a conversation, as the library's users do.
     * @param conversation the handle
     * @return what the call returned, for JMH to consume
     */
    Object append(Object conversation) throws Exception;

    /**
     * Reads the 20 most recent messages of a conversation (or, where the library cannot, all of them).
     * @param conversation the handle
     * @return what the call returned
     */
    Object recent20(Object conversation) throws Exception;

}
