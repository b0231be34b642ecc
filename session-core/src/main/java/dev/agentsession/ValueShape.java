package dev.agentsession;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Walks a value given as maps, collections, arrays and JSON trees without recursion, before anything copies or
 * writes it recursively: a value nested too deep, or one that contains itself (which is infinitely deep), is
 * refused with an {@link IllegalArgumentException} instead of overflowing the stack. Binary data and
 * non-finite numbers are refused too: JSON has neither, so they would read back as something else.
 */
public final class ValueShape {

    private ValueShape() {
    }

    /**
     * Checks the shape of a value.
     * @param what what the value is, for the error message (never the value itself)
     * @param value the value, or {@code null}
     * @param maxDepth the deepest nesting allowed; a flat map or list is depth 1
     * @param maxElements the most elements (containers and leaves) allowed; each takes at least one byte in JSON
     * @throws IllegalArgumentException if the value is deeper or larger, contains itself, binary data, NaN or an
     * infinity
     */
    public static void requireBounded(String what, @Nullable Object value, int maxDepth, long maxElements) {
        if (value == null) {
            return;
        }
        Deque<Nested> pending = new ArrayDeque<>();
        pending.push(new Nested(value, 0));
        long elements = 0;
        while (!pending.isEmpty()) {
            Nested next = pending.pop();
            if (++elements > maxElements) {
                throw new IllegalArgumentException(what + " has more than " + maxElements + " elements");
            }
            Iterable<?> children = children(what, next.value());
            if (children != null) {
                int depth = next.depth() + 1;
                if (depth > maxDepth) {
                    throw new IllegalArgumentException(what + " is nested deeper than " + maxDepth
                            + " levels (or contains itself)");
                }
                for (Object child : children) {
                    pending.push(new Nested(child, depth));
                }
            }
        }
    }

    private static @Nullable Iterable<?> children(String what, @Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.values();
        }
        if (value instanceof Collection<?> collection) {
            return collection;
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        if (value instanceof JsonNode node) {
            if (node.isContainer()) {
                return node.values();
            }
            if (node.isBinary()) {
                throw binary(what);
            }
            if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                throw nonFinite(what);
            }
            return null;
        }
        if (value instanceof byte[]) {
            throw binary(what);
        }
        if ((value instanceof Double number && !Double.isFinite(number))
                || (value instanceof Float single && !Float.isFinite(single))) {
            throw nonFinite(what);
        }
        return null;
    }

    private static IllegalArgumentException binary(String what) {
        return new IllegalArgumentException(
                what + " contains binary data, which JSON cannot hold: encode it as a string (Base64) first");
    }

    private static IllegalArgumentException nonFinite(String what) {
        return new IllegalArgumentException(what + " contains NaN or an infinity, which JSON cannot hold");
    }

    private record Nested(@Nullable Object value, int depth) {
    }
}
