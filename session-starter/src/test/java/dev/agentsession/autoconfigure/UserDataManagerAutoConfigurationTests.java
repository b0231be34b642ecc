package dev.agentsession.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.privacy.UserDataManager;
import dev.agentsession.privacy.UserErasure;
import dev.agentsession.privacy.UserThreads;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link UserDataManager} bean: on the configured backend's stores, with the application's {@link UserThreads}
 * when it declares one.
 */
class UserDataManagerAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class));

    private static void grant(AuthSessionManager auth, String thread) {
        auth.put(AuthGrant.active(AuthSessionKey.of(thread, "slack"),
                AuthContext.bearer("xoxp-" + thread, Instant.now().plus(Duration.ofHours(1))), Set.of()));
    }

    @Test
    void contextWhenDefaultsThenUserDataReachesSessionsAndTheAuthSessionsOfTheirIdsAsThreads() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(UserDataManager.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            SessionRef ref = sessions.create(NewSession.forUser("app", "ada")).ref();
            AuthSessionManager auth = context.getBean(AuthSessionManager.class);
            grant(auth, ref.sessionId());
            UserDataManager users = context.getBean(UserDataManager.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            users.exportUser(ref.tenant(), "ada", out);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(ref.sessionId()).doesNotContain("xoxp-");
            assertThat(users.eraseUser(ref.tenant(), "ada")).isEqualTo(new UserErasure(1, 0, 1));
        });
    }

    @Test
    void contextWhenApplicationMapsThreadsThenItsMappingIsUsed() {
        this.runner.withBean(UserThreads.class, () -> (tenant, userId, sessions) -> Set.of("dm-" + userId))
            .run((context) -> {
                AuthSessionManager auth = context.getBean(AuthSessionManager.class);
                grant(auth, "dm-ada");
                grant(auth, "dm-bob");
                UserErasure erased = context.getBean(UserDataManager.class).eraseUser("default", "ada");
                assertThat(erased.authSessions()).isEqualTo(1);
                assertThat(auth.listForThread("default", "dm-bob", null)).hasSize(1);
            });
    }
}
