package dev.agentsession.store;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EpochMicrosTests {

    @ParameterizedTest
    @ValueSource(strings = { "1970-01-01T00:00:00Z", "2026-11-23T10:15:30.123456Z", "2262-04-12T00:00:00Z",
            "+100000-01-01T00:00:00.000001Z", "1969-12-31T23:59:59.999999Z", "-100000-01-01T00:00:00Z" })
    void ofThenToInstantWhenMicrosecondPrecisionThenTheSameInstant(String text) {
        Instant instant = Instant.parse(text);
        assertThat(EpochMicros.toInstant(EpochMicros.of(instant))).isEqualTo(instant);
    }

    @Test
    void ofWhenFinerThanAMicrosecondThenRoundsTowardsThePast() {
        assertThat(EpochMicros.of(Instant.parse("1970-01-01T00:00:00.000001999Z"))).isEqualTo(1);
        assertThat(EpochMicros.of(Instant.parse("1969-12-31T23:59:59.999999999Z"))).isEqualTo(-1);
    }

    @Test
    void ofWhenBeyondALongOfMicrosecondsThenArithmeticException() {
        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> EpochMicros.of(Instant.MAX));
    }

    @Test
    void nullableVariantsWhenNullThenNull() {
        assertThat(EpochMicros.ofNullable(null)).isNull();
        assertThat(EpochMicros.toInstantOrNull(null)).isNull();
    }
}
