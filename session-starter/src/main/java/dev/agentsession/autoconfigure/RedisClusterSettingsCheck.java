package dev.agentsession.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Finds the Lettuce settings that make a Redis Cluster stall when a master fails. With Lettuce's defaults every
 * call waits the 60 s command timeout for the dead master, and the client keeps routing to it until it refreshes
 * its view of the cluster, which by default it never does on its own.
 */
final class RedisClusterSettingsCheck {

    /** Above this command timeout a failed master stalls callers noticeably. */
    static final Duration LONGEST_ADVISED_TIMEOUT = Duration.ofSeconds(10);

    private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
            RedisClusterSettingsCheck.class.getClassLoader());

    private RedisClusterSettingsCheck() {
    }

    /**
     * What to change on a connection factory, as lines naming the Boot property to set; empty when the factory is
     * not a Lettuce cluster client or is configured well.
     * @param connectionFactory the application's connection factory
     * @return the advice, one line per missing setting
     */
    static List<String> advice(RedisConnectionFactory connectionFactory) {
        if (!LETTUCE_PRESENT || !(connectionFactory instanceof LettuceConnectionFactory lettuce)
                || !lettuce.isClusterAware()) {
            return List.of();
        }
        LettuceClientConfiguration client = lettuce.getClientConfiguration();
        List<String> advice = new ArrayList<>();
        if (client.getCommandTimeout().compareTo(LONGEST_ADVISED_TIMEOUT) > 0) {
            advice.add("spring.data.redis.timeout is " + client.getCommandTimeout().toSeconds()
                    + "s: set it to a few seconds (e.g. 2s) so that calls to a failed master fail fast");
        }
        if (!refreshesTopology(client.getClientOptions().orElse(null))) {
            advice.add("the cluster topology is never refreshed: set spring.data.redis.lettuce.cluster.refresh.period "
                    + "(e.g. 5s) and spring.data.redis.lettuce.cluster.refresh.adaptive=true so that a promoted "
                    + "replica is found");
        }
        return advice;
    }

    private static boolean refreshesTopology(ClientOptions options) {
        if (!(options instanceof ClusterClientOptions cluster)) {
            return false;
        }
        ClusterTopologyRefreshOptions refresh = cluster.getTopologyRefreshOptions();
        return refresh.isPeriodicRefreshEnabled() || !refresh.getAdaptiveRefreshTriggers().isEmpty();
    }
}
