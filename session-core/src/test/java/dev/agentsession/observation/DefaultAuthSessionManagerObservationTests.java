package dev.agentsession.observation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.auth.DefaultAuthSessionManager;
import dev.agentsession.memory.MemoryAuthSessionStore;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DefaultAuthSessionManagerObservationTests {

    private static final String THREAD = "thread-ada-42";

    private static final String TOKEN = "secret-access-token";

    private static final String RESOLVE_UID = "resolve-uid-99";

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final AuthSessionManager auth = new DefaultAuthSessionManager(new MemoryAuthSessionStore(),
            Clock.systemUTC(), Duration.ofMinutes(15), new SessionObservations(this.registry), "memory");

    private final AuthSessionKey key = AuthSessionKey.of(THREAD, "github");

    @Test
    void putWhenObservedThenOperationAuthPutWithStoreAndSuccess() {
        this.auth.put(AuthGrant.unscoped(this.key, AuthContext.bearer(TOKEN, null)));
        assertThat(this.registry).hasSingleObservationThat()
            .hasBeenStopped()
            .hasNameEqualTo("agent.session.operations")
            .hasContextualNameEqualTo("agent.session auth.put")
            .hasLowCardinalityKeyValue("operation", "auth.put")
            .hasLowCardinalityKeyValue("store", "memory")
            .hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void findWhenObservedThenOperationAuthFindWithSuccess() {
        this.auth.put(AuthGrant.unscoped(this.key, AuthContext.bearer(TOKEN, null)));
        this.registry.clear();
        assertThat(this.auth.find(this.key, Set.of())).isPresent();
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("operation", "auth.find")
            .hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void completeLoginWhenObservedThenOneObservationNotOnePerInnerStep() {
        this.auth.put(AuthGrant.pending(this.key, Set.of("repo"), RESOLVE_UID));
        this.registry.clear();
        assertThat(this.auth.completeLogin(this.key.tenant(), RESOLVE_UID, AuthContext.bearer(TOKEN, null)))
            .isPresent();
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("operation", "auth.completeLogin")
            .hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void listForThreadWhenThreadIdIsInvalidThenOutcomeInvalid() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.auth.listForThread(this.key.tenant(), "", null));
        assertThat(this.registry).hasSingleObservationThat()
            .hasLowCardinalityKeyValue("operation", "auth.listForThread")
            .hasLowCardinalityKeyValue("outcome", "invalid");
    }

    @Test
    void everyOperationWhenCalledThenOneObservationEachWithoutThreadTokenOrUid() {
        this.auth.put(AuthGrant.pending(this.key, Set.of("repo"), RESOLVE_UID));
        this.auth.findByResolveUid(this.key.tenant(), RESOLVE_UID);
        this.auth.completeLogin(this.key.tenant(), RESOLVE_UID,
                AuthContext.bearer(TOKEN, Instant.now().plusSeconds(60)));
        this.auth.find(this.key, Set.of("repo"));
        this.auth.listForThread(this.key.tenant(), THREAD, null);
        this.auth.invalidate(this.key);
        this.auth.invalidateThread(this.key.tenant(), THREAD);
        assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
            assertThat(contexts).extracting((context) -> ((SessionOperationContext) context).getOperation())
                .containsExactly("auth.put", "auth.findByResolveUid", "auth.completeLogin", "auth.find",
                        "auth.listForThread", "auth.invalidate", "auth.invalidateThread");
            assertThat(contexts).allSatisfy((context) -> assertThat(context.getAllKeyValues())
                .extracting(KeyValue::getValue)
                .allSatisfy((value) -> assertThat(value).doesNotContain(THREAD, TOKEN, RESOLVE_UID, "github")));
        });
    }
}
