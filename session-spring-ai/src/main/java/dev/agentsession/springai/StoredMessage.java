package dev.agentsession.springai;

import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI message read back from a session, with the sequence number of its first event.
 *
 * @param seq the sequence number of the event that starts the message
 * @param message the message
 */
record StoredMessage(long seq, Message message) {
}
