package dev.agentsession.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole conversation on the sqlite profile (the file is moved under target/ for the test).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:sqlite:target/sample-test.db?journal_mode=WAL&busy_timeout=30000")
@ActiveProfiles("sqlite")
class SqliteProfileTests extends ConversationScenario {

    @Override
    protected String expectedStore() {
        return "jdbc";
    }
}
