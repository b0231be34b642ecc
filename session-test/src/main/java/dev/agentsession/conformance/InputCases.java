package dev.agentsession.conformance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.Identifiers;
import dev.agentsession.ValueLimits;
import org.jspecify.annotations.Nullable;

/**
 * The generated cases of the bad-input table: identifiers, keys and values at, inside and beyond the rules of SPEC
 * 3.5, each with the outcome every backend must give.
 */
final class InputCases {

    private static final ValueLimits LIMITS = ValueLimits.DEFAULT;

    private InputCases() {
    }

    /**
     * A value to store and what must read back: {@code expected} if {@code accepted}, else a refusal.
     *
     * @param name the case, for the report
     * @param value what the caller stores
     * @param accepted whether every backend stores it
     * @param expected the value read back (the read-back types of {@code SessionCodec})
     * @param tree whether the value can be given as a JSON tree as well (self-containing values cannot)
     * @param depth the nesting of the value (0 for a scalar), at most the limit when accepted
     */
    record ValueCase(String name, @Nullable Object value, boolean accepted, @Nullable Object expected, boolean tree,
            int depth) {

        static ValueCase same(String name, Object value) {
            return new ValueCase(name, value, true, value, true, 0);
        }

        static ValueCase readsAs(String name, Object value, Object expected) {
            return new ValueCase(name, value, true, expected, true, 0);
        }

        static ValueCase refused(String name, @Nullable Object value) {
            return new ValueCase(name, value, false, null, true, 0);
        }

        static ValueCase refusedNoTree(String name, Object value) {
            return new ValueCase(name, value, false, null, false, 0);
        }

        static ValueCase nested(String name, Object value, int depth) {
            boolean accepted = depth <= LIMITS.maxDepth();
            return new ValueCase(name, value, accepted, accepted ? value : null, true, depth);
        }

        /**
         * Whether the value is accepted one level down, inside a map: a document holding it.
         * @return whether it is accepted there
         */
        boolean acceptedInside() {
            return this.accepted && this.depth < LIMITS.maxDepth();
        }
    }

    /**
     * An identifier or key and whether it is accepted.
     *
     * @param name the case, for the report
     * @param value the identifier
     * @param accepted whether it is valid
     */
    record KeyCase(String name, String value, boolean accepted) {
    }

    /**
     * Values: numbers, strings, structures, depths and sizes.
     * @return the cases
     */
    static List<ValueCase> values() {
        List<ValueCase> cases = new ArrayList<>();
        cases.addAll(numbers());
        cases.addAll(strings());
        cases.addAll(structures());
        return cases;
    }

