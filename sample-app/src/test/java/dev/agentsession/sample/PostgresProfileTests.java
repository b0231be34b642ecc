package dev.agentsession.sample;

import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.agentsession.jdbc.JdbcSchemaInitializer;
import dev.agentsession.jdbc.JdbcStoreSettings;
import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole conversation on the postgres profile, against the local PostgreSQL, under a table prefix of its own:
 * tables of the default prefix on a shared server could be at a schema version that another build wrote.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresProfileTests extends ConversationScenario {

    private static final String TABLE_PREFIX = "SAMPLE_"
            + ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000) + "_";

    @BeforeAll
    static void requireServer() {
        LocalServer.POSTGRESQL.require();
    }

    @DynamicPropertySource
    static void tablePrefix(DynamicPropertyRegistry properties) {
        properties.add("agent.session.jdbc.table-prefix", () -> TABLE_PREFIX);
    }

    @AfterAll
    static void dropTables(@Autowired DataSource dataSource, @Autowired JdbcStoreSettings settings) {
        new JdbcSchemaInitializer(dataSource, settings).dropSchema();
    }

    @Override
    protected String expectedStore() {
        return "jdbc";
    }
}
