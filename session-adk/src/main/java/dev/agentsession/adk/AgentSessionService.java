package dev.agentsession.adk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

import com.google.adk.events.Event;
import com.google.adk.sessions.BaseSessionService;
import com.google.adk.sessions.GetSessionConfig;
import com.google.adk.sessions.ListEventsResponse;
import com.google.adk.sessions.ListSessionsResponse;
import com.google.adk.sessions.Session;
import com.google.adk.sessions.State;
import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventsRemovedException;
import dev.agentsession.EventWindow;
import dev.agentsession.Identifiers;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionPage;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSummary;
import dev.agentsession.state.StateScope;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import org.jspecify.annotations.Nullable;

/**
 * An ADK {@link BaseSessionService} on a {@link SessionManager}: ADK's app name, user id and session id are the
 * session's app, user and id, in one configured tenant; every ADK event is a session event.
 *
 * <p>It behaves as ADK's {@code InMemorySessionService} does, on a durable store:
 * <ul>
 * <li>{@link #appendEvent(Session, Event)} stores the event and applies its state delta in one atomic write, with
 * ADK's scopes: {@code app:} keys are shared by the app's users, {@code user:} keys by the user's sessions,
 * {@code temp:} keys are never stored, other keys belong to the session. It then updates the given {@link Session}
 * as the in-memory service does: the delta (without {@code temp:} keys) applied to its state, the event added, the
 * time of the event as its last update time, and the app's and user's current shared state merged in. Partial
 * events are neither stored nor applied. It writes at once, since ADK lets callers ignore its result; the other
 * methods run when subscribed.</li>
 * <li>{@link #getSession(String, String, String, Optional)} reads the session's context
 * ({@link EventWindow#context()}): after a compaction ({@code SessionManager.compact} or the configured policy), the
 * latest summary, as ADK's own compaction event, then the events after the range it stands for; otherwise every
 * event. {@link GetSessionConfig} narrows it: the {@code numRecentEvents} most recent of those (at their cost, not
 * the history's), then those at or after {@code afterTimestamp}. A compaction made after an append shows from the
 * next read of the session on, since ADK keeps the session it read for the rest of the invocation.</li>
 * <li>{@link #listEvents(String, String, String)} reads the whole log, compaction events included.</li>
 * <li>Listing returns every session of the user without events or state; deleting or listing the events of a session
 * that does not exist does nothing and returns no events, as in memory.</li>
 * </ul>
 * Events read back {@code equals} to what was appended, except for the {@code temp:} keys of their state delta.
 */
public final class AgentSessionService implements BaseSessionService {

    private final SessionManager sessions;

    private final String tenant;

    /**
     * Creates the service.
     * @param sessions where sessions live
     * @param tenant the tenant of every ADK session
     */
    public AgentSessionService(SessionManager sessions, String tenant) {
        if (sessions == null) {
            throw new IllegalArgumentException("sessions must not be null");
        }
        this.sessions = sessions;
        this.tenant = Identifiers.requireValid("tenant", tenant);
    }

    /**
     * Creates a session; see {@link #createSession(String, String, Map, String)}.
     * @deprecated as in {@link BaseSessionService}
     */
    @Override
    @Deprecated
    public Single<Session> createSession(String appName, String userId, @Nullable ConcurrentMap<String, Object> state,
            @Nullable String sessionId) {
        return createSession(appName, userId, (Map<String, Object>) state, sessionId);
    }

    /**
     * Creates a session with its initial state (prefixed keys go to their scope).
     * @param appName the app
     * @param userId the user
     * @param state the initial state, or {@code null}
     * @param sessionId the id, or {@code null} or blank for a generated one
     * @return the session; fails with {@code SessionAlreadyExistsException} if the id is taken
     */
    @Override
    public Single<Session> createSession(String appName, String userId, @Nullable Map<String, Object> state,
            @Nullable String sessionId) {
        return Single.fromCallable(() -> {
            String id = (sessionId == null || sessionId.isBlank()) ? null : sessionId.trim();
            AgentSession created = this.sessions
                .create(new NewSession(this.tenant, appName, userId, id, Map.of(), AdkState.toStore(state)));
            Session session = toSession(created, created.events());
            if (state != null) {
                // Never stored, but the new session shows them, as in memory.
                state.forEach((key, value) -> {
                    if (!AdkState.isKept(key)) {
                        session.state().put(key, value);
                    }
                });
            }
            return session;
        });
    }

    /**
     * Reads a session with the events the config asks for.
     * @param appName the app
     * @param userId the user
     * @param sessionId the session
     * @param config which events: the {@code numRecentEvents} most recent, then those at or after
     * {@code afterTimestamp}; empty for all
     * @return the session, or empty if it does not exist
     */
    @Override
    public Maybe<Session> getSession(String appName, String userId, String sessionId,
            Optional<GetSessionConfig> config) {
        Objects.requireNonNull(config, "config cannot be null");
        return Maybe.fromCallable(() -> {
            Optional<Integer> recent = config.flatMap(GetSessionConfig::numRecentEvents);
            Optional<Instant> after = config.flatMap(GetSessionConfig::afterTimestamp);
            Optional<AgentSession> found = this.sessions.find(ref(appName, userId, sessionId), window(recent, after));
            return found.map((session) -> toSession(session, session.events()
                .stream()
                .filter((event) -> after.isEmpty() || !event.timestamp().isBefore(after.get()))
                .toList()))
                .orElse(null);
        });
    }

