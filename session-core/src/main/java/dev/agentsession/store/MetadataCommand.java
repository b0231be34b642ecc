package dev.agentsession.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * Change a session's metadata, in one atomic step that advances the version and moves the session in every
 * listing index, the metadata indexes included.
 *
 * @param ref the session
 * @param changes the keys to set, and the keys to remove (mapped to {@code null}); keys already checked by the
 * manager
 * @param expectedVersion the version the session must have, or {@code null}
 * @param now the write time, the new {@code updatedAt}
 * @param expiresAt the new expiry, or {@code null}
 * @param fencingToken the token of the writer's run lease, or {@code null}; see {@link LeaseFence}
 */
public record MetadataCommand(SessionRef ref, Map<String, @Nullable String> changes, @Nullable Long expectedVersion,
        Instant now, @Nullable Instant expiresAt, @Nullable Long fencingToken) {

    /**
     * Checks the arguments and copies the changes, keeping their order and their {@code null} values.
     */
    public MetadataCommand {
        Objects.requireNonNull(ref, "ref must not be null");
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(changes,
                "changes must not be null")));
        Objects.requireNonNull(now, "now must not be null");
    }

    /**
     * A write without a fencing token.
     * @param ref see the record
     * @param changes see the record
     * @param expectedVersion see the record
     * @param now see the record
     * @param expiresAt see the record
     */
    public MetadataCommand(SessionRef ref, Map<String, @Nullable String> changes, @Nullable Long expectedVersion,
            Instant now, @Nullable Instant expiresAt) {
        this(ref, changes, expectedVersion, now, expiresAt, null);
    }

    /**
     * Applies the changes to a session's current metadata.
     * @param metadata the metadata before the change
     * @return the metadata after it, unmodifiable
     */
    public Map<String, String> applyTo(Map<String, String> metadata) {
        Map<String, String> changed = new LinkedHashMap<>(metadata);
        this.changes.forEach((key, value) -> {
            if (value != null) {
                changed.put(key, value);
            }
            else {
                changed.remove(key);
            }
        });
        return Collections.unmodifiableMap(changed);
    }
}
