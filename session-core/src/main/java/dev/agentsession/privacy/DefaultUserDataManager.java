package dev.agentsession.privacy;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.agentsession.Identifiers;
import dev.agentsession.SessionRef;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.UserDataStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;

/**
 * The {@link UserDataManager} over the stores of one backend. Each operation is one observation of its
 * {@link SessionObservations} ({@code eraseUser}, {@code exportUser}).
 *
 * <p>The export is one JSON object:
 *
 * <pre>
 * {
 *   "tenant": "...", "userId": "...", "exportedAt": "2026-01-01T00:00:00Z",
 *   "sessions": [ { "app", "sessionId", "status", "metadata": {}, "state": {the session's own keys},
 *                   "flow": {flowId, cursor, snapshot} or null, "eventCount", "version", "createdAt", "updatedAt",
 *                   "expiresAt", "events": [ every event, oldest first, as the stores hold it ] } ],
 *   "userState": { "&lt;app&gt;": { the user: keys of that app } },
 *   "waits": [ { "app", "sessionUserId", "sessionId", "waitingUserId", "scope": {channel, conversation, thread},
 *                "flow" (null unless the user owns the session), "payload", "createdAt", "expiresAt" } ],
 *   "documents": { "&lt;key&gt;": { the user's USER document } },
 *   "authSessions": [ { "threadId", "profile", "provider", "status", "credentialHeld", "scoped", "scopes",
 *                       "createdAt", "expiresAt" } ]
 * }
 * </pre>
 *
 * Instants are ISO-8601 strings. {@code app:} state is the app's, not the user's, and is not exported. Of an auth
 * session only what describes it is exported, never its {@code AuthContext} (tokens) or resolve uid.
 */
public class DefaultUserDataManager implements UserDataManager {

    private final SessionStore sessions;

    private final UserDataStore users;

    private final @Nullable AuthSessionStore auth;

    private final UserThreads threads;

    private final Clock clock;

    private final ObjectWriter writer;

    private final SessionObservations observations;

    private final String storeType;

    /**
     * Creates a manager that maps a user's threads to the ids of the user's sessions and observes nothing.
     * @param sessions the session store
     * @param users the same backend's user data (usually the same object as {@code sessions})
     * @param auth the same backend's auth sessions, or {@code null} if the application stores none
     * @param clock the time of reads and of the export
     * @param codec the JSON form values are written in
     */
    public DefaultUserDataManager(SessionStore sessions, UserDataStore users, @Nullable AuthSessionStore auth,
            Clock clock, SessionCodec codec) {
        this(sessions, users, auth, UserThreads.sessionIds(), clock, codec, SessionObservations.NOOP);
    }

    /**
     * Creates a manager.
     * @param sessions the session store
     * @param users the same backend's user data (usually the same object as {@code sessions})
     * @param auth the same backend's auth sessions, or {@code null} if the application stores none
     * @param threads which threads, and so which auth sessions, belong to a user
     * @param clock the time of reads and of the export
     * @param codec the JSON form values are written in
     * @param observations observes each operation, tagged with {@code sessions.type()}
     */
    public DefaultUserDataManager(SessionStore sessions, UserDataStore users, @Nullable AuthSessionStore auth,
            UserThreads threads, Clock clock, SessionCodec codec, SessionObservations observations) {
        this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
        this.users = Objects.requireNonNull(users, "users must not be null");
        this.auth = auth;
        this.threads = Objects.requireNonNull(threads, "threads must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        // The caller owns the stream: closing the generator must not close it.
        this.writer = Objects.requireNonNull(codec, "codec must not be null").mapper()
            .writer()
            .without(StreamWriteFeature.AUTO_CLOSE_TARGET);
        this.observations = Objects.requireNonNull(observations, "observations must not be null");
        this.storeType = sessions.type();
    }

    @Override
    public UserErasure eraseUser(String tenant, String userId) {
        return this.observations.observe("eraseUser", this.storeType, () -> {
            check(tenant, userId);
            // Auth sessions first: their threads are found through the sessions that are erased last.
            int authSessions = 0;
            if (this.auth != null) {
                for (String thread : threadsOf(tenant, userId, now())) {
                    authSessions += this.auth.deleteThread(tenant, thread);
                }
            }
            int documents = 0;
            ScopedStore store = this.sessions.documents();
            DocumentScope scope = DocumentScope.user(tenant, userId);
            for (String key : store.listKeys(scope, "")) {
                documents += store.delete(scope, key) ? 1 : 0;
            }
            int deleted = this.users.eraseUser(tenant, userId);
            return new UserErasure(deleted, documents, authSessions);
        });
    }

    @Override
    public void exportUser(String tenant, String userId, OutputStream out) {
        this.observations.observe("exportUser", this.storeType, () -> {
            check(tenant, userId);
            Objects.requireNonNull(out, "out must not be null");
            Instant now = now();
            List<SessionRef> refs = this.users.sessionsOfUser(tenant, userId, now);
            Set<String> threads = this.threads.threadsOf(tenant, userId, refs);
            try (JsonGenerator json = this.writer.createGenerator(out)) {
                new UserDataExport(this.sessions, this.users, this.auth, json, now).write(tenant, userId, refs,
                        threads);
                json.flush();
            }
        });
    }

    private Set<String> threadsOf(String tenant, String userId, Instant now) {
        return this.threads.threadsOf(tenant, userId, this.users.sessionsOfUser(tenant, userId, now));
    }

    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void check(String tenant, String userId) {
        Identifiers.requireValid("tenant", tenant);
        Identifiers.requireValid("userId", userId);
    }
}
