package dev.agentsession.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.agentsession.SessionRef;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.SessionCodec;

/**
 * The state rows of a session read back, one scope marker per row ({@code A} app, {@code U} user, {@code S}
 * session), merged into the one map a read returns.
 */
final class MergedState {

    /** The marker of an app state row. */
    static final String APP = "A";

    /** The marker of a user state row. */
    static final String USER = "U";

    /** The marker of a session state row. */
    static final String SESSION = "S";

    private final SessionCodec codec;

    private final SessionRef ref;

    private final Map<String, Object> app = new LinkedHashMap<>();

    private final Map<String, Object> user = new LinkedHashMap<>();

    private final Map<String, Object> session = new LinkedHashMap<>();

    MergedState(SessionCodec codec, SessionRef ref) {
        this.codec = codec;
        this.ref = ref;
    }

    /**
     * Adds one stored row.
     * @param scope {@link #APP}, {@link #USER} or {@link #SESSION}
     */
    void add(String scope, String key, String valueJson) {
        Object value = this.codec.normalize(key,
                this.codec.readValue(this.ref, "state value '" + key + "'", valueJson));
        switch (scope) {
            case APP -> this.app.put(key, value);
            case USER -> this.user.put(key, value);
            default -> this.session.put(key, value);
        }
    }

    /**
     * The merged view, prefixes kept.
     */
    Map<String, Object> merge() {
        return StateChanges.merge(this.app, this.user, this.session);
    }
}
