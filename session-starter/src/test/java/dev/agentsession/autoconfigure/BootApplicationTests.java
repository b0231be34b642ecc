package dev.agentsession.autoconfigure;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcStoreSettings;
import dev.agentsession.store.SessionStore;
import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Spring Boot context per backend, configured only by {@code application-<backend>.yml}: an
 * application that adds the starter and a YAML file gets a working {@link SessionManager}.
 */
class BootApplicationTests {

    @SpringBootConfiguration
    // The test classpath holds Flyway and Liquibase for the migration tests; this application uses neither.
    @EnableAutoConfiguration(excludeName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
    static class Application {

    }

    abstract static class BackendContext {

        @Autowired
        SessionManager sessions;

        @Autowired
        SessionStore store;

        abstract String expectedStore();

        @Test
        void sessionManagerWhenBootedFromYamlThenStoresAndReadsBack() {
            assertThat(this.store.type()).isEqualTo(expectedStore());
            String app = "boot-" + UUID.randomUUID();
            AgentSession created = this.sessions.create(NewSession.forUser(app, "ada"));
            this.sessions.append(created.ref(), NewEvent.message("user", "hello from " + expectedStore()));
            assertThat(this.sessions.get(created.ref(), EventWindow.recent(5)).events())
                .extracting(dev.agentsession.SessionEvent::content)
                .containsExactly("hello from " + expectedStore());
            assertThat(this.sessions.deleteAll(created.ref().tenant(), app)).isEqualTo(1);
        }

    }

    @Nested
    @SpringBootTest(classes = Application.class)
    @ActiveProfiles("memory")
    class Memory extends BackendContext {

        @Override
        String expectedStore() {
            return "memory";
        }

    }

    @Nested
    @SpringBootTest(classes = Application.class)
    @ActiveProfiles("h2")
    class H2 extends BackendContext {

        @Override
        String expectedStore() {
            return "jdbc";
        }

    }

    @Nested
    @SpringBootTest(classes = Application.class)
    @ActiveProfiles("sqlite")
    class Sqlite extends BackendContext {

        @Override
        String expectedStore() {
            return "jdbc";
        }

    }

    /**
     * On the shared server, under a table prefix of its own: tables of a fixed prefix could be at a schema version
     * that another build wrote.
     */
    @Nested
    @SpringBootTest(classes = Application.class)
    @ActiveProfiles("postgres")
    class Postgres extends BackendContext {

        private static final String TABLE_PREFIX = "BOOT_"
                + ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000) + "_";

        @Autowired
        DataSource dataSource;

        @Autowired
        JdbcStoreSettings settings;

        @BeforeAll
        static void requireServer() {
            LocalServer.POSTGRESQL.require();
        }

        @DynamicPropertySource
        static void tablePrefix(DynamicPropertyRegistry properties) {
            properties.add("agent.session.jdbc.table-prefix", () -> TABLE_PREFIX);
        }

        @AfterEach
        void dropTables() {
            new JdbcSchemaInitializer(this.dataSource, this.settings).dropSchema();
        }

        @Override
        String expectedStore() {
            return "jdbc";
        }

    }

    @Nested
    @SpringBootTest(classes = Application.class)
    @ActiveProfiles("redis")
    class Redis extends BackendContext {

        @BeforeAll
        static void requireServer() {
            LocalServer.REDIS.require();
        }

        @Override
        String expectedStore() {
            return "redis";
        }

    }
}
