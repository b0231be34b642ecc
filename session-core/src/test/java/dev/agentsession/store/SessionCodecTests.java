package dev.agentsession.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionRef;
import dev.agentsession.ValueLimits;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The read-back type table and the limits of {@link SessionCodec}.
 */
class SessionCodecTests {

    private final SessionCodec codec = new SessionCodec();

    private final SessionRef ref = SessionRef.of("app", "alice", "s1");

    @Test
    void normalizeWhenIntegersThenIntegerLongOrBigIntegerBySizeWithEveryDigit() {
        BigInteger big = BigInteger.TEN.pow(300).add(BigInteger.ONE);
        assertThat(this.codec.normalize("v", 7L)).isEqualTo(7);
        assertThat(this.codec.normalize("v", 1L << 40)).isEqualTo(1L << 40);
        assertThat(this.codec.normalize("v", big)).isEqualTo(big);
        assertThat(this.codec.readValue(this.ref, "v", this.codec.writeValue(big))).isEqualTo(big);
    }

    @Test
    void normalizeWhenDecimalsThenDoubleWhereItHoldsTheDigitsElseBigDecimalWithEveryDigitAndScale() {
        BigDecimal precise = new BigDecimal("3.14159265358979323846264338327950288419716939937510");
        assertThat(this.codec.normalize("v", precise)).isEqualTo(precise);
        assertThat(this.codec.normalize("v", new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(this.codec.normalize("v", new BigDecimal("1E+3"))).isEqualTo(new BigDecimal("1E+3"));
        assertThat(this.codec.normalize("v", new BigDecimal("2.5"))).isEqualTo(2.5d);
        assertThat(this.codec.normalize("v", 1.5d)).isEqualTo(1.5d);
        assertThat(this.codec.normalize("v", 0.1f)).isEqualTo(0.1d);
        assertThat(this.codec.normalize("v", 1e10d)).isEqualTo(1e10d);
        assertThat(this.codec.normalize("v", -0.0d)).isEqualTo(0.0d);
        assertThat(this.codec.readValue(this.ref, "v", this.codec.writeValue(precise))).isEqualTo(precise);
        JsonNode tree = this.codec.normalizeTree("data",
                JsonNodeFactory.instance.objectNode().put("d", precise).put("e", 2.5d).put("f", new BigDecimal("2.5")));
        assertThat(tree.get("d").decimalValue()).isEqualTo(precise);
        assertThat(tree.get("e").isDouble()).isTrue();
        assertThat(tree.get("f").isDouble()).isTrue();
        assertThat(this.codec.readEvent(this.ref, this.codec.writeEvent(new dev.agentsession.SessionEvent(1, "e",
                dev.agentsession.EventType.STATE, "a", null, null, Map.of("k", List.of(2.5d, precise)), Map.of(),
                java.time.Instant.EPOCH))).stateDelta()).containsEntry("k", List.of(2.5d, precise));
    }

    @Test
    void normalizeWhenNotFiniteThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", Double.NaN))
            .withMessageContaining("NaN");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.codec.normalize("v", Map.of("x", List.of(Double.POSITIVE_INFINITY))));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.codec.normalizeTree("d", JsonNodeFactory.instance.objectNode().put("x", Float.NaN)));
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", new Point(Double.NaN)));
    }

    @Test
    void normalizeWhenBinaryThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", new byte[] { 1, 2 }))
            .withMessageContaining("binary");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.codec.normalizeTree("d", JsonNodeFactory.instance.binaryNode(new byte[] { 1 })));
    }

    @Test
    void normalizeWhenTenThousandDeepOrSelfContainingThenRefusedWithoutStackOverflow() {
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> current = deep;
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> next = new HashMap<>();
            current.put("k", next);
            current = next;
        }
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", deep))
            .withMessageContaining("deeper than 100");
        Map<String, Object> self = new HashMap<>();
        self.put("self", self);
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", self));
        List<Object> list = new ArrayList<>();
        list.add(list);
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", list));
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("self", node);
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalizeTree("d", node));
    }

    @Test
    void normalizeWhenAtTheLimitsThenAcceptedAndOneBeyondThenRefused() {
        assertThat(this.codec.normalize("v", nested(100))).isEqualTo(nested(100));
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", nested(101)));
        BigInteger thousandDigits = BigInteger.TEN.pow(999);
        assertThat(this.codec.normalize("v", thousandDigits)).isEqualTo(thousandDigits);
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", BigInteger.TEN.pow(1000)))
            .withMessageContaining("Number value length");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.codec.normalize("v", Map.of("k".repeat(10_001), 1)));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.codec.normalize("v", "x".repeat(ValueLimits.DEFAULT.maxSize())))
            .withMessageContaining("bytes as JSON");
    }

    @Test
    void normalizeWhenUnpairedSurrogateThenRefusedAndPairsKept() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", "a\uD800b"));
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.normalize("v", Map.of("\uDC00", 1)));
        assertThat(this.codec.normalize("v", "emoji \uD83D\uDE00")).isEqualTo("emoji \uD83D\uDE00");
    }

    @Test
    void normalizeWhenStringAtSmallLimitsThenSameRefusalsAsTheRoundTrip() {
        SessionCodec small = new SessionCodec(new ValueLimits(5, 10, 12, 10, 40));
        assertThat(small.normalize("v", "abcd")).isEqualTo("abcd");
        assertThat(small.normalize("v", "\u00e9\u00e9\u00e9")).isEqualTo("\u00e9\u00e9\u00e9");
        assertThatIllegalArgumentException().isThrownBy(() -> small.normalize("v", "x".repeat(13)));
        assertThatIllegalArgumentException().isThrownBy(() -> small.normalize("v", "\u0001".repeat(12)))
            .withMessageContaining("bytes as JSON");
        assertThatIllegalArgumentException().isThrownBy(() -> small.normalize("v", "\uD800"));
    }

    @Test
    void sizeUpperBoundWhenPlainTextEventThenAtLeastItsSerializedSizeElseUnbounded() {
        java.time.Instant at = java.time.Instant.parse("+99999-12-31T23:59:59.999999Z");
        List<String> texts = List.of("", "hello", "\u0001\u0002\\\"".repeat(50), "\u00e9\u4e2d\uD83D\uDE00".repeat(40),
                "x".repeat(5000));
        for (String text : texts) {
            for (dev.agentsession.EventType type : dev.agentsession.EventType.values()) {
                dev.agentsession.SessionEvent event = new dev.agentsession.SessionEvent(Long.MAX_VALUE,
                        "id-" + text.length(), type, "assistant", text, null, Map.of(),
                        Map.of("k\u0001", text, "channel", "slack"), at);
                assertThat(this.codec.sizeUpperBound(event)).isGreaterThanOrEqualTo(this.codec.sizeOf(event));
            }
        }
        dev.agentsession.SessionEvent withData = new dev.agentsession.SessionEvent(1, "e",
                dev.agentsession.EventType.TOOL_CALL, "a", null, JsonNodeFactory.instance.objectNode().put("k", 1),
                Map.of(), Map.of(), at);
        dev.agentsession.SessionEvent withDelta = new dev.agentsession.SessionEvent(1, "e",
                dev.agentsession.EventType.STATE, "a", null, null, Map.of("k", 1), Map.of(), at);
        dev.agentsession.SessionEvent unpaired = new dev.agentsession.SessionEvent(1, "e",
                dev.agentsession.EventType.MESSAGE, "a", "a\uD800", null, Map.of(), Map.of(), at);
        assertThat(List.of(withData, withDelta, unpaired)).allSatisfy(
                (event) -> assertThat(this.codec.sizeUpperBound(event)).isEqualTo(Long.MAX_VALUE));
    }

    @Test
    void readWhenRecordIsBeyondTheLimitsThenCorruptedWithoutTheContent() {
        String secret = "{\"content\":\"my secret conversation\" oops";
        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> this.codec.readValue(this.ref, "v", secret))
            .satisfies((ex) -> assertThat(chainText(ex)).doesNotContain("secret"));
        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> this.codec.readValue(this.ref, "v", "1".repeat(1001)));
    }

    @Test
    void normalizeThenMapsKeepTheirOrderAndAreUnmodifiable() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("b", 1);
        ordered.put("a", List.of(2));
        Object normalized = this.codec.normalize("v", ordered);
        assertThat(normalized).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
            .containsExactly(org.assertj.core.api.Assertions.entry("b", 1),
                    org.assertj.core.api.Assertions.entry("a", List.of(2)));
        assertThatExceptionOfType(UnsupportedOperationException.class)
            .isThrownBy(() -> ((Map<String, Object>) normalized).put("c", 3));
    }

    private static Object nested(int depth) {
        Object value = 1;
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    private static String chainText(Throwable ex) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    record Point(double x) {
    }
}
