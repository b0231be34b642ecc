package dev.agentsession.conformance;

import java.util.function.Supplier;

import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;

/**
 * One case of a bad-input table: an accepted write returns the expected value and reads it back; a refused one
 * throws {@link IllegalArgumentException}, nothing else, and leaves the store as it was.
 */
final class CaseCheck {

    private CaseCheck() {
    }

    /**
     * Runs one case: an accepted write must return the expected value and read it back; a refused one must throw
     * {@link IllegalArgumentException} (nothing else) and leave the store as it was.
     */
    static void check(SoftAssertions softly, String name, boolean accepted, Supplier<@Nullable Object> write,
            Supplier<@Nullable Object> read, @Nullable Object expected, Supplier<Boolean> unchanged) {
        Object written;
        try {
            written = write.get();
        }
        catch (IllegalArgumentException ex) {
            softly.assertThat(accepted).as("%s was refused (%s)", name, ex.getMessage()).isFalse();
            softly.assertThat(unchanged.get()).as("%s was refused but changed the store", name).isTrue();
            return;
        }
        catch (RuntimeException | StackOverflowError ex) {
            softly.fail("%s failed with %s instead of being stored or refused", name, ex);
            return;
        }
        if (!accepted) {
            softly.fail("%s was stored but must be refused", name);
            return;
        }
        softly.assertThat(written).as("%s as returned", name).isEqualTo(expected);
        try {
            softly.assertThat(read.get()).as("%s as read back", name).isEqualTo(expected);
        }
        catch (RuntimeException ex) {
            softly.fail("%s was stored and cannot be read back: %s", name, ex);
        }
    }

}
