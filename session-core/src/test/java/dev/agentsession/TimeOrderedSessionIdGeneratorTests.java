package dev.agentsession;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedSessionIdGeneratorTests {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123Z");

    private final TimeOrderedSessionIdGenerator generator = new TimeOrderedSessionIdGenerator(
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void generateWhenCalledThenVersion7WithTheClocksMillisecondsAndRfcVariant() {
        UUID id = UUID.fromString(this.generator.generate());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void generateWhenManyIdsInOneMillisecondThenEveryOneOfTheSeventyFourRandomBitsVaries() {
        long randAOnes = 0;
        long randAZeros = 0;
        long randBOnes = 0;
        long randBZeros = 0;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String text = this.generator.generate();
            ids.add(text);
            UUID id = UUID.fromString(text);
            long randA = id.getMostSignificantBits() & 0xFFFL;
            long randB = id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL;
            randAOnes |= randA;
            randAZeros |= ~randA & 0xFFFL;
            randBOnes |= randB;
            randBZeros |= ~randB & 0x3FFF_FFFF_FFFF_FFFFL;
        }
        assertThat(ids).hasSize(2000);
        int varyingBits = Long.bitCount(randAOnes & randAZeros) + Long.bitCount(randBOnes & randBZeros);
        assertThat(varyingBits).isEqualTo(TimeOrderedSessionIdGenerator.RANDOM_BITS);
    }

    @Test
    void generateWhenCalledOnSeveralThreadsThenEveryIdIsDistinct() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 5000; i++) {
                        ids.add(this.generator.generate());
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(ids).hasSize(20_000);
    }

    @Test
    void generateWhenClockMovesOnThenIdsSortByTime() {
        MovingClock clock = new MovingClock();
        TimeOrderedSessionIdGenerator moving = new TimeOrderedSessionIdGenerator(clock);
        String earlier = moving.generate();
        clock.millis += 1;
        String later = moving.generate();
        assertThat(later).isGreaterThan(earlier);
    }

    private static final class MovingClock extends Clock {

        long millis = NOW.toEpochMilli();

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(this.millis);
        }

        @Override
        public long millis() {
            return this.millis;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
