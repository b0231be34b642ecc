package dev.agentsession.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSession;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.auth.AuthStatus;
import dev.agentsession.auth.DefaultAuthSessionManager;
import dev.agentsession.store.AuthSessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link AuthSessionStore} keeps (SPEC section 5), checked through a
 * {@link DefaultAuthSessionManager}. Every test works in a tenant of its own.
 */
public abstract class AuthSessionStoreConformanceTests<S extends AuthSessionStore> {

    /** The clock every store and manager of a test uses. */
    protected final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    private S store;

    private AuthSessionManager auth;

    private String tenant;

    /**
     * A store for one test, driven by {@code clock}; persistent stores get an encryption key.
     * @param clock the test's clock
     * @return the store
     * @throws Exception if the store cannot be set up
     */
    protected abstract S createStore(Clock clock) throws Exception;

    /**
     * Releases what {@link #createStore(Clock)} set up; nothing by default.
     * @param store the store
     * @throws Exception if it cannot be released
     */
    protected void destroyStore(S store) throws Exception {
    }

    @BeforeEach
    void setUpStore() throws Exception {
        this.store = createStore(this.clock);
        this.auth = new DefaultAuthSessionManager(this.store, this.clock, Duration.ofMinutes(15));
        this.tenant = "tenant-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDownStore() throws Exception {
        destroyStore(this.store);
    }

    /**
     * The store under test.
     * @return the store
     */
    protected S store() {
        return this.store;
    }

    /**
     * The tenant this test works in.
     * @return the tenant
     */
    protected String tenant() {
        return this.tenant;
    }

    private AuthSessionKey key(String thread, String profile, String provider) {
        return new AuthSessionKey(this.tenant, thread, profile, provider);
    }

    private AuthContext token(String value) {
        return new AuthContext(value, "refresh-" + value, "Bearer", this.clock.instant().plus(Duration.ofHours(1)),
                Map.of("team", "T1"));
    }

