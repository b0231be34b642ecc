package dev.agentsession.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.state.StateScope;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.UserDataStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * Writes one user's export (the format {@link DefaultUserDataManager} documents) to a JSON generator, reading each
 * part from its store as it goes and each session's events a page at a time.
 */
final class UserDataExport {

    /** How many events are read, and held, at a time. */
    static final int EVENT_PAGE = 500;

    private final SessionStore sessions;

    private final UserDataStore users;

    private final @Nullable AuthSessionStore auth;

    private final JsonGenerator json;

    private final Instant now;

    UserDataExport(SessionStore sessions, UserDataStore users, @Nullable AuthSessionStore auth, JsonGenerator json,
            Instant now) {
        this.sessions = sessions;
        this.users = users;
        this.auth = auth;
        this.json = json;
        this.now = now;
    }

    void write(String tenant, String userId, List<SessionRef> refs, Set<String> threads) {
        this.json.writeStartObject();
        this.json.writeStringProperty("tenant", tenant);
        this.json.writeStringProperty("userId", userId);
        this.json.writeStringProperty("exportedAt", this.now.toString());
        this.json.writeArrayPropertyStart("sessions");
        for (SessionRef ref : refs) {
            this.sessions.find(ref, EventWindow.none(), this.now).ifPresent(this::writeSession);
        }
        this.json.writeEndArray();
        this.json.writePOJOProperty("userState", this.users.userStateOfUser(tenant, userId));
        this.json.writeArrayPropertyStart("waits");
        for (SessionWait wait : this.users.waitsOfUser(tenant, userId, this.now)) {
            writeWait(wait, userId);
        }
        this.json.writeEndArray();
        writeDocuments(this.sessions.documents(), DocumentScope.user(tenant, userId));
        this.json.writeArrayPropertyStart("authSessions");
        if (this.auth != null) {
            for (String thread : new TreeSet<>(threads)) {
                for (AuthSession session : this.auth.listForThread(tenant, thread, null, this.now)) {
                    writeAuthSession(session);
                }
            }
        }
        this.json.writeEndArray();
        this.json.writeEndObject();
    }

    private void writeSession(AgentSession session) {
        SessionRef ref = session.ref();
        this.json.writeStartObject();
        this.json.writeStringProperty("app", ref.app());
        this.json.writeStringProperty("sessionId", ref.sessionId());
        this.json.writeStringProperty("status", session.status().name());
        this.json.writePOJOProperty("metadata", session.metadata());
        // The merged state holds app: keys (the app's, not the user's) and user: keys (exported per app).
        this.json.writeObjectPropertyStart("state");
        session.state().forEach((key, value) -> {
            if (StateScope.of(key) == StateScope.SESSION) {
                this.json.writePOJOProperty(key, value);
            }
        });
        this.json.writeEndObject();
        this.json.writePOJOProperty("flow", session.flow());
        this.json.writeNumberProperty("eventCount", session.eventCount());
        this.json.writeNumberProperty("version", session.version());
        this.json.writeStringProperty("createdAt", session.createdAt().toString());
        this.json.writeStringProperty("updatedAt", session.updatedAt().toString());
        writeInstant("expiresAt", session.expiresAt());
        this.json.writeArrayPropertyStart("events");
        writeEvents(ref);
        this.json.writeEndArray();
        this.json.writeEndObject();
    }

    private void writeEvents(SessionRef ref) {
        long from = 1;
        while (true) {
            List<SessionEvent> page;
            try {
                page = this.sessions.events(ref, from, EVENT_PAGE, this.now);
            }
            catch (SessionNotFoundException ex) {
                // Deleted while it was being exported: its export ends with the events already written.
                return;
            }
            catch (EventsRemovedException ex) {
                // History retention removed the first events: the export holds what is still stored.
                from = ex.getFirstRetainedSeq();
                continue;
            }
            for (SessionEvent event : page) {
                this.json.writePOJO(event);
            }
            if (page.size() < EVENT_PAGE) {
                return;
            }
            from = page.get(page.size() - 1).seq() + 1;
        }
    }

    /**
     * A wait the user takes part in. Its flow is the session owner's: written only when the user owns the session,
     * never when the user is only the one whose reply another user's session awaits.
     */
    private void writeWait(SessionWait wait, String userId) {
        SessionRef ref = wait.session();
        ReplyScope scope = wait.scope();
        this.json.writeStartObject();
        this.json.writeStringProperty("app", ref.app());
        this.json.writeStringProperty("sessionUserId", ref.userId());
        this.json.writeStringProperty("sessionId", ref.sessionId());
        this.json.writeStringProperty("waitingUserId", wait.waitingUserId());
        this.json.writeObjectPropertyStart("scope");
        this.json.writeStringProperty("channel", scope.channel());
        this.json.writeStringProperty("conversation", scope.conversation());
        this.json.writeStringProperty("thread", scope.thread());
        this.json.writeEndObject();
        this.json.writePOJOProperty("flow", ref.userId().equals(userId) ? wait.flow() : null);
        this.json.writePOJOProperty("payload", wait.payload());
        this.json.writeStringProperty("createdAt", wait.createdAt().toString());
        this.json.writeStringProperty("expiresAt", wait.expiresAt().toString());
        this.json.writeEndObject();
    }

    private void writeDocuments(ScopedStore documents, DocumentScope scope) {
        this.json.writeObjectPropertyStart("documents");
        for (String key : documents.listKeys(scope, "")) {
            Optional<Map<String, Object>> document = documents.load(scope, key);
            if (document.isPresent()) {
                this.json.writePOJOProperty(key, document.get());
            }
        }
        this.json.writeEndObject();
    }

    /**
     * An auth session without its credential: the access and refresh tokens are never exported, nor the resolve
     * uid, which would let its holder complete a pending login.
     */
    private void writeAuthSession(AuthSession session) {
        this.json.writeStartObject();
        this.json.writeStringProperty("threadId", session.key().threadId());
        this.json.writeStringProperty("profile", session.key().profile());
        this.json.writeStringProperty("provider", session.key().provider());
        this.json.writeStringProperty("status", session.status().name());
        this.json.writeBooleanProperty("credentialHeld", session.context() != null);
        this.json.writeBooleanProperty("scoped", session.scoped());
        this.json.writePOJOProperty("scopes", new TreeSet<>(session.scopes()));
        this.json.writeStringProperty("createdAt", session.createdAt().toString());
        writeInstant("expiresAt", session.expiresAt());
        this.json.writeEndObject();
    }

    private void writeInstant(String name, @Nullable Instant instant) {
        if (instant != null) {
            this.json.writeStringProperty(name, instant.toString());
        }
        else {
            this.json.writeNullProperty(name);
        }
    }
}
