package dev.agentsession;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The instants a store keeps: years 1 to 9999, refused otherwise with an IllegalArgumentException, never an
 * ArithmeticException or DateTimeException.
 */
class TimestampsTests {

    @Test
    void requireStorableWhenInsideYearsOneTo9999ThenAcceptedElseRefused() {
        assertThat(Timestamps.requireStorable("t", Timestamps.MIN)).isEqualTo(Timestamps.MIN);
        assertThat(Timestamps.requireStorable("t", Timestamps.MAX)).isEqualTo(Timestamps.MAX);
        assertThat(Timestamps.requireStorable("t", null)).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.requireStorable("t", Instant.MAX));
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.requireStorable("t", Instant.MIN));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Timestamps.requireStorable("t", Instant.parse("+1000000-01-01T00:00:00Z")));
    }

    @Test
    void plusWhenTheResultOverflowsOrLeavesTheRangeThenIllegalArgument() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Timestamps.plus("t", now, Duration.ofDays(1))).isEqualTo(now.plus(Duration.ofDays(1)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Timestamps.plus("t", now, Duration.ofSeconds(1_000_000_000_000_000L)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Timestamps.plus("t", now, Duration.ofSeconds(Long.MAX_VALUE)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Timestamps.plus("t", now, Duration.ofSeconds(Long.MAX_VALUE).negated()));
    }

    @Test
    void requireTtlWhenZeroNegativeOrLongerThanTheRangeThenRefused() {
        assertThat(Timestamps.requireTtl("ttl", Duration.ofDays(30))).isEqualTo(Duration.ofDays(30));
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.requireTtl("ttl", Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.requireTtl("ttl", Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Timestamps.requireTtl("ttl", Duration.ofSeconds(1_000_000_000_000_000L)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new SessionSettings(Duration.ofSeconds(1_000_000_000_000_000L), 1024,
                    Duration.ofDays(1)));
    }
}