    @Test
    void putWhenCredentialsBreakTheValueRulesThenRefusedWithNothingStoredOnEveryBackend() {
        AuthSessionKey key = key("thread-rules", "default", "slack");
        Instant later = this.clock.instant().plus(Duration.ofHours(1));
        List<AuthContext> refused = List.of(new AuthContext("token-\uD800", null, "Bearer", later, Map.of()),
                new AuthContext("token", "refresh-\uDC00", "Bearer", later, Map.of()),
                new AuthContext("token", null, "Bearer", later, Map.of("team", "T\uD83D")),
                new AuthContext("token", null, "Bearer", later, Map.of("\uDE00", "T1")),
                new AuthContext("token", null, "Bearer", Instant.MAX, Map.of()),
                new AuthContext("token", null, "Bearer", later, Map.of("big", "x".repeat(5 * 1024 * 1024))));
        for (AuthContext context : refused) {
            assertThatIllegalArgumentException().isThrownBy(() -> this.auth.put(AuthGrant.active(key, context,
                    Set.of("chat:write"))));
        }
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.auth.put(AuthGrant.active(key, token("ok"), Set.of("scope-\uD800"))));
        assertThat(this.auth.find(key, Set.of())).isEmpty();
        AuthContext unusual = new AuthContext("tok\u0000en \uD83D\uDE80 日本", "r", null, later,
                Map.of("", "empty name", "line", "a\nb"));
        this.auth.put(AuthGrant.active(key, unusual, Set.of("chat:write")));
        assertThat(this.auth.find(key, Set.of("chat:write")).orElseThrow().context()).isEqualTo(unusual);
    }

    @Test
    void findWhenActiveAndScopesGrantedThenReturnsTheCredential() {
        AuthSessionKey key = key("thread-1", "default", "slack");
        AuthSession stored = this.auth.put(AuthGrant.active(key, token("xoxp-1"), Set.of("chat:write", "channels:read")));
        assertThat(stored.status()).isEqualTo(AuthStatus.ACTIVE);
        assertThat(stored.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));

        AuthSession found = this.auth.find(key, Set.of("chat:write")).orElseThrow();
        assertThat(found.context()).isEqualTo(token("xoxp-1"));
        assertThat(found.scopes()).containsExactlyInAnyOrder("chat:write", "channels:read");
        assertThat(found.createdAt()).isEqualTo(this.clock.instant());
        assertThat(this.auth.find(key, Set.of())).isPresent();
        assertThat(this.auth.find(key, Set.of("chat:write", "admin"))).isEmpty();
        assertThat(this.auth.find(key("thread-1", "default", "google"), Set.of())).isEmpty();
        assertThat(this.auth.find(new AuthSessionKey("other-" + this.tenant, "thread-1", "default", "slack"), Set.of()))
            .isEmpty();
    }

    @Test
    void findWhenUnscopedThenSatisfiesAnyRequiredScopes() {
        AuthSessionKey key = key("thread-1", "default", "github");
        this.auth.put(AuthGrant.unscoped(key, token("ghs-1")));
        assertThat(this.auth.find(key, Set.of("repo", "workflow"))).isPresent();
    }

    @Test
    void putWhenSameProviderAgainThenReplacesAndInvalidatesThePrevious() {
        AuthSessionKey key = key("thread-1", "default", "slack");
        this.auth.put(AuthGrant.active(key, token("old"), Set.of("read")));
        this.auth.put(AuthGrant.unscoped(key("thread-1", "default", "google"), token("google")));
        this.auth.put(AuthGrant.active(key, token("new"), Set.of("read", "write")));
        assertThat(this.auth.find(key, Set.of()).orElseThrow().context().accessToken()).isEqualTo("new");
        assertThat(this.auth.listForThread(this.tenant, "thread-1", null)).extracting((s) -> s.context().accessToken())
            .containsExactly("google", "new");
    }

    @Test
    void putWhenProfilesDifferThenEachProfileKeepsItsOwnCredential() {
        this.auth.put(AuthGrant.active(key("thread-1", "group-a", "slack"), token("read-a"), Set.of("read")));
        this.auth.put(AuthGrant.active(key("thread-1", "group-b", "slack"), token("post-b"), Set.of("write")));
        assertThat(this.auth.find(key("thread-1", "group-a", "slack"), Set.of("read")).orElseThrow().context()
            .accessToken()).isEqualTo("read-a");
        assertThat(this.auth.find(key("thread-1", "group-b", "slack"), Set.of("write")).orElseThrow().context()
            .accessToken()).isEqualTo("post-b");
        assertThat(this.auth.find(key("thread-1", "group-a", "slack"), Set.of("write"))).isEmpty();
        assertThat(this.auth.listForThread(this.tenant, "thread-1", "group-b")).extracting((s) -> s.key().profile())
            .containsExactly("group-b");
    }

    @Test
    void findByResolveUidWhenPendingThenCallbackCompletesTheLogin() {
        AuthSessionKey key = key("thread-1", "default", "google");
        AuthSession pending = this.auth.put(AuthGrant.pending(key, Set.of("calendar"), "uid-123"));
        assertThat(pending.status()).isEqualTo(AuthStatus.PENDING);
        assertThat(pending.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(this.auth.find(key, Set.of())).isEmpty();
        assertThat(this.auth.findByResolveUid(this.tenant, "uid-123")).map(AuthSession::key).contains(key);
        assertThat(this.auth.findByResolveUid("other-" + this.tenant, "uid-123")).isEmpty();

        AuthSession active = this.auth.completeLogin(this.tenant, "uid-123", token("ya29")).orElseThrow();
        assertThat(active.status()).isEqualTo(AuthStatus.ACTIVE);
        assertThat(active.scopes()).containsExactly("calendar");
        assertThat(this.auth.find(key, Set.of("calendar")).orElseThrow().context().accessToken()).isEqualTo("ya29");
        assertThat(this.auth.findByResolveUid(this.tenant, "uid-123")).isEmpty();
        assertThat(this.auth.completeLogin(this.tenant, "uid-123", token("again"))).isEmpty();
    }

    @Test
    void findByResolveUidWhenUidIsReusedThenOnlyTheLatestSessionHoldsIt() {
        this.auth.put(AuthGrant.pending(key("thread-1", "default", "google"), Set.of(), "uid-1"));
        this.auth.put(AuthGrant.pending(key("thread-2", "default", "google"), Set.of(), "uid-1"));
        assertThat(this.auth.findByResolveUid(this.tenant, "uid-1")).map((s) -> s.key().threadId()).contains("thread-2");
    }

    @Test
    void findWhenExpiredThenNeverReturned() {
        AuthSessionKey key = key("thread-1", "default", "slack");
        this.auth.put(AuthGrant.active(key, token("short"), Set.of()));
        this.auth.put(AuthGrant.pending(key("thread-1", "default", "google"), Set.of(), "uid-late"));
        this.clock.advance(Duration.ofMinutes(16));
        assertThat(this.auth.findByResolveUid(this.tenant, "uid-late")).isEmpty();
        assertThat(this.auth.find(key, Set.of())).isPresent();
        this.clock.advance(Duration.ofMinutes(45));
        assertThat(this.auth.find(key, Set.of())).isEmpty();
        assertThat(this.auth.listForThread(this.tenant, "thread-1", null)).isEmpty();
    }

    @Test
    void invalidateThenOnlyThatSessionIsGone() {
        AuthSessionKey slack = key("thread-1", "default", "slack");
        AuthSessionKey google = key("thread-1", "default", "google");
        this.auth.put(AuthGrant.active(slack, token("s"), Set.of()));
        this.auth.put(AuthGrant.active(google, token("g"), Set.of()));
        assertThat(this.auth.invalidate(slack)).isTrue();
        assertThat(this.auth.invalidate(slack)).isFalse();
        assertThat(this.auth.find(slack, Set.of())).isEmpty();
        assertThat(this.auth.find(google, Set.of())).isPresent();
    }

    @Test
    void invalidateThreadThenEveryProfileAndProviderOfThatThreadIsGone() {
        this.auth.put(AuthGrant.active(key("thread-1", "a", "slack"), token("1"), Set.of()));
        this.auth.put(AuthGrant.active(key("thread-1", "b", "google"), token("2"), Set.of()));
        this.auth.put(AuthGrant.pending(key("thread-1", "b", "github"), Set.of(), "uid-9"));
        this.auth.put(AuthGrant.active(key("thread-10", "a", "slack"), token("3"), Set.of()));
        this.auth.put(AuthGrant.active(key("thread-1 ", "a", "slack"), token("4"), Set.of()));
        assertThat(this.auth.invalidateThread(this.tenant, "thread-1")).isEqualTo(3);
        assertThat(this.auth.listForThread(this.tenant, "thread-1", null)).isEmpty();
        assertThat(this.auth.findByResolveUid(this.tenant, "uid-9")).isEmpty();
        assertThat(this.auth.listForThread(this.tenant, "thread-10", null)).hasSize(1);
        assertThat(this.auth.listForThread(this.tenant, "thread-1 ", null)).hasSize(1);
    }

    @Test
    void listForThreadWhenKeysContainSeparatorsThenThreadsNeverCollide() {
        this.auth.put(AuthGrant.active(key("a:b", "c", "slack"), token("1"), Set.of()));
        this.auth.put(AuthGrant.active(key("a", "b:c", "slack"), token("2"), Set.of()));
        this.auth.put(AuthGrant.active(key("a{x}*%'", "日本", "slack"), token("3"), Set.of()));
        assertThat(this.auth.listForThread(this.tenant, "a:b", null)).extracting((s) -> s.context().accessToken())
            .containsExactly("1");
        assertThat(this.auth.listForThread(this.tenant, "a", null)).extracting((s) -> s.context().accessToken())
            .containsExactly("2");
        assertThat(this.auth.listForThread(this.tenant, "a{x}*%'", "日本")).hasSize(1);
    }

    @Test
    void putWhenConcurrentForOneProviderThenExactlyOneSessionRemainsIntact() throws Exception {
        AuthSessionKey key = key("thread-1", "default", "slack");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<String> tokens = new ArrayList<>();
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String value = "token-" + t;
                tokens.add(value);
                puts.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        this.auth.put(AuthGrant.active(key, token(value), Set.of("scope-" + value)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> put : puts) {
                put.get(1, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
        List<AuthSession> listed = this.auth.listForThread(this.tenant, "thread-1", null);
        assertThat(listed).hasSize(1);
        AuthSession survivor = listed.get(0);
        assertThat(tokens).contains(survivor.context().accessToken());
        assertThat(survivor.scopes()).containsExactly("scope-" + survivor.context().accessToken());
    }

    @Test
    void toStringWhenSessionHoldsTokensThenShowsNoSecret() {
        AuthSession session = this.auth.put(AuthGrant.active(key("thread-1", "default", "slack"),
                new AuthContext("xoxp-SECRET-ACCESS", "xoxe-SECRET-REFRESH", "Bearer", null,
                        Map.of("id_token", "SECRET-ID")),
                Set.of("read")));
        assertThat(session.toString()).doesNotContain("SECRET").contains("redacted");
        assertThat(this.auth.find(session.key(), Set.of()).orElseThrow().toString()).doesNotContain("SECRET");
    }

    @Test
    void putWhenGrantIsMalformedThenClearError() {
        AuthSessionKey key = key("thread-1", "default", "slack");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new AuthGrant(key, AuthStatus.ACTIVE, null, true, Set.of(), null, null))
            .withMessageContaining("AuthContext");
        assertThatIllegalArgumentException().isThrownBy(() -> new AuthContext("", null, null, null, Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> key("thread\n1", "default", "slack"));
        assertThat(this.auth.listForThread(this.tenant, "thread-1", null)).isEmpty();
    }
}
