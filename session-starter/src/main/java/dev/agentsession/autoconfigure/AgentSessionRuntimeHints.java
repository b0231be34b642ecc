package dev.agentsession.autoconfigure;

import dev.agentsession.SessionEvent;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.flow.FlowState;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a GraalVM native image of an application on this starter needs beyond what AOT finds on its own: the SQL
 * scripts, Liquibase changelog and Lua scripts loaded from the class path, and the types the JSON codec binds by
 * reflection.
 */
class AgentSessionRuntimeHints implements RuntimeHintsRegistrar {

    /** The JDBC store's schema, drop and migration scripts. */
    static final String SQL_SCRIPTS = "dev/agentsession/jdbc/**/*.sql";

    /** The JDBC store's Liquibase changelog, which Liquibase reads from the class path. */
    static final String LIQUIBASE_CHANGELOGS = "dev/agentsession/jdbc/changelog/*.xml";

    /** The Redis store's scripts. */
    static final String LUA_SCRIPTS = "dev/agentsession/redis/*.lua";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources()
            .registerPattern(SQL_SCRIPTS)
            .registerPattern(LIQUIBASE_CHANGELOGS)
            .registerPattern(LUA_SCRIPTS);
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), SessionEvent.class,
                FlowState.class, AuthContext.class);
    }
}
