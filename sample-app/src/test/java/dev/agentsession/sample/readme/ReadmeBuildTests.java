package dev.agentsession.sample.readme;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.ClassUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README says about the build matches the build: the module table lists the modules of the root POM with
 * their artifacts, every dependency it tells a user to add is an artifact of this build (with
 * {@code <type>pom</type>} exactly for the POM-only starters) or one whose version Spring Boot manages, each sample
 * profile's command and server are those of its {@code application-<profile>.yml}, and the test command is the one
 * {@code .ci/run} runs.
 */
class ReadmeBuildTests {

    private static final String GROUP = "dev.agentsession";

    private static final Pattern COORDINATE = Pattern.compile("`([\\w.-]+):([\\w.-]+)`");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+):([^}]*)}");

    private final MarkdownFile readme = MarkdownFile.readme();

    private final Path root = MarkdownFile.repository();

    @Test
    void moduleTableWhenComparedWithTheRootPomThenItListsEveryModuleWithItsArtifact() {
        Map<String, String> documented = new TreeMap<>();
        for (List<String> row : this.readme.tableAfter("modules")) {
            documented.put(row.get(0).replace("`", ""), row.get(1).replaceAll("`([^`]+)`.*", "$1"));
        }
        Map<String, String> built = new TreeMap<>();
        for (Element module : modules()) {
            String dir = module.getTextContent().trim();
            built.put(dir, text(pom(this.root.resolve(dir).resolve("pom.xml")).getDocumentElement(), "artifactId"));
        }
        assertThat(documented).isEqualTo(built);
    }

    @Test
    void dependencySnippetsWhenCopiedThenEachResolvesAsWritten() {
        Map<String, String> packaging = artifactPackaging();
        Set<String> managed = springBootManaged();
        String version = text(pom(this.root.resolve("pom.xml")).getDocumentElement(), "version");
        List<MarkdownFile.Fence> snippets = this.readme.blocksAfter("dependencies");
        assertThat(snippets).hasSizeGreaterThan(1);
        for (MarkdownFile.Fence snippet : snippets) {
            Element dependencies = parse("<dependencies>" + snippet.content() + "</dependencies>").getDocumentElement();
            for (Element dependency : elements(dependencies)) {
                String groupId = text(dependency, "groupId");
                String artifactId = text(dependency, "artifactId");
                if (GROUP.equals(groupId)) {
                    assertThat(packaging).as("artifacts of this build").containsKey(artifactId);
                    assertThat(text(dependency, "version")).as(artifactId).isEqualTo(version);
                    assertThat(text(dependency, "type")).as("type of %s (packaging %s)", artifactId,
                            packaging.get(artifactId))
                        .isEqualTo(packaging.get(artifactId).equals("pom") ? "pom" : null);
                }
                else {
                    assertThat(managed).as("managed by Spring Boot").contains(groupId + ":" + artifactId);
                    assertThat(text(dependency, "version")).as("%s takes Spring Boot's version", artifactId).isNull();
                }
            }
        }
    }

    @Test
    void dependencyTableWhenReadThenEveryCoordinateResolvesAndPomStartersSayPom() {
        Map<String, String> packaging = artifactPackaging();
        Set<String> managed = springBootManaged();
        for (List<String> row : this.readme.tableAfter("dependency-table")) {
            String cells = String.join(" | ", row);
            Matcher coordinate = COORDINATE.matcher(cells);
            assertThat(coordinate.find()).as("a group:artifact in %s", cells).isTrue();
            do {
                String artifactId = coordinate.group(2);
                if (GROUP.equals(coordinate.group(1))) {
                    assertThat(packaging).as("artifacts of this build").containsKey(artifactId);
                    boolean saysPom = cells.contains("`" + GROUP + ":" + artifactId + "` as `<type>pom</type>`");
                    assertThat(saysPom).as("%s says <type>pom</type> exactly when its packaging is pom", artifactId)
                        .isEqualTo(packaging.get(artifactId).equals("pom"));
                }
                else {
                    assertThat(managed).as("managed by Spring Boot").contains(coordinate.group(1) + ":" + artifactId);
                }
            }
            while (coordinate.find());
        }
    }

    @Test
    void profileTableWhenComparedWithTheSampleConfigurationThenCommandsAndServersMatch() throws IOException {
        String runCommand = this.readme.blocksAfter("run-command").get(0).content().strip();
        List<List<String>> rows = this.readme.tableAfter("profiles");
        assertThat(rows.stream().map((row) -> row.get(0).replace("`", "")))
            .as("the profiles whose tests run the whole conversation")
            .containsExactlyInAnyOrderElementsOf(testedProfiles());
        for (List<String> row : rows) {
            String profile = row.get(0).replace("`", "");
            assertThat(row.get(1)).isEqualTo("`" + runCommand + " -Dspring-boot.run.profiles=" + profile + "`");
            assertThat(row.get(2)).as("what the %s profile needs", profile).contains(facts(profile));
        }
    }

    @Test
    void runCommandWhenRunFromTheRootThenOnlyTheSampleStarts() {
        String runCommand = this.readme.blocksAfter("run-command").get(0).content().strip();
        assertThat(runCommand).contains("-pl sample-app -am spring-boot:run");
        // -am runs spring-boot:run in every module it builds: the parent skips it, the sample turns it back on.
        assertThat(property(pom(this.root.resolve("pom.xml")), "spring-boot.run.skip")).isEqualTo("true");
        assertThat(property(pom(this.root.resolve("sample-app/pom.xml")), "spring-boot.run.skip")).isEqualTo("false");
    }

    @Test
    void testCommandWhenReadThenItIsTheCommandCiRuns() throws IOException {
        List<String> ciLines = Files.readAllLines(this.root.resolve(".ci/run"));
        String ciCommand = ciLines.get(ciLines.size() - 1).strip();
        assertThat(this.readme.fences().stream().filter((fence) -> fence.content().strip().equals(ciCommand)))
            .as("a README block holding exactly the command of .ci/run").hasSizeGreaterThanOrEqualTo(1);
    }

    /**
     * What the README must say next to a profile's command, read from its {@code application-<profile>.yml}:
     * the server's default address and the variables that override it, the database and user, the SQLite file,
     * the Redis namespace.
     */
    private String[] facts(String profile) {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource(
                this.root.resolve("sample-app/src/main/resources/application-" + profile + ".yml")));
        Properties config = yaml.getObject();
        assertThat(config).as("application-%s.yml", profile).isNotNull();
        String url = config.getProperty("spring.datasource.url");
        String redisHost = config.getProperty("spring.data.redis.host");
        if (url != null && url.startsWith("jdbc:sqlite:")) {
            String file = url.substring("jdbc:sqlite:".length()).replaceAll("\\?.*", "").replaceFirst("^\\./", "");
            return new String[] { "`sample-app/" + file + "`" };
        }
        if (url != null) {
            String server = resolved(url).replaceAll("^jdbc:\\w+://", "").replaceAll("/.*", "");
            String database = url.replaceAll("^.*/", "").replaceAll("\\?.*", "");
            String password = config.getProperty("spring.datasource.password");
            return concat(overrides(url), server, "database `" + database + "`",
                    "user `" + config.getProperty("spring.datasource.username") + "`",
                    (password == null) ? "no password" : "password");
        }
        assertThat(redisHost).as("a datasource or a Redis host in application-%s.yml", profile).isNotNull();
        String port = config.getProperty("spring.data.redis.port");
        return concat(overrides(redisHost + port), resolved(redisHost) + ":" + resolved(port),
                "`" + config.getProperty("agent.session.redis.namespace") + "`");
    }

    private static String resolved(String value) {
        return PLACEHOLDER.matcher(value).replaceAll("$2");
    }

    private static String[] overrides(String value) {
        return PLACEHOLDER.matcher(value).results().map((placeholder) -> "`" + placeholder.group(1) + "`")
            .toArray(String[]::new);
    }

    private static String[] concat(String[] first, String... rest) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(rest))
            .toArray(String[]::new);
    }

    private Map<String, String> artifactPackaging() {
        Map<String, String> packaging = new TreeMap<>();
        for (Element module : modules()) {
            Element project = pom(this.root.resolve(module.getTextContent().trim()).resolve("pom.xml"))
                .getDocumentElement();
            String declared = text(project, "packaging");
            packaging.put(text(project, "artifactId"), (declared != null) ? declared : "jar");
        }
        return packaging;
    }

    private static Set<String> springBootManaged() {
        Path bom = Path.of(System.getProperty("agent-session.spring-boot-bom", "spring-boot-dependencies.pom"));
        assertThat(bom).as("the Spring Boot BOM this build imports (given by the build)").exists();
        Element management = child(pom(bom).getDocumentElement(), "dependencyManagement");
        return elements(child(management, "dependencies")).stream()
            .map((dependency) -> text(dependency, "groupId") + ":" + text(dependency, "artifactId"))
            .collect(Collectors.toSet());
    }

    private static @Nullable String property(Document pom, String name) {
        return text(child(pom.getDocumentElement(), "properties"), name);
    }

    private List<Element> modules() {
        return elements(child(pom(this.root.resolve("pom.xml")).getDocumentElement(), "modules"));
    }

    /**
     * The profiles whose test class runs the whole sample conversation ({@code ConversationScenario}).
     */
    private static List<String> testedProfiles() throws IOException {
        ClassLoader loader = ReadmeBuildTests.class.getClassLoader();
        List<String> profiles = new ArrayList<>();
        for (Resource test : new PathMatchingResourcePatternResolver(loader)
            .getResources("classpath*:dev/agentsession/sample/*Tests.class")) {
            Class<?> type = ClassUtils.resolveClassName(
                    "dev.agentsession.sample." + test.getFilename().replace(".class", ""), loader);
            if (type.getSuperclass().getName().equals("dev.agentsession.sample.ConversationScenario")) {
                MergedAnnotations.from(type).get(ActiveProfiles.class).getValue("profiles", String[].class)
                    .ifPresent((names) -> profiles.addAll(List.of(names)));
            }
        }
        return profiles;
    }

    private static Document pom(Path file) {
        try {
            return parse(Files.readString(file));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + file, ex);
        }
    }

    private static Document parse(String xml) {
        try {
            return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)));
        }
        catch (Exception ex) {
            throw new IllegalStateException("Not well-formed XML:\n" + xml, ex);
        }
    }

    private static Element child(Element parent, String name) {
        return elements(parent).stream()
            .filter((child) -> child.getTagName().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No <" + name + "> in <" + parent.getTagName() + ">"));
    }

    private static List<Element> elements(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static @Nullable String text(Element parent, String name) {
        return elements(parent).stream()
            .filter((child) -> child.getTagName().equals(name))
            .map((child) -> child.getTextContent().trim())
            .findFirst()
            .orElse(null);
    }
}
