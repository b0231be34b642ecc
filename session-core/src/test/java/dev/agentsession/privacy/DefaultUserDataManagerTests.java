package dev.agentsession.privacy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.auth.DefaultAuthSessionManager;
import dev.agentsession.memory.MemoryAuthSessionStore;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.observation.SessionOperationContext;
import dev.agentsession.store.SessionCodec;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultUserDataManagerTests {

    private final Clock clock = Clock.systemUTC();

    private final MemorySessionStore store = new MemorySessionStore(this.clock, 100, new SessionCodec());

    private final MemoryAuthSessionStore authStore = new MemoryAuthSessionStore();

    private final SessionManager sessions = new DefaultSessionManager(this.store, this.store,
            new TimeOrderedSessionIdGenerator(this.clock), this.clock, new SessionCodec(), SessionSettings.defaults());

    private final AuthSessionManager auth = new DefaultAuthSessionManager(this.authStore, this.clock,
            Duration.ofMinutes(15));

    private void grant(String thread) {
        this.auth.put(AuthGrant.active(AuthSessionKey.of(thread, "slack"),
                AuthContext.bearer("xoxp-" + thread, this.clock.instant().plus(Duration.ofHours(1))), Set.of()));
    }

    @Test
    void eraseAndExportWhenThreadsAreMappedByTheApplicationThenThoseThreadsAuthSessionsAreReached() {
        this.sessions.create(NewSession.forUser("support", "ada").withMetadata(Map.of("slack", "D-ada")));
        grant("D-ada");
        grant("D-bob");
        UserThreads slackChannels = (tenant, userId, refs) -> Set.of("D-" + userId);
        UserDataManager users = new DefaultUserDataManager(this.store, this.store, this.authStore, slackChannels,
                this.clock, new SessionCodec(), SessionObservations.NOOP);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        users.exportUser("default", "ada", out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"threadId\":\"D-ada\"")
            .doesNotContain("D-bob")
            .doesNotContain("xoxp-");

        assertThat(users.eraseUser("default", "ada")).isEqualTo(new UserErasure(1, 0, 1));
        assertThat(this.auth.listForThread("default", "D-ada", null)).isEmpty();
        assertThat(this.auth.listForThread("default", "D-bob", null)).hasSize(1);
    }

    @Test
    void eraseAndExportWhenNoAuthStoreThenEverythingElseIsStillReached() {
        this.sessions.create(NewSession.forUser("support", "ada"));
        UserDataManager users = new DefaultUserDataManager(this.store, this.store, null, this.clock,
                new SessionCodec());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        users.exportUser("default", "ada", out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"authSessions\":[]");
        assertThat(users.eraseUser("default", "ada")).isEqualTo(new UserErasure(1, 0, 0));
    }

    @Test
    void eraseAndExportWhenObservedThenOneObservationEachWithoutTheUser() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        UserDataManager users = new DefaultUserDataManager(this.store, this.store, this.authStore,
                UserThreads.sessionIds(), this.clock, new SessionCodec(), new SessionObservations(registry));
        users.exportUser("default", "ada", new ByteArrayOutputStream());
        users.eraseUser("default", "ada");
        assertThat(registry).hasHandledContextsThatSatisfy((contexts) -> {
            assertThat(contexts).extracting((context) -> ((SessionOperationContext) context).getOperation())
                .containsExactly("exportUser", "eraseUser");
            assertThat(contexts).allSatisfy((context) -> assertThat(context.getAllKeyValues())
                .noneMatch((keyValue) -> keyValue.getValue().contains("ada")));
        });
    }
}
