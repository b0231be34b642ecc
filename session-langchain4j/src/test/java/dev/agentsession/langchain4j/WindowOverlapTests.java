package dev.agentsession.langchain4j;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The append-only overlap rule: which messages of a memory's window are not stored yet.
 */
class WindowOverlapTests {

    @Test
    void unstoredWhenNothingIsStoredThenTheWholeWindow() {
        assertThat(WindowOverlap.unstored(List.of(), List.of("u1", "a1"))).containsExactly("u1", "a1");
    }

    @Test
    void unstoredWhenTheWindowExtendsTheStoredTailThenOnlyTheNewMessages() {
        assertThat(WindowOverlap.unstored(List.of("u1", "a1"), List.of("u1", "a1", "u2"))).containsExactly("u2");
    }

    @Test
    void unstoredWhenTheMemoryEvictedItsOldestMessagesThenOnlyTheNewMessages() {
        assertThat(WindowOverlap.unstored(List.of("u1", "a1", "u2", "a2"), List.of("u2", "a2", "u3", "a3")))
            .containsExactly("u3", "a3");
    }

    @Test
    void unstoredWhenTheStoredTailIsLongerThanTheWindowThenAlignsOnTheTail() {
        List<String> stored = List.of("u1", "a1", "u2", "a2", "u3", "a3");
        assertThat(WindowOverlap.unstored(stored, List.of("a3", "u4"))).containsExactly("u4");
    }

    @Test
    void unstoredWhenTheWindowIsWhatIsStoredThenNothing() {
        assertThat(WindowOverlap.unstored(List.of("u1", "a1"), List.of("u1", "a1"))).isEmpty();
    }

    @Test
    void unstoredWhenAUserRepeatsTheSameMessageThenTheRepeatIsNew() {
        assertThat(WindowOverlap.unstored(List.of("yes", "ok"), List.of("yes", "ok", "yes"))).containsExactly("yes");
        assertThat(WindowOverlap.unstored(List.of("yes"), List.of("yes", "yes"))).containsExactly("yes");
    }

    @Test
    void unstoredWhenTheRepeatedPatternShiftsWithEvictionThenOnlyTheNewMessage() {
        List<String> stored = List.of("hi", "hello", "hi", "hello");
        assertThat(WindowOverlap.unstored(stored, List.of("hello", "hi", "hello", "hi"))).containsExactly("hi");
    }

    @Test
    void unstoredWhenTheWindowSharesNothingWithTheTailThenAll() {
        assertThat(WindowOverlap.unstored(List.of("u1", "a1"), List.of("summary", "u2"))).containsExactly("summary",
                "u2");
    }

    @Test
    void unstoredWhenTheWindowMatchesOnlyAnOlderPartThenAllOfItIsNew() {
        // Only the head of the window that ends where the log ends counts as stored.
        assertThat(WindowOverlap.unstored(List.of("u1", "a1", "u2"), List.of("u1", "a1", "u3"))).containsExactly("u1",
                "a1", "u3");
    }
}
