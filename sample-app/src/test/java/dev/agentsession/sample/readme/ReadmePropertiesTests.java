package dev.agentsession.sample.readme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ByteArrayResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's properties tables (the starter's, and one per framework adapter) list exactly the
 * {@code agent.session.*} properties of the configuration metadata that the modules' annotation processor generates,
 * each with the metadata's default; the endpoint's {@code management.endpoint.agentsessions.*} properties it names
 * exist too, and so does every {@code agent.session.*} property a YAML block sets. The sample's class path holds
 * every adapter's metadata (see its pom).
 */
class ReadmePropertiesTests {

    private static final String PREFIX = "agent.session.";

    private static final String ENDPOINT_PREFIX = "management.endpoint.agentsessions.";

    private static final Pattern ENDPOINT_PROPERTY = Pattern.compile(Pattern.quote(ENDPOINT_PREFIX) + "[a-z-]+");

    @Test
    void propertiesTableWhenComparedWithTheGeneratedMetadataThenNamesMatch() {
        assertThat(documented().keySet()).as("README properties table vs spring-configuration-metadata.json")
            .containsExactlyInAnyOrderElementsOf(generated(PREFIX).keySet());
    }

    @Test
    void endpointPropertiesWhenNamedThenTheyExistInTheGeneratedMetadata() {
        List<String> named = ENDPOINT_PROPERTY.matcher(MarkdownFile.readme().text()).results().map(MatchResult::group)
            .toList();
        assertThat(named).isNotEmpty();
        assertThat(generated(ENDPOINT_PREFIX)).containsKeys(named.toArray(String[]::new));
    }

    @Test
    void propertiesTableWhenAPropertyHasADefaultThenItShowsThatDefault() {
        Map<String, String> documented = documented();
        generated(PREFIX).forEach((name, metadata) -> {
            JsonNode value = metadata.get("defaultValue");
            String shown = documented.get(name);
            if (value == null || value.isNull()) {
                assertThat(shown).as("%s has no default: the table says why in words", name).doesNotContain("`");
            }
            else {
                assertThat(shown).as("default of %s", name).isEqualTo("`" + value.asString() + "`");
            }
        });
    }

    @Test
    void yamlBlocksWhenTheySetAgentSessionPropertiesThenEachExistsInTheGeneratedMetadata() {
        List<String> set = new ArrayList<>();
        for (MarkdownFile.Fence fence : MarkdownFile.readme().fences()) {
            if (fence.language().equals("yaml")) {
                YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
                yaml.setResources(new ByteArrayResource(fence.content().getBytes(StandardCharsets.UTF_8)));
                yaml.getObject().stringPropertyNames().stream().filter((name) -> name.startsWith(PREFIX))
                    .forEach(set::add);
            }
        }
        assertThat(set).isNotEmpty();
        assertThat(generated(PREFIX)).containsKeys(set.toArray(String[]::new));
    }

    private static Map<String, String> documented() {
        List<List<String>> rows = MarkdownFile.readme().tablesAfter("properties");
        return rows.stream()
            .collect(Collectors.toMap((row) -> row.get(0).replace("`", ""), (row) -> row.get(1), (a, b) -> {
                throw new AssertionError("a property listed twice: " + a);
            }, TreeMap::new));
    }

    private static Map<String, JsonNode> generated(String prefix) {
        JsonMapper json = JsonMapper.builder().build();
        try {
            // Every Spring Boot jar carries metadata of its own: the starter's and the adapters' hold ours.
            ClassLoader loader = ReadmePropertiesTests.class.getClassLoader();
            List<URL> files = Collections.list(loader.getResources("META-INF/spring-configuration-metadata.json"));
            Map<String, JsonNode> properties = new TreeMap<>();
            for (URL file : files) {
                try (InputStream in = file.openStream()) {
                    json.readTree(in)
                        .path("properties")
                        .valueStream()
                        .filter((property) -> property.get("name").asString().startsWith(prefix))
                        .collect(Collectors.toMap((property) -> property.get("name").asString(), Function.identity()))
                        .forEach(properties::put);
                }
            }
            assertThat(properties).as("%s* properties in the generated metadata", prefix).isNotEmpty();
            return properties;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
