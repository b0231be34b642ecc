package dev.agentsession.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole conversation on the embedded default (memory) store.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests extends ConversationScenario {

    @Override
    protected String expectedStore() {
        return "memory";
    }
}
