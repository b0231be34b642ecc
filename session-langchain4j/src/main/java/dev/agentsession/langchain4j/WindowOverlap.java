package dev.agentsession.langchain4j;

import java.util.List;

/**
 * Which messages of a chat memory's window its stored history does not hold yet.
 *
 * <p>A chat memory hands its store the whole window it keeps: the messages it last read from the store, minus the
 * oldest ones it evicted, plus the new ones. So the part already stored is the longest head of the window that equals
 * the tail of what is stored, and everything after it is new. LangChain4j messages have no identity, so a message
 * equal to a stored one counts as stored only where it lines up with that tail: a user who says "yes" twice is heard
 * twice.
 */
final class WindowOverlap {

    private WindowOverlap() {
    }

    /**
     * The messages of {@code window} that follow the part of it already stored.
     * @param <T> the message type, compared with {@code equals}
     * @param stored the most recent stored messages, oldest first; at least as many as the window's stored part
     * @param window the memory's current window, oldest first
     * @return the unstored tail of {@code window}, oldest first (all of it when nothing lines up)
     */
    static <T> List<T> unstored(List<T> stored, List<T> window) {
        for (int overlap = Math.min(stored.size(), window.size()); overlap > 0; overlap--) {
            if (window.subList(0, overlap).equals(stored.subList(stored.size() - overlap, stored.size()))) {
                return window.subList(overlap, window.size());
            }
        }
        return window;
    }
}
