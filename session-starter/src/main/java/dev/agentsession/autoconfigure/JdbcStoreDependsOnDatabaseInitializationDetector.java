package dev.agentsession.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitializationDetector;
import org.springframework.util.ClassUtils;

/**
 * A {@link DependsOnDatabaseInitializationDetector} that makes the JDBC stores wait for every database initializer
 * (this starter's {@link AgentSessionDataSourceScriptDatabaseInitializer}, Flyway, Liquibase), so that they check
 * the schema after it was created or migrated. Looks the store classes up by name: the JDBC store is optional.
 */
class JdbcStoreDependsOnDatabaseInitializationDetector
        extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    private static final String SESSION_STORE = "dev.agentsession.jdbc.JdbcSessionStore";

    private static final String AUTH_SESSION_STORE = "dev.agentsession.jdbc.JdbcAuthSessionStore";

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        ClassLoader classLoader = getClass().getClassLoader();
        if (!ClassUtils.isPresent(SESSION_STORE, classLoader)) {
            return Set.of();
        }
        return Set.of(ClassUtils.resolveClassName(SESSION_STORE, classLoader),
                ClassUtils.resolveClassName(AUTH_SESSION_STORE, classLoader));
    }
}
