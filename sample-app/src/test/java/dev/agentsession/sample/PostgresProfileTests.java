package dev.agentsession.sample;

import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole conversation on the postgres profile, against the local PostgreSQL.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresProfileTests extends ConversationScenario {

    @BeforeAll
    static void requireServer() {
        LocalServer.POSTGRESQL.require();
    }

    @Override
    protected String expectedStore() {
        return "jdbc";
    }
}
