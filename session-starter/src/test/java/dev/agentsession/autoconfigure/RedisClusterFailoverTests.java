package dev.agentsession.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.testservers.RedisTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis settings the README recommends for a cluster, proven on a cluster of three masters and three replicas
 * that this class starts: a killed master's replica takes over and every session is writable again within seconds.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisClusterFailoverTests {

    /** The recommended settings (README, "Redis Cluster in production"). */
    static final String[] RECOMMENDED = { "spring.data.redis.timeout=2s",
            "spring.data.redis.lettuce.cluster.refresh.period=5s",
            "spring.data.redis.lettuce.cluster.refresh.adaptive=true" };

    /**
     * How long recovery may take: the 2 s node timeout, the promotion, a 5 s topology refresh, and slack for a busy
     * machine (6 to 10 s measured here). On Lettuce's defaults the client never learns of the promoted replica and
     * every call to its slots times out after 60 s.
     */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);

    private static RedisTestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisTestCluster.startWithReplicas(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void appendWhenAMasterIsKilledThenEverySessionIsWritableAgainWithinSecondsOnTheRecommendedSettings(
            CapturedOutput output) {
        String nodes = cluster.ports().stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    AgentSessionAutoConfiguration.class))
            .withPropertyValues(RECOMMENDED)
            .withPropertyValues("spring.data.redis.cluster.nodes=" + nodes,
                    "agent.session.redis.namespace=failover-" + UUID.randomUUID())
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(output).doesNotContain("Redis Cluster whose client settings");
                SessionManager sessions = context.getBean(SessionManager.class);
                // Apps hash to different slots, so the sessions spread over all three masters.
                List<SessionRef> refs = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    SessionRef ref = sessions.create(NewSession.forUser("app-" + i, "ada")).ref();
                    sessions.append(ref, NewEvent.message("user", "before"));
                    refs.add(ref);
                }

                cluster.stopOneMaster();
                long killed = System.nanoTime();
                List<SessionRef> pending = new ArrayList<>(refs);
                pending.removeIf((ref) -> appends(sessions, ref));
                // The killed master served some of the sessions: their first append after the kill failed.
                assertThat(pending).isNotEmpty();
                while (!pending.isEmpty()
                        && System.nanoTime() - killed < RECOVERY_BOUND.toNanos()) {
                    pending.removeIf((ref) -> appends(sessions, ref));
                }
                Duration recovery = Duration.ofNanos(System.nanoTime() - killed);
                System.out.println("Redis Cluster failover: every session writable again after " + recovery.toMillis()
                        + " ms");
                assertThat(pending).as("sessions still not writable after %s", RECOVERY_BOUND).isEmpty();
                for (SessionRef ref : refs) {
                    assertThat(sessions.get(ref, EventWindow.all()).events())
                        .anySatisfy((event) -> assertThat(event.content()).isEqualTo("after"));
                }
            });
    }

    private static boolean appends(SessionManager sessions, SessionRef ref) {
        try {
            sessions.append(ref, NewEvent.message("user", "after"));
            return true;
        }
        catch (SessionStoreUnavailableException ex) {
            return false;
        }
    }
}
