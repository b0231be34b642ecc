package dev.agentsession.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java and Lua name every hash field and code in one place: the enums, from which the prelude declares the
 * Lua names. No script spells a field or code itself, every prelude name a script uses is declared, and no
 * Java class but the enums spells a field.
 */
class LuaPreludeTests {

    private static final Pattern PRELUDE_NAME = Pattern.compile("\\b(?:META|AUTH|STATUS|SCOPE)_[A-Z_]+\\b");

    @Test
    void sourceThenDeclaresEveryFieldStatusAndReplyCodeOnceFromTheEnums() {
        List<String> lines = LuaPrelude.source().lines().filter((line) -> line.startsWith("local ")).toList();
        List<String> expected = new ArrayList<>();
        for (SessionHashField field : SessionHashField.values()) {
            expected.add("local META_" + field.name() + " = '" + field.field() + "'");
        }
        for (AuthHashField field : AuthHashField.values()) {
            expected.add("local AUTH_" + field.name() + " = '" + field.field() + "'");
        }
        for (SessionStatusCode code : SessionStatusCode.values()) {
            expected.add("local STATUS_" + code.name() + " = '" + code.code() + "'");
        }
        for (StateScopeCode scope : StateScopeCode.values()) {
            expected.add("local SCOPE_" + scope.name() + " = '" + scope.code() + "'");
        }
        for (ScriptReply reply : ScriptReply.values()) {
            expected.add("local " + reply.name() + " = " + reply.code());
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void fieldsWhenComparedThenEachHashNamesEveryFieldDifferently() {
        assertThat(Stream.of(SessionHashField.values()).map(SessionHashField::field)).doesNotHaveDuplicates();
        assertThat(Stream.of(AuthHashField.values()).map(AuthHashField::field)).doesNotHaveDuplicates();
        assertThat(Stream.of(SessionStatusCode.values()).map(SessionStatusCode::code)).doesNotHaveDuplicates();
        assertThat(Stream.of(StateScopeCode.values()).map(StateScopeCode::code)).doesNotHaveDuplicates();
        assertThat(Stream.of(ScriptReply.values()).map(ScriptReply::code)).doesNotHaveDuplicates();
    }

    @Test
    void scriptsWhenReadThenNoneSpellsAFieldOrStatusCode() throws IOException {
        Set<String> codes = new TreeSet<>(fieldCodes());
        for (SessionStatusCode code : SessionStatusCode.values()) {
            codes.add(code.code());
        }
        for (StateScopeCode scope : StateScopeCode.values()) {
            codes.add(scope.code());
        }
        Map<String, String> scripts = scripts();
        assertThat(scripts).containsKeys("session-common.lua", "wait-common.lua", "create.lua", "auth-put.lua");
        scripts.forEach((name, source) -> {
            for (String code : codes) {
                assertThat(source).as("%s spells '%s'", name, code)
                    .doesNotContain("'" + code + "'")
                    .doesNotContain("\"" + code + "\"");
            }
            Matcher access = Pattern.compile("\\w\\.(?:" + String.join("|", fieldCodes()) + ")\\b").matcher(source);
            List<String> accesses = new ArrayList<>();
            while (access.find()) {
                accesses.add(access.group());
            }
            assertThat(accesses).as("%s reads fields by their stored names", name).isEmpty();
        });
    }

    @Test
    void scriptsWhenReadThenEveryPreludeNameTheyUseIsDeclaredAndNoneIsRedeclared() throws IOException {
        Set<String> declared = new TreeSet<>();
        Matcher declaration = Pattern.compile("(?m)^local (\\w+) = ").matcher(LuaPrelude.source());
        while (declaration.find()) {
            declared.add(declaration.group(1));
        }
        Set<String> used = new TreeSet<>();
        scripts().forEach((name, source) -> {
            Matcher names = PRELUDE_NAME.matcher(source);
            while (names.find()) {
                used.add(names.group());
                assertThat(declared).as("%s uses %s", name, names.group()).contains(names.group());
            }
            for (String own : declared) {
                assertThat(source).as("%s redeclares %s", name, own).doesNotContainPattern("local[^=\\n]*\\b" + own
                        + "\\b");
            }
        });
        assertThat(used).as("every field name is used by some script").containsAll(declared.stream()
            .filter((name) -> name.startsWith("META_") || name.startsWith("AUTH_")).toList());
    }

    @Test
    void javaSourcesWhenReadThenOnlyTheEnumsSpellAField() throws IOException {
        Path sources = Path.of("src", "main", "java", "dev", "agentsession", "redis");
        assertThat(sources).isDirectory();
        List<Path> files;
        try (Stream<Path> listed = Files.list(sources)) {
            files = listed.filter((file) -> file.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.equals("SessionHashField.java") || name.equals("AuthHashField.java")) {
                continue;
            }
            String source = Files.readString(file, StandardCharsets.UTF_8);
            for (String code : fieldCodes()) {
                assertThat(source).as("%s spells \"%s\"", name, code).doesNotContain("\"" + code + "\"");
            }
        }
    }

    private static Set<String> fieldCodes() {
        Set<String> codes = new TreeSet<>();
        for (SessionHashField field : SessionHashField.values()) {
            codes.add(field.field());
        }
        for (AuthHashField field : AuthHashField.values()) {
            codes.add(field.field());
        }
        return codes;
    }

    private static Map<String, String> scripts() throws IOException {
        Map<String, String> scripts = new LinkedHashMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver()
            .getResources("classpath*:dev/agentsession/redis/*.lua")) {
            scripts.put(resource.getFilename(), resource.getContentAsString(StandardCharsets.UTF_8));
        }
        return scripts;
    }
}
