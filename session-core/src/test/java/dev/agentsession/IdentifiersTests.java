package dev.agentsession;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The one rule of identifiers and state keys (SPEC 2 and 3.5).
 */
class IdentifiersTests {

    @Test
    void requireValidWhenValidUnicodeOfOneTo256CharsThenAccepted() {
        assertThat(Identifiers.requireValid("id", "a")).isEqualTo("a");
        assertThat(Identifiers.requireValid("id", "x".repeat(256))).hasSize(256);
        assertThat(Identifiers.requireValid("id", "\uD83D\uDE80 a ")).isEqualTo("\uD83D\uDE80 a ");
    }

    @Test
    void requireValidWhenEmptyTooLongControlOrUnpairedSurrogateThenRefusedNamingTheProblem() {
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValid("id", ""))
            .withMessageContaining("1 to 256");
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValid("id", "x".repeat(257)));
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValid("id", "a\u0000"))
            .withMessageContaining("U+0000");
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValid("id", "a\uD800"))
            .withMessageContaining("unpaired surrogate U+D800 at index 1");
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValid("id", "\uDC00a"));
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValid("id", "\uDE80\uD83D"));
    }

    @Test
    void requireValidStateKeyWhenUpTo512CharsThenAcceptedAndBeyondRefused() {
        assertThat(Identifiers.requireValidStateKey("user:" + "k".repeat(507))).hasSize(512);
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValidStateKey("k".repeat(513)));
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValidStateKey(""));
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireValidStateKey("k\u0000"));
    }
}