    static List<ValueCase> numbers() {
        BigInteger maxDigits = BigInteger.TEN.pow(LIMITS.maxNumberLength() - 1);
        BigInteger tooManyDigits = BigInteger.TEN.pow(LIMITS.maxNumberLength());
        return List.of(ValueCase.same("zero", 0), ValueCase.same("minus one", -1),
                ValueCase.same("int max", Integer.MAX_VALUE), ValueCase.same("int min", Integer.MIN_VALUE),
                ValueCase.readsAs("long as int", 42L, 42), ValueCase.same("long max", Long.MAX_VALUE),
                ValueCase.same("long min", Long.MIN_VALUE),
                ValueCase.same("big integer", BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN)),
                ValueCase.same("big integer of the most digits", maxDigits),
                ValueCase.refused("big integer of one digit too many", tooManyDigits),
                ValueCase.refused("1001-digit negative", tooManyDigits.negate()),
                ValueCase.readsAs("decimal a double holds", new BigDecimal("0.1"), 0.1d),
                ValueCase.same("decimal keeping its scale", new BigDecimal("1.50")),
                ValueCase.same("decimal of 50 digits",
                        new BigDecimal("3.1415926535897932384626433832795028841971693993751")),
                ValueCase.same("decimal with exponent", new BigDecimal("1E+3")),
                ValueCase.same("tiny decimal", new BigDecimal("1E-400")),
                ValueCase.same("negative decimal", new BigDecimal("-123456789012345678901234567890.5")),
                ValueCase.refused("decimal of 1001 digits", new BigDecimal(tooManyDigits, 500)),
                ValueCase.same("double", 1.5d),
                ValueCase.same("double one tenth", 0.1d),
                ValueCase.readsAs("float", 0.25f, 0.25d),
                ValueCase.same("double max", Double.MAX_VALUE),
                ValueCase.same("double min", Double.MIN_VALUE),
                ValueCase.readsAs("negative zero", -0.0d, 0.0d),
                ValueCase.same("double with exponent", 1e10d),
                ValueCase.same("decimal of more digits than a double", new BigDecimal("0.12345678901234567890")),
                ValueCase.refused("NaN", Double.NaN), ValueCase.refused("infinity", Double.POSITIVE_INFINITY),
                ValueCase.refused("negative infinity", Double.NEGATIVE_INFINITY),
                ValueCase.refused("float NaN", Float.NaN),
                ValueCase.refused("NaN in a list", Arrays.asList(1, Double.NaN)),
                ValueCase.same("true", true), ValueCase.same("false", false));
    }

    static List<ValueCase> strings() {
        return List.of(ValueCase.same("empty string", ""), ValueCase.same("plain string", "plain"),
                ValueCase.same("unicode", "日本 ü 🚀 \u00e9 e\u0301"), ValueCase.same("NUL inside", "a\u0000b"),
                ValueCase.same("controls", "tab\t new\n line\r \u001f \u007f \u0085"),
                ValueCase.same("escapes", "\"quoted\" \\ / </script>"),
                ValueCase.same("separators", "\u2028 \u2029 \ufeff \uffff"),
                ValueCase.same("trailing spaces", "value   "), ValueCase.same("long string", "x".repeat(100_000)),
                ValueCase.refused("unpaired high surrogate", "a\uD800"),
                ValueCase.refused("unpaired low surrogate", "\uDC00b"),
                ValueCase.refused("reversed pair", "\uDE00\uD83D"),
                ValueCase.refused("string beyond the size limit", "x".repeat(LIMITS.maxSize() + 1)));
    }

    static List<ValueCase> structures() {
        List<ValueCase> cases = new ArrayList<>();
        cases.add(ValueCase.same("empty map", Map.of()));
        cases.add(ValueCase.same("empty list", List.of()));
        cases.add(ValueCase.same("mixed list", Arrays.asList(1, "a", null, true, List.of(), Map.of())));
        Map<String, @Nullable Object> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        withNull.put("", "empty name");
        withNull.put("日本", 1);
        cases.add(ValueCase.same("map with null, empty and unicode names", withNull));
        cases.add(ValueCase.same("name of the longest length", Map.of("n".repeat(LIMITS.maxNameLength()), 1)));
        cases.add(ValueCase.refused("name one too long", Map.of("n".repeat(LIMITS.maxNameLength() + 1), 1)));
        cases.add(ValueCase.refused("name with unpaired surrogate", Map.of("\uD800", 1)));
        cases.add(ValueCase.readsAs("record", new Point(1, "a"), Map.of("x", 1, "label", "a")));
        cases.add(ValueCase.refused("binary", new byte[] { 1, 2, 3 }));
        cases.add(ValueCase.refused("binary in a map", Map.of("b", new byte[] { 1 })));
        for (int depth : new int[] { 1, 2, 10, 50, LIMITS.maxDepth() - 1, LIMITS.maxDepth(), LIMITS.maxDepth() + 1,
                500, 1000 }) {
            cases.add(ValueCase.nested("lists " + depth + " deep", lists(depth), depth));
            cases.add(ValueCase.nested("maps " + depth + " deep", maps(depth), depth));
        }
        cases.add(ValueCase.refusedNoTree("maps 10000 deep", maps(10_000)));
        Map<String, Object> self = new HashMap<>();
        self.put("self", self);
        cases.add(ValueCase.refusedNoTree("map containing itself", self));
        List<Object> selfList = new ArrayList<>();
        selfList.add(selfList);
        cases.add(ValueCase.refusedNoTree("list containing itself", selfList));
        return cases;
    }

    /**
     * Identifiers (session ids, event ids, document keys, reply-scope parts): the accepted ones are all distinct.
     * @return the cases
     */
    static List<KeyCase> identifiers() {
        List<KeyCase> cases = new ArrayList<>(common(Identifiers.MAX_LENGTH));
        cases.add(new KeyCase("pairs up to the length", "\uD83D\uDE80".repeat(Identifiers.MAX_LENGTH / 2), true));
        cases.add(new KeyCase("pairs one char too long", "\uD83D\uDE80".repeat(Identifiers.MAX_LENGTH / 2) + "a",
                false));
        return cases;
    }

    /**
     * State keys: the accepted ones are all distinct.
     * @return the cases
     */
    static List<KeyCase> stateKeys() {
        List<KeyCase> cases = new ArrayList<>(common(Identifiers.MAX_STATE_KEY_LENGTH));
        String user = "user:";
        cases.add(new KeyCase("user key of the longest length",
                user + "u".repeat(Identifiers.MAX_STATE_KEY_LENGTH - user.length()), true));
        cases.add(new KeyCase("user key one too long",
                user + "u".repeat(Identifiers.MAX_STATE_KEY_LENGTH - user.length() + 1), false));
        cases.add(new KeyCase("app key with trailing space", "app:k ", true));
        cases.add(new KeyCase("app key", "app:k", true));
        return cases;
    }

    private static List<KeyCase> common(int maxLength) {
        return List.of(new KeyCase("one char", "a", true), new KeyCase("trailing space", "a ", true),
                new KeyCase("two trailing spaces", "a  ", true), new KeyCase("leading space", " a", true),
                new KeyCase("upper case", "A", true), new KeyCase("composed", "\u00e9", true),
                new KeyCase("decomposed", "e\u0301", true), new KeyCase("ligature", "\ufb01", true),
                new KeyCase("fi", "fi", true), new KeyCase("emoji", "\uD83D\uDE80", true),
                new KeyCase("separators", "a:b/c%2F{d}*", true), new KeyCase("no-break space", "a\u00a0", true),
                new KeyCase("line separator", "a\u2028", true), new KeyCase("longest", "k".repeat(maxLength), true),
                new KeyCase("longest with trailing space", "k".repeat(maxLength - 1) + " ", true),
                new KeyCase("empty", "", false), new KeyCase("one too long", "k".repeat(maxLength + 1), false),
                new KeyCase("NUL", "a\u0000", false), new KeyCase("unit separator", "a\u001f", false),
                new KeyCase("DEL", "a\u007f", false), new KeyCase("C1 control", "a\u0085", false),
                new KeyCase("newline", "a\nb", false), new KeyCase("unpaired high surrogate", "a\uD800", false),
                new KeyCase("unpaired low surrogate", "a\uDC00", false),
                new KeyCase("other unpaired high surrogate", "a\uD801", false),
                new KeyCase("reversed pair", "\uDE80\uD83D", false));
    }

    static Object lists(int depth) {
        Object value = "leaf";
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    static Object maps(int depth) {
        Object value = "leaf";
        for (int i = 0; i < depth; i++) {
            value = Map.of("k", value);
        }
        return value;
    }

    /**
     * A value object stored through its JSON form.
     *
     * @param x a number
     * @param label a string
     */
    record Point(int x, String label) {
    }
}
