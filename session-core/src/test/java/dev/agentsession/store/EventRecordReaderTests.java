package dev.agentsession.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.agentsession.EventType;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a stored event's JSON is read back: every field as written, and a record that is not an event is corrupt.
 */
class EventRecordReaderTests {

    private static final SessionRef REF = SessionRef.of("app", "alice", "s1");

    private final SessionCodec codec = new SessionCodec();

    @Test
    void readEventWhenWrittenByTheCodecThenEveryFieldReadsBackEqual() {
        SessionEvent event = new SessionEvent(7, "e-7", EventType.TOOL_CALL, "assistant", "calling",
                JsonMapper.shared().readTree("{\"name\":\"weather\",\"args\":{\"city\":\"Paris\",\"days\":[1,2.5]}}"),
                Map.of("app:count", 3, "plan", Map.of("steps", List.of("a", "b")), "ratio", 0.25),
                Map.of("source", "test"), Instant.parse("2026-11-23T15:30:39.556123Z"));
        assertThat(this.codec.readEvent(REF, this.codec.writeEvent(event))).isEqualTo(event);
    }

    @Test
    void readEventWhenFieldsAreUnknownOrAbsentThenTheyAreSkippedOrEmpty() {
        SessionEvent event = this.codec.readEvent(REF, """
                {"extra":{"nested":[1,{"x":2}]},"seq":3,"id":"e","type":"MESSAGE","author":"user",
                 "timestamp":"2026-01-02T03:04:05Z"}""");
        assertThat(event.seq()).isEqualTo(3);
        assertThat(event.content()).isNull();
        assertThat(event.data()).isNull();
        assertThat(event.stateDelta()).isEmpty();
        assertThat(event.metadata()).isEmpty();
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void readEventWhenTheRecordIsNotAnEventThenItIsCorrupt() {
        for (String json : List.of("[]", "{\"seq\":1}", "{\"seq\":\"1\",\"id\":\"e\",\"type\":\"MESSAGE\","
                + "\"author\":\"user\",\"timestamp\":\"2026-01-02T03:04:05Z\"}",
                "{\"seq\":1,\"id\":\"e\",\"type\":\"NOPE\",\"author\":\"user\",\"timestamp\":\"2026-01-02T03:04:05Z\"}",
                "{\"seq\":1,\"id\":\"e\",\"type\":\"MESSAGE\",\"author\":\"user\",\"timestamp\":\"2026-02-30T03:04:05Z\"}",
                "{\"seq\":1,\"id\":\"e\",\"type\":\"MESSAGE\",\"author\":\"user\",\"timestamp\":\"yesterday\"}",
                "{\"seq\":1,")) {
            assertThatExceptionOfType(SessionDataCorruptedException.class).as(json)
                .isThrownBy(() -> this.codec.readEvent(REF, json));
        }
    }

    @Test
    void instantWhenAnyInstantIsWrittenInIsoFormThenItReadsBackAsInstantParseReadsIt() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    (i % 4 == 0) ? 0 : random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(EventRecordReader.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(EventRecordReader.instant("2024-02-29T23:59:59.5Z"))
            .isEqualTo(Instant.parse("2024-02-29T23:59:59.5Z"));
        assertThat(EventRecordReader.instant("2026-11-23T10:15:30+01:00"))
            .isEqualTo(Instant.parse("2026-11-23T09:15:30Z"));
        // What the direct reading leaves to Instant.parse: an hour of 24, a leap second.
        assertThat(EventRecordReader.instant("2026-11-23T24:00:00Z")).isEqualTo(Instant.parse("2026-11-23T24:00:00Z"));
        assertThat(EventRecordReader.instant("2016-12-31T23:59:60Z")).isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
        assertThatIllegalArgumentException().isThrownBy(() -> EventRecordReader.instant("2026-11-23T25:00:00Z"));
    }
}
