package dev.agentsession.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.agentsession.SessionEvent;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.flow.FlowState;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

class AgentSessionRuntimeHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    AgentSessionRuntimeHintsTests() {
        new AgentSessionRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
    }

    @Test
    void registerHintsWhenAppliedThenEverySqlScriptChangelogAndLuaScriptOnTheClassPathIsIncluded() throws IOException {
        List<String> scripts = new ArrayList<>();
        scripts.addAll(resources("dev/agentsession/jdbc/", "**/*.sql"));
        scripts.addAll(resources("dev/agentsession/jdbc/", "changelog/*.xml"));
        scripts.addAll(resources("dev/agentsession/redis/", "*.lua"));
        assertThat(scripts).anyMatch((name) -> name.endsWith("migration/postgresql/V1__agent_session.sql"))
            .anyMatch((name) -> name.endsWith("agent-session-changelog.xml"))
            .anyMatch((name) -> name.endsWith("append.lua"));
        assertThat(scripts).allSatisfy((name) -> assertThat(RuntimeHintsPredicates.resource().forResource(name))
            .as(name)
            .accepts(this.hints));
    }

    @Test
    void registerHintsWhenAppliedThenTheCodecsJsonTypesCanBeBound() {
        for (Class<?> type : List.of(SessionEvent.class, FlowState.class, AuthContext.class)) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)
                .withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(type.getName())
                .accepts(this.hints);
        }
    }

    private static List<String> resources(String folder, String pattern) throws IOException {
        List<String> names = new ArrayList<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + folder + pattern)) {
            String url = resource.getURL().toString();
            names.add(url.substring(url.lastIndexOf(folder)));
        }
        return names;
    }
}
