package dev.agentsession.conformance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.agentsession.Identifiers;
import dev.agentsession.store.SessionCodec;
import org.jspecify.annotations.Nullable;

/**
 * A seeded generator of JSON values and identifiers for the property-based round trip: every value it makes is
 * valid and already of the types every store reads back ({@code SessionCodec}'s table), so it must read back
 * equal, and the same seed makes the same values on every run.
 */
final class RandomJson {

    // Code points from the ranges where stores have differed: controls, NUL, Latin, separators, CJK, the end of
    // the BMP and supplementary characters (surrogate pairs).
    private static final int[][] RANGES = { { 0x20, 0x7e }, { 0x00, 0x1f }, { 0x7f, 0x9f }, { 0xa0, 0x24f },
            { 0x2000, 0x206f }, { 0x3040, 0x30ff }, { 0x4e00, 0x4fff }, { 0xfff0, 0xffff }, { 0x1f300, 0x1f6ff },
            { 0x10000, 0x1007f } };

    private final Random random;

    RandomJson(long seed) {
        this.random = new Random(seed);
    }

    /**
     * A value: a scalar, or a map or list of at most {@code depth} levels.
     */
    @Nullable Object value(int depth) {
        int kind = this.random.nextInt((depth > 0) ? 10 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> this.random.nextBoolean();
            case 2 -> integer();
            case 3 -> decimal();
            case 4, 5, 6 -> text(this.random.nextInt(40));
            case 7, 8 -> map(depth - 1);
            default -> list(depth - 1);
        };
    }

    /**
     * A map of at most {@code depth} levels, the form of a state value, document or tree.
     */
    Map<String, @Nullable Object> map(int depth) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        int size = this.random.nextInt(6);
        for (int i = 0; i < size; i++) {
            map.put(text(this.random.nextInt(12)), value(depth));
        }
        return map;
    }

    private List<@Nullable Object> list(int depth) {
        List<@Nullable Object> list = new ArrayList<>();
        int size = this.random.nextInt(6);
        for (int i = 0; i < size; i++) {
            list.add(value(depth));
        }
        return list;
    }

    // Each kind is outside the range of the smaller one, so it reads back as the type it was made as.
    private Object integer() {
        return switch (this.random.nextInt(3)) {
            case 0 -> this.random.nextInt();
            case 1 -> (this.random.nextBoolean() ? 1 : -1) * ((1L << 31) + 1 + (this.random.nextLong() >>> 2));
            default -> new BigInteger(64 + this.random.nextInt(900), this.random)
                .add(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.TWO))
                .multiply(BigInteger.valueOf(this.random.nextBoolean() ? 1 : -1));
        };
    }

    private Number decimal() {
        // A scale of 0 would be an integer token, which reads back as an integer; exponents are kept as written,
        // and a decimal a double holds exactly reads back as that double.
        int bits = 1 + this.random.nextInt(this.random.nextBoolean() ? 40 : 300);
        BigInteger unscaled = new BigInteger(bits, this.random);
        int scale = 1 + this.random.nextInt(40);
        return SessionCodec.decimal(new BigDecimal(this.random.nextBoolean() ? unscaled : unscaled.negate(),
                this.random.nextInt(5) == 0 ? -scale : scale));
    }

    /**
     * A string of {@code length} code points, any valid Unicode.
     */
    String text(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int[] range = RANGES[this.random.nextInt(RANGES.length)];
            text.appendCodePoint(range[0] + this.random.nextInt(range[1] - range[0] + 1));
        }
        return text.toString();
    }

    /**
     * An identifier: 1 to 40 code points without control characters, at most {@link Identifiers#MAX_LENGTH}
     * chars.
     */
    String id() {
        StringBuilder id = new StringBuilder();
        int length = 1 + this.random.nextInt(40);
        while (id.codePointCount(0, id.length()) < length) {
            int[] range = RANGES[this.random.nextInt(RANGES.length)];
            int codePoint = range[0] + this.random.nextInt(range[1] - range[0] + 1);
            if (!Character.isISOControl(codePoint)) {
                id.appendCodePoint(codePoint);
            }
        }
        return id.toString();
    }
}
