package dev.agentsession.sample.readme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's properties table lists exactly the {@code agent.session.*} properties of the configuration metadata
 * that the starter's annotation processor generates, each with the metadata's default.
 */
class ReadmePropertiesTests {

    private static final String PREFIX = "agent.session.";

    @Test
    void propertiesTableWhenComparedWithTheGeneratedMetadataThenNamesMatch() {
        assertThat(documented().keySet()).as("README properties table vs spring-configuration-metadata.json")
            .containsExactlyInAnyOrderElementsOf(generated().keySet());
    }

    @Test
    void propertiesTableWhenAPropertyHasADefaultThenItShowsThatDefault() {
        Map<String, String> documented = documented();
        generated().forEach((name, metadata) -> {
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

    private static Map<String, String> documented() {
        List<List<String>> rows = MarkdownFile.readme().tableAfter("properties");
        return rows.stream()
            .collect(Collectors.toMap((row) -> row.get(0).replace("`", ""), (row) -> row.get(1), (a, b) -> {
                throw new AssertionError("a property listed twice: " + a);
            }, TreeMap::new));
    }

    private static Map<String, JsonNode> generated() {
        JsonMapper json = JsonMapper.builder().build();
        try {
            // Every Spring Boot jar carries metadata of its own: the starter's is the one holding agent.session.*.
            List<URL> files = Collections
                .list(ReadmePropertiesTests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"));
            Map<String, JsonNode> properties = new TreeMap<>();
            for (URL file : files) {
                try (InputStream in = file.openStream()) {
                    json.readTree(in)
                        .path("properties")
                        .valueStream()
                        .filter((property) -> property.get("name").asString().startsWith(PREFIX))
                        .collect(Collectors.toMap((property) -> property.get("name").asString(), Function.identity()))
                        .forEach(properties::put);
                }
            }
            assertThat(properties).as("agent.session.* properties in the generated metadata").isNotEmpty();
            return properties;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
