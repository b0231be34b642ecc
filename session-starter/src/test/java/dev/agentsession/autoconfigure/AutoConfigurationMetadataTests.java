package dev.agentsession.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build-time metadata Boot reads before it loads an auto-configuration class: the auto-configure processor's
 * conditions and the configuration processor's property metadata.
 */
class AutoConfigurationMetadataTests {

    @Test
    void autoConfigureMetadataWhenBuiltThenEveryRegisteredAutoConfigurationHasItsEntry() throws IOException {
        Properties metadata = new Properties();
        try (InputStream in = new ClassPathResource("META-INF/spring-autoconfigure-metadata.properties",
                getClass().getClassLoader()).getInputStream()) {
            metadata.load(in);
        }
        List<String> registered = new ClassPathResource(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
                getClass().getClassLoader()).getContentAsString(StandardCharsets.UTF_8)
            .lines()
            .map(String::trim)
            .filter((line) -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
        assertThat(registered).isNotEmpty();
        assertThat(registered).allSatisfy((name) -> assertThat(metadata).containsKey(name));
        assertThat(metadata).containsEntry(AgentSessionAutoConfiguration.class.getName() + ".AutoConfigureAfter",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration,"
                        + "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration");
    }

    @Test
    void configurationMetadataWhenBuiltThenDescribesTheStoreTypeAndEndpointProperties() throws IOException {
        String metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json",
                AgentSessionProperties.class.getClassLoader()).getContentAsString(StandardCharsets.UTF_8);
        assertThat(metadata).contains("\"agent.session.store-type\"")
            .contains("\"management.endpoint.agentsessions.show-values\"");
    }
}
