package dev.agentsession.springai;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;

/**
 * Where the new messages start in a window that a chat memory hands to
 * {@link org.springframework.ai.chat.memory.ChatMemoryRepository#saveAll(String, List)}: the window is the stored
 * window (possibly shortened at its start, possibly without an older system message) followed by what is new.
 */
final class WindowOverlap {

    private WindowOverlap() {
    }

    /**
     * The new messages start after the last message that the repository itself returned (or stored) for this
     * conversation: those are known by identity, which tells a repeated message from the stored one exactly.
     * @param window the window handed to {@code saveAll}
     * @param stored whether a message instance is one the repository read or wrote for this conversation
     * @return the index of the first new message, or -1 if the window holds no known message
     */
    static int afterLastKnown(List<Message> window, Predicate<Message> stored) {
        for (int i = window.size() - 1; i >= 0; i--) {
            if (stored.test(window.get(i))) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * For a window of messages that are equal to stored ones but not the instances the repository returned: the
     * longest start of the window that equals the end of the stored history is taken as stored. A window that opens
     * with the conversation's current system message (a chat memory keeps it in front however old it is) is matched
     * after it.
     * @param window the window handed to {@code saveAll}
     * @param tail the last messages of the stored history, at least as many as the window holds
     * @param system the conversation's latest stored system message, or {@code null}
     * @return the index of the first new message
     */
    static int afterOverlap(List<Message> window, List<Message> tail, @Nullable Message system) {
        int overlap = longestOverlap(window, 0, tail);
        if (overlap == 0 && !window.isEmpty() && window.get(0) instanceof SystemMessage
                && Objects.equals(window.get(0), system)) {
            return 1 + longestOverlap(window, 1, tail);
        }
        return overlap;
    }

    /**
     * The largest {@code k} such that {@code window[from, from + k)} equals the last {@code k} messages of
     * {@code tail}.
     */
    private static int longestOverlap(List<Message> window, int from, List<Message> tail) {
        for (int k = Math.min(window.size() - from, tail.size()); k > 0; k--) {
            if (window.subList(from, from + k).equals(tail.subList(tail.size() - k, tail.size()))) {
                return k;
            }
        }
        return 0;
    }
}
