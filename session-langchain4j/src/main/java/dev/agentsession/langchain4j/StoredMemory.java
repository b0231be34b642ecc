package dev.agentsession.langchain4j;

import java.util.ArrayList;
import java.util.List;

import dev.agentsession.AgentSession;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionEvent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import org.jspecify.annotations.Nullable;

/**
 * A chat memory as a session holds it: the current system message (kept in session state, so that it stays first
 * however long the conversation grows) and the other messages of the read window that follow the last clear marker.
 *
 * @param system the current system message, or {@code null}
 * @param messages the other messages, oldest first
 */
record StoredMemory(@Nullable SystemMessage system, List<ChatMessage> messages) {

    StoredMemory {
        messages = List.copyOf(messages);
    }

    /**
     * Reads the memory from a session read with a recent-events window.
     * @param session the session
     * @return the memory
     */
    static StoredMemory of(AgentSession session) {
        Object systemText = session.state().get(ChatMessageEvents.SYSTEM_MESSAGE_KEY);
        SystemMessage system = (systemText instanceof String text) ? SystemMessage.from(text) : null;
        List<ChatMessage> messages = new ArrayList<>();
        for (SessionEvent event : session.events()) {
            if (ChatMessageEvents.isClearMarker(event)) {
                messages.clear();
                continue;
            }
            ChatMessage message = ChatMessageEvents.toMessage(session.ref(), event);
            // System messages are replaced, never accumulated: the current one comes from state.
            if (message != null && !(message instanceof SystemMessage)) {
                messages.add(message);
            }
        }
        return new StoredMemory(system, messages);
    }

    /**
     * What the chat memory sees: the system message first, then the other messages.
     * @return the messages
     */
    List<ChatMessage> view() {
        if (this.system == null) {
            return this.messages;
        }
        List<ChatMessage> view = new ArrayList<>(this.messages.size() + 1);
        view.add(this.system);
        view.addAll(this.messages);
        return List.copyOf(view);
    }

    /**
     * The messages of a memory's window, other than its system message, that this memory does not hold yet.
     * @param window the memory's current window
     * @return the new messages, oldest first
     */
    List<ChatMessage> unstored(List<ChatMessage> window) {
        return WindowOverlap.unstored(this.messages,
                window.stream().filter((message) -> !(message instanceof SystemMessage)).toList());
    }

    /**
     * The events that append new messages and bring the stored system message to the window's.
     * @param system the window's system message, or {@code null}
     * @param unstored the new messages
     * @return the events to append, possibly none
     */
    List<NewEvent> eventsFor(@Nullable SystemMessage system, List<ChatMessage> unstored) {
        List<NewEvent> events = new ArrayList<>();
        if (system != null && !system.equals(this.system)) {
            events.add(ChatMessageEvents.toEvent(system));
        }
        unstored.forEach((message) -> events.add(ChatMessageEvents.toEvent(message)));
        if (system == null && this.system != null) {
            events.add(ChatMessageEvents.systemMessageRemoved());
        }
        return events;
    }

    /**
     * Whether the memory shows nothing.
     * @return {@code true} without a system message or other messages
     */
    boolean isEmpty() {
        return this.system == null && this.messages.isEmpty();
    }
}
