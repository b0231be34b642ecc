package dev.agentsession;

/**
 * A write named an expected version that is not the stored one: another writer changed the session first.
 * Nothing was written. Re-read the session, then retry with {@link #getCurrentVersion()}.
 */
public class StaleSessionException extends AgentSessionException {

    private static final long serialVersionUID = 1L;

    private final long expectedVersion;

    private final long currentVersion;

    /**
     * Creates the exception.
     * @param ref the session
     * @param expectedVersion the version the caller expected
     * @param currentVersion the version stored
     */
    public StaleSessionException(SessionRef ref, long expectedVersion, long currentVersion) {
        super("Session " + ref + " is at version " + currentVersion + ", not the expected " + expectedVersion, ref,
                null);
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    /**
     * The version the caller expected.
     * @return the expected version
     */
    public long getExpectedVersion() {
        return this.expectedVersion;
    }

    /**
     * The version stored when the write was refused.
     * @return the current version
     */
    public long getCurrentVersion() {
        return this.currentVersion;
    }
}