    /**
     * Lists the user's sessions, without events or state.
     * @param appName the app
     * @param userId the user
     * @return every session of the user in the app, most recently updated first
     */
    @Override
    public Single<ListSessionsResponse> listSessions(String appName, String userId) {
        return Single.fromCallable(() -> {
            List<Session> found = new ArrayList<>();
            SessionQuery query = SessionQuery.forApp(this.tenant, appName)
                .withUser(userId)
                .withLimit(SessionQuery.MAX_LIMIT);
            SessionPage page;
            do {
                page = this.sessions.list(query);
                page.sessions().stream().map(AgentSessionService::toListedSession).forEach(found::add);
                query = query.withPageToken(page.nextPageToken());
            }
            while (page.hasNext());
            return ListSessionsResponse.builder().sessions(found).build();
        });
    }

    /**
     * Deletes a session with its events; nothing happens if it does not exist.
     * @param appName the app
     * @param userId the user
     * @param sessionId the session
     * @return completes when deleted
     */
    @Override
    public Completable deleteSession(String appName, String userId, String sessionId) {
        return Completable.fromAction(() -> this.sessions.delete(ref(appName, userId, sessionId)));
    }

    /**
     * Lists a session's events, oldest first, reading the history a page at a time.
     * @param appName the app
     * @param userId the user
     * @param sessionId the session
     * @return the events; none if the session does not exist
     */
    @Override
    public Single<ListEventsResponse> listEvents(String appName, String userId, String sessionId) {
        return Single.fromCallable(() -> {
            SessionRef ref = ref(appName, userId, sessionId);
            List<SessionEvent> events = new ArrayList<>();
            try {
                List<SessionEvent> page;
                long next = 1;
                do {
                    try {
                        page = this.sessions.events(ref, next, DefaultSessionManager.MAX_EVENTS_PAGE);
                    }
                    catch (EventsRemovedException ex) {
                        // History retention removed the first events: list those still stored.
                        page = this.sessions.events(ref, ex.getFirstRetainedSeq(),
                                DefaultSessionManager.MAX_EVENTS_PAGE);
                    }
                    events.addAll(page);
                    next = page.isEmpty() ? next : page.get(page.size() - 1).seq() + 1;
                }
                while (page.size() == DefaultSessionManager.MAX_EVENTS_PAGE);
            }
            catch (SessionNotFoundException ex) {
                return ListEventsResponse.builder().build();
            }
            return ListEventsResponse.builder().events(AdkEvents.toEvents(ref, events)).build();
        });
    }

    /**
     * Stores an event and applies its state delta, then updates {@code session} as ADK's in-memory service does.
     * @param session the session the event belongs to, updated in place
     * @param event the event; a partial event is returned unchanged and not stored
     * @return the event, with its generated id if it had none; an error if it could not be stored
     */
    @Override
    public Single<Event> appendEvent(Session session, Event event) {
        Objects.requireNonNull(session, "session cannot be null");
        Objects.requireNonNull(event, "event cannot be null");
        if (event.partial().orElse(false)) {
            return Single.just(event);
        }
        try {
            AgentSession stored = this.sessions.append(ref(session.appName(), session.userId(), session.id()),
                    AdkEvents.toNewEvent(event));
            if (event.id() == null) {
                event.setId(stored.events().get(0).id());
            }
            update(session, event, stored);
            return Single.just(event);
        }
        catch (RuntimeException ex) {
            return Single.error(ex);
        }
    }

    private static void update(Session session, Event event, AgentSession stored) {
        Map<String, Object> state = session.state();
        Map<String, Object> delta = (event.actions() != null) ? event.actions().stateDelta() : Map.of();
        delta.forEach((key, value) -> {
            if (AdkState.isKept(key)) {
                if (value == State.REMOVED) {
                    state.remove(key);
                }
                else {
                    state.put(key, value);
                }
            }
        });
        session.events().add(event);
        session.lastUpdateTime(Instant.ofEpochMilli(event.timestamp()));
        Map<String, Object> shared = new LinkedHashMap<>();
        stored.state().forEach((key, value) -> {
            StateScope scope = StateScope.of(key);
            if (scope == StateScope.APP || scope == StateScope.USER) {
                shared.put(key, value);
            }
        });
        state.putAll(AdkState.toAdk(shared));
    }

    private static EventWindow window(Optional<Integer> recent, Optional<Instant> after) {
        if (recent.isPresent()) {
            int count = recent.get();
            if (count < 0) {
                throw new IllegalArgumentException("numRecentEvents must not be negative, was " + count);
            }
            // The time filter applies to the recent events afterwards, as in memory.
            return (count == 0) ? EventWindow.none() : EventWindow.context().withRecent(count);
        }
        // The store's bound is exclusive; ADK keeps events at the instant too.
        return after.map((instant) -> EventWindow.after(instant.minusNanos(1))).orElse(EventWindow.context());
    }

    private Session toSession(AgentSession stored, List<SessionEvent> events) {
        SessionRef ref = stored.ref();
        return Session.builder(ref.sessionId())
            .appName(ref.app())
            .userId(ref.userId())
            .state(AdkState.toAdk(stored.state()))
            .events(AdkEvents.toEvents(ref, events))
            .lastUpdateTime(stored.updatedAt())
            .build();
    }

    private static Session toListedSession(SessionSummary summary) {
        return Session.builder(summary.ref().sessionId())
            .appName(summary.ref().app())
            .userId(summary.ref().userId())
            .lastUpdateTime(summary.updatedAt())
            .build();
    }

    private SessionRef ref(String appName, String userId, String sessionId) {
        return new SessionRef(this.tenant, appName, userId, sessionId);
    }
}
