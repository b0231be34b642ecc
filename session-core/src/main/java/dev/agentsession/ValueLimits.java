package dev.agentsession;

/**
 * The limits every stored value keeps (SPEC 3.5): state values, event data, metadata, flow snapshots, wait
 * payloads and documents. The {@link DefaultSessionManager} refuses a value outside them before anything is
 * written, and the {@link dev.agentsession.store.SessionCodec} of every store reads under the same limits, so
 * that nothing accepted is ever unreadable.
 *
 * @param maxDepth the deepest nesting of objects and arrays in one value (a flat map is depth 1)
 * @param maxNumberLength the most characters of one number in its JSON form
 * @param maxStringLength the most characters of one string
 * @param maxNameLength the most characters of one object property name inside a value
 * @param maxSize the most bytes of one value's JSON form in UTF-8 (an event is bounded by
 * {@link SessionSettings#maxEventSize()} instead)
 */
public record ValueLimits(int maxDepth, int maxNumberLength, int maxStringLength, int maxNameLength, int maxSize) {

    /**
     * The limits of every store of this project: depth 100, numbers of 1,000 characters, strings of 10,000,000
     * characters, property names of 10,000 characters and values of 4 MiB.
     */
    public static final ValueLimits DEFAULT = new ValueLimits(100, 1000, 10_000_000, 10_000, 4 * 1024 * 1024);

    /**
     * The deepest nesting any limits may allow. Values are walked recursively in a few places (copies of JSON
     * trees, JSON writers), and this bound keeps those walks far from the thread's stack limit.
     */
    public static final int DEPTH_CEILING = 1000;

    /**
     * Checks the arguments.
     */
    public ValueLimits {
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth must be 1 to " + DEPTH_CEILING + ", was " + maxDepth);
        }
        requirePositive("maxNumberLength", maxNumberLength);
        requirePositive("maxStringLength", maxStringLength);
        requirePositive("maxNameLength", maxNameLength);
        requirePositive("maxSize", maxSize);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
