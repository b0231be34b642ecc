package dev.agentsession.sample.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every type and method that the documentation names in a code span or a diagram exists, so a rename cannot leave
 * the README describing code that is gone. Types are this repository's classes and tests (by their source file) or classes
 * of the libraries it builds on; methods are public methods of this repository's classes.
 */
class ReadmeNamesTests {

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");

    private static final Pattern TYPE = Pattern.compile("\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\\b");

    private static final Pattern METHOD = Pattern.compile("\\b([a-z][A-Za-z0-9]*)\\(");

    /** Where the documentation's library types live, besides this repository. */
    private static final List<String> LIBRARY_PACKAGES = List.of("java.lang", "java.math", "java.time", "java.util",
            "javax.sql",
            "org.springframework.boot.autoconfigure.condition", "org.springframework.boot.diagnostics",
            "org.springframework.jdbc.datasource",
            "org.springframework.context", "org.springframework.data.redis.connection", "org.springframework.session",
            "io.micrometer.core.instrument", "io.micrometer.observation", "org.springframework.aot.hint",
            "tools.jackson.databind", "tools.jackson.databind.json", "org.springframework.ai.chat.client",
            "org.springframework.ai.chat.client.advisor", "org.springframework.ai.chat.memory",
            "org.springframework.ai.chat.model", "org.springframework.ai.model.chat.memory.autoconfigure");

    @Test
    void typesWhenNamedInTheDocumentationThenTheyExist() {
        Set<String> ownTypes = ownSourceTypes();
        Set<String> missing = new TreeSet<>();
        for (String code : namedCode()) {
            TYPE.matcher(code).results().map(MatchResult::group).filter((type) -> !ownTypes.contains(type))
                .filter((type) -> !isLibraryType(type)).forEach(missing::add);
        }
        assertThat(missing).as("types named in the documentation that exist nowhere").isEmpty();
    }

    @Test
    void methodsWhenNamedInTheDocumentationThenTheyExist() {
        Set<String> methods = ownPublicMethods();
        Set<String> missing = new TreeSet<>();
        for (String code : namedCode()) {
            METHOD.matcher(code).results().map((call) -> call.group(1)).filter((name) -> !methods.contains(name))
                .forEach(missing::add);
        }
        assertThat(missing).as("methods named in the documentation that no public class of this repository has")
            .isEmpty();
    }

    /**
     * The code spans of the prose and the Mermaid diagrams of every page: the places where names are not checked
     * by a compiler (the Java snippets are, by {@link ReadmeSnippetsTests}).
     */
    private static List<String> namedCode() {
        return MarkdownFile.all().stream().flatMap(ReadmeNamesTests::namedCode).toList();
    }

    private static Stream<String> namedCode(MarkdownFile file) {
        Stream<String> spans = CODE_SPAN.matcher(file.prose()).results().map((span) -> span.group(1));
        Stream<String> diagrams = file.fences()
            .stream()
            .filter((fence) -> fence.language().equals("mermaid"))
            .map(MarkdownFile.Fence::content);
        return Stream.concat(spans, diagrams);
    }

    private static boolean isLibraryType(String simpleName) {
        return LIBRARY_PACKAGES.stream()
            .anyMatch((pkg) -> ClassUtils.isPresent(pkg + "." + simpleName, ReadmeNamesTests.class.getClassLoader()));
    }

    private static Set<String> ownSourceTypes() {
        try (Stream<Path> files = Files.walk(MarkdownFile.repository())) {
            Set<String> types = new HashSet<>();
            files.filter((file) -> (file.toString().contains("/src/main/java/")
                    || file.toString().contains("/src/test/java/")) && file.toString().endsWith(".java"))
                .map((file) -> file.getFileName().toString().replace(".java", ""))
                .forEach(types::add);
            return types;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Set<String> ownPublicMethods() {
        Set<String> methods = new HashSet<>();
        Arrays.stream(Object.class.getMethods()).map(Method::getName).forEach(methods::add);
        ClassLoader loader = ReadmeNamesTests.class.getClassLoader();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver(loader)
                .getResources("classpath*:dev/agentsession/**/*.class")) {
                String path = resource.getURL().toString();
                String className = path.substring(path.lastIndexOf("dev/agentsession/"), path.length() - 6)
                    .replace('/', '.');
                try {
                    Arrays.stream(Class.forName(className, false, loader).getMethods())
                        .map(Method::getName)
                        .forEach(methods::add);
                }
                catch (ClassNotFoundException | LinkageError ex) {
                    // A class of an optional integration whose library is absent: it documents nothing.
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return methods;
    }
}
