package dev.agentsession.autoconfigure.health;

import java.time.Duration;
import java.util.Objects;

import dev.agentsession.AgentSessionException;
import dev.agentsession.store.SessionStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when a round trip to the store succeeds, with the store type and the round trip's latency; DOWN with the
 * reason when the backend cannot be reached or is not set up (for example, JDBC tables missing).
 */
public class AgentSessionHealthIndicator extends AbstractHealthIndicator {

    private final SessionStore store;

    /**
     * Creates the indicator.
     * @param store the store to check
     */
    public AgentSessionHealthIndicator(SessionStore store) {
        super("Agent Session health check failed");
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("store", this.store.type());
        long start = System.nanoTime();
        try {
            this.store.ping();
            builder.up().withDetail("latency", Duration.ofNanos(System.nanoTime() - start).toString());
        }
        catch (AgentSessionException ex) {
            builder.down().withDetail("reason", String.valueOf(ex.getMessage()));
        }
    }
}
