package dev.agentsession.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionPage;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.StaleSessionException;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.state.ScopedStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A {@link SessionManager} that times every operation of the one it wraps: timer
 * {@value #OPERATIONS} tagged {@code operation}, {@code store} and {@code outcome}, and counter
 * {@value #STALE_CONFLICTS} of writes refused for a stale version.
 */
public class MeteredSessionManager implements SessionManager {

    /** The timer of every operation. */
    public static final String OPERATIONS = "agent.session.operations";

    /** The counter of stale-version conflicts. */
    public static final String STALE_CONFLICTS = "agent.session.stale.conflicts";

    private final SessionManager delegate;

    private final MeterRegistry registry;

    private final String store;

    /**
     * Wraps a manager.
     * @param delegate the manager that does the work
     * @param registry where meters go
     * @param store the store type, for the {@code store} tag
     */
    public MeteredSessionManager(SessionManager delegate, MeterRegistry registry, String store) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    @Override
    public AgentSession create(NewSession session) {
        return timed("create", () -> this.delegate.create(session));
    }

    @Override
    public Optional<AgentSession> find(SessionRef ref, EventWindow window) {
        return timed("find", () -> this.delegate.find(ref, window));
    }

    @Override
    public AgentSession get(SessionRef ref, EventWindow window) {
        return timed("get", () -> this.delegate.get(ref, window));
    }

    @Override
    public List<SessionEvent> events(SessionRef ref, long fromSeq, int limit) {
        return timed("events", () -> this.delegate.events(ref, fromSeq, limit));
    }

    @Override
    public AgentSession append(SessionRef ref, List<NewEvent> events, @Nullable Long expectedVersion) {
        return timed("append", () -> this.delegate.append(ref, events, expectedVersion));
    }

    @Override
    public AgentSession updateState(SessionRef ref, Map<String, ? extends @Nullable Object> delta,
            @Nullable Long expectedVersion) {
        return timed("updateState", () -> this.delegate.updateState(ref, delta, expectedVersion));
    }

    @Override
    public SessionPage list(SessionQuery query) {
        return timed("list", () -> this.delegate.list(query));
    }

    @Override
    public void archive(SessionRef ref) {
        timed("archive", () -> {
            this.delegate.archive(ref);
            return null;
        });
    }

    @Override
    public int archiveInactive(Duration inactivity) {
        return timed("archiveInactive", () -> this.delegate.archiveInactive(inactivity));
    }

    @Override
    public boolean delete(SessionRef ref) {
        return timed("delete", () -> this.delegate.delete(ref));
    }

    @Override
    public int deleteAll(String tenant, String app) {
        return timed("deleteAll", () -> this.delegate.deleteAll(tenant, app));
    }

    @Override
    public ScopedStore documents() {
        return this.delegate.documents();
    }

    @Override
    public SessionWait registerWait(SessionRef ref, ReplyScope scope, FlowState flow, @Nullable Duration ttl,
            @Nullable JsonNode payload) {
        return timed("registerWait", () -> this.delegate.registerWait(ref, scope, flow, ttl, payload));
    }

    @Override
    public Optional<SessionWait> findWait(WaitKey key) {
        return timed("findWait", () -> this.delegate.findWait(key));
    }

    @Override
    public List<SessionWait> listWaits(String tenant, String app, String userId) {
        return timed("listWaits", () -> this.delegate.listWaits(tenant, app, userId));
    }

    @Override
    public boolean clearWait(WaitKey key) {
        return timed("clearWait", () -> this.delegate.clearWait(key));
    }

    @Override
    public Optional<SessionWait> resume(WaitKey key) {
        return timed("resume", () -> this.delegate.resume(key));
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        }
        catch (RuntimeException ex) {
            outcome = outcome(ex);
            if (ex instanceof StaleSessionException) {
                Counter.builder(STALE_CONFLICTS)
                    .description("Writes refused because the session's version had moved on")
                    .tag("operation", operation)
                    .tag("store", this.store)
                    .register(this.registry)
                    .increment();
            }
            throw ex;
        }
        finally {
            Timer.builder(OPERATIONS)
                .description("Agent Session operations")
                .tag("operation", operation)
                .tag("store", this.store)
                .tag("outcome", outcome)
                .register(this.registry)
                .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static String outcome(RuntimeException ex) {
        if (ex instanceof StaleSessionException) {
            return "stale";
        }
        if (ex instanceof SessionNotFoundException) {
            return "not_found";
        }
        if (ex instanceof SessionAlreadyExistsException) {
            return "already_exists";
        }
        if (ex instanceof SessionArchivedException) {
            return "archived";
        }
        if (ex instanceof SessionDataCorruptedException) {
            return "corrupted";
        }
        if (ex instanceof SessionStoreUnavailableException) {
            return "unavailable";
        }
        if (ex instanceof IllegalArgumentException) {
            return "invalid";
        }
        return "error";
    }
}
