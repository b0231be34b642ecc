package dev.agentsession.sample;

import dev.agentsession.testservers.LocalServer;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole conversation on the redis profile, against the local Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("redis")
class RedisProfileTests extends ConversationScenario {

    @BeforeAll
    static void requireServer() {
        LocalServer.REDIS.require();
    }

    @Override
    protected String expectedStore() {
        return "redis";
    }
}
