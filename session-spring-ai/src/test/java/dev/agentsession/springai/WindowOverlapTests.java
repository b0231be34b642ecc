package dev.agentsession.springai;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the new messages start in the window a chat memory hands to {@code saveAll}.
 */
class WindowOverlapTests {

    private static Message user(String text) {
        return new UserMessage(text);
    }

    private static Message assistant(String text) {
        return new AssistantMessage(text);
    }

    private static Set<Message> identities(List<Message> messages) {
        Set<Message> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(messages);
        return set;
    }

    @Test
    void afterLastKnownWhenWindowIsStoredMessagesThenNewOnesThenNewStartAfterTheLastStored() {
        List<Message> stored = List.of(user("hi"), assistant("hello"));
        List<Message> window = List.of(stored.get(0), stored.get(1), user("how are you?"));
        assertThat(WindowOverlap.afterLastKnown(window, identities(stored)::contains)).isEqualTo(2);
    }

    @Test
    void afterLastKnownWhenNewMessagesEqualStoredOnesThenIdentityTellsThemApart() {
        // The repeated-message case equality cannot decide: the window [hi, hi] after a stored [hi].
        Message storedHi = user("hi");
        List<Message> window = List.of(storedHi, user("hi"));
        assertThat(WindowOverlap.afterLastKnown(window, identities(List.of(storedHi))::contains)).isEqualTo(1);
    }

    @Test
    void afterLastKnownWhenWindowHoldsNoStoredMessageThenMinusOne() {
        assertThat(WindowOverlap.afterLastKnown(List.of(user("hi")), (message) -> false)).isEqualTo(-1);
        assertThat(WindowOverlap.afterLastKnown(List.of(), (message) -> true)).isEqualTo(-1);
    }

    @Test
    void afterOverlapWhenWindowIsShorterThanHistoryThenItsStartMatchesTheEndOfTheHistory() {
        List<Message> tail = List.of(user("1"), assistant("a1"), user("2"), assistant("a2"), user("3"),
                assistant("a3"));
        // The window dropped the oldest turn.
        List<Message> window = List.of(user("2"), assistant("a2"), user("3"), assistant("a3"), user("4"));
        assertThat(WindowOverlap.afterOverlap(window, tail, null)).isEqualTo(4);
    }

    @Test
    void afterOverlapWhenWindowDroppedTheOlderSystemMessageThenOnlyTheNewSystemMessageAndWhatFollowsAreNew() {
        List<Message> tail = List.of(new SystemMessage("be brief"), user("1"), assistant("a1"), user("2"),
                assistant("a2"));
        List<Message> window = List.of(user("2"), assistant("a2"), new SystemMessage("be polite"), user("3"));
        assertThat(WindowOverlap.afterOverlap(window, tail, tail.get(0))).isEqualTo(2);
    }

    @Test
    void afterOverlapWhenWindowKeepsAnOldSystemMessageInFrontThenTheRestIsMatchedAfterIt() {
        Message system = new SystemMessage("be brief");
        // The stored system message is far older than the window, which keeps it in front.
        List<Message> tail = List.of(user("5"), assistant("a5"), user("6"), assistant("a6"));
        List<Message> window = List.of(new SystemMessage("be brief"), user("6"), assistant("a6"), user("7"));
        assertThat(WindowOverlap.afterOverlap(window, tail, system)).isEqualTo(3);
    }

    @Test
    void afterOverlapWhenMessagesRepeatThenTheLongestMatchKeepsTheNewRepeat() {
        List<Message> tail = List.of(user("hi"), assistant("hello"), user("hi"), assistant("hello"));
        List<Message> window = List.of(user("hi"), assistant("hello"), user("hi"), assistant("hello"), user("hi"));
        assertThat(WindowOverlap.afterOverlap(window, tail, null)).isEqualTo(4);
    }

    @Test
    void afterOverlapWhenNothingIsStoredThenEverythingIsNew() {
        assertThat(WindowOverlap.afterOverlap(List.of(user("hi")), List.of(), null)).isZero();
    }

    @Test
    void afterOverlapWhenWindowIsEmptyThenNothingIsNew() {
        assertThat(WindowOverlap.afterOverlap(List.of(), List.of(user("hi")), null)).isZero();
    }

    @Test
    void afterOverlapWhenWindowSharesNothingWithTheHistoryThenEverythingIsNew() {
        List<Message> tail = List.of(user("1"), assistant("a1"));
        assertThat(WindowOverlap.afterOverlap(List.of(user("x"), assistant("y")), tail, null)).isZero();
    }
}
