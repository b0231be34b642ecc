package dev.agentsession.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.agentsession.memory.MemorySessionStore;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup messages for infrastructure that is configured but will not work as the user expects (SPEC 7).
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupDiagnosticsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class));

    @Test
    void memoryWhenDataSourceUrlIsSetWithoutADataSourceThenWarnsWhatToAdd(CapturedOutput output) {
        this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1/test").run((context) -> {
            assertThat(context).hasSingleBean(MemorySessionStore.class);
            assertThat(output).contains("WARN")
                .contains("spring.datasource.url is set")
                .contains("agent-session-spring-boot-starter-jdbc");
        });
    }

    @Test
    void memoryWhenRedisHostIsSetWithoutAConnectionFactoryThenWarnsWhatToAdd(CapturedOutput output) {
        this.runner.withPropertyValues("spring.data.redis.host=cache.internal").run((context) -> {
            assertThat(context).hasSingleBean(MemorySessionStore.class);
            assertThat(output).contains("spring.data.redis.host is set")
                .contains("agent-session-spring-boot-starter-redis");
        });
    }

    @Test
    void memoryWhenChosenExplicitlyThenNoWarningAboutTheDataSourceUrl(CapturedOutput output) {
        this.runner
            .withPropertyValues("agent.session.store-type=memory", "spring.datasource.url=jdbc:h2:mem:elsewhere")
            .run((context) -> {
                assertThat(context).hasSingleBean(MemorySessionStore.class);
                assertThat(output).doesNotContain("spring.datasource.url is set");
            });
    }

    @Test
    void jdbcWhenSqliteFolderDoesNotExistThenFailureAnalysisNamesTheFolder() {
        Path folder = Path.of("target", "missing-" + UUID.randomUUID()).toAbsolutePath();
        this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + folder.resolve("agent.db"))
            .run((context) -> {
                FailureAnalysis analysis = AgentSessionAutoConfigurationTests.analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("spring.datasource.url");
                assertThat(analysis.getAction()).contains("Create the folder " + folder);
            });
    }

    @Test
    void missingWhenUrlIsNotASqliteFileInAMissingFolderThenNothing() {
        assertThat(SqliteDatabaseFolder.missing(null)).isNull();
        assertThat(SqliteDatabaseFolder.missing("jdbc:h2:mem:x")).isNull();
        assertThat(SqliteDatabaseFolder.missing("jdbc:sqlite::memory:")).isNull();
        assertThat(SqliteDatabaseFolder.missing("jdbc:sqlite:file::memory:?cache=shared")).isNull();
        assertThat(SqliteDatabaseFolder.missing("jdbc:sqlite:target/agent.db?journal_mode=WAL")).isNull();
        assertThat(SqliteDatabaseFolder.missing("jdbc:sqlite:file:target/nope-" + UUID.randomUUID() + "/a.db"))
            .isNotNull();
    }

    @Test
    void redisWhenClusterClientHasLettuceDefaultsThenWarnsWhichPropertiesToSet(CapturedOutput output) {
        this.runner.withBean(RedisConnectionFactory.class, () -> cluster(LettuceClientConfiguration.defaultConfiguration()))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(output).contains("Redis Cluster")
                    .contains("spring.data.redis.timeout")
                    .contains("spring.data.redis.lettuce.cluster.refresh.period")
                    .contains("spring.data.redis.lettuce.cluster.refresh.adaptive=true");
            });
    }

    @Test
    void redisWhenClusterClientHasTimeoutAndTopologyRefreshThenNoWarning(CapturedOutput output) {
        LettuceClientConfiguration advised = LettuceClientConfiguration.builder()
            .commandTimeout(Duration.ofSeconds(2))
            .clientOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofSeconds(5))
                    .enableAllAdaptiveRefreshTriggers()
                    .build())
                .build())
            .build();
        this.runner.withBean(RedisConnectionFactory.class, () -> cluster(advised)).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(output).doesNotContain("Redis Cluster whose client settings");
        });
    }

    private static LettuceConnectionFactory cluster(LettuceClientConfiguration client) {
        // Never connected: the check reads the client's configuration only.
        return new LettuceConnectionFactory(new RedisClusterConfiguration(List.of("127.0.0.1:1")), client);
    }
}
