package dev.agentsession.redis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.agentsession.auth.AuthSessionKey;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth key layout: one hash tag per tenant, no collisions between tricky ids, and thread index members
 * that sort as profile, then provider in {@link String} order.
 */
class RedisAuthKeysTests {

    private static final List<String> TRICKY = List.of("a", "b", "a:b", "b:c", "a{b}", "{b}c", "{", "}", "}{", "{}",
            ":", "a.b", "a*", "?", "[a]", "\\", "ü:ß", "日本", "🚀", " ", "a b", "0061", "ab", "a/b");

    private final RedisAuthKeys keys = RedisAuthKeys.of("agent:session");

    @Test
    void scriptKeysWhenIdsAreTrickyThenOneSlotPerTenantAndNoCollision() {
        Set<String> sessions = new HashSet<>();
        for (String tenant : TRICKY) {
            int slot = SlotHash.getSlot(this.keys.resolveUids(tenant));
            for (String id : TRICKY) {
                AuthSessionKey key = new AuthSessionKey(tenant, id, id + "}", "{" + id);
                List<String> all = this.keys.scriptKeys(key);
                assertThat(all).hasSize(3).doesNotHaveDuplicates();
                for (String stored : all) {
                    assertThat(SlotHash.getSlot(stored)).as(stored).isEqualTo(slot);
                    assertThat(stored.chars().filter((c) -> c == '{').count()).as(stored).isEqualTo(1);
                    assertThat(stored).startsWith("agent:session:{auth.");
                }
                assertThat(sessions.add(all.get(0))).as(all.get(0)).isTrue();
            }
        }
        assertThat(this.keys.tenantPrefix("t")).isNotEqualTo(RedisKeys.appTag("t", "a"));
    }

    @Test
    void threadMemberThenSortsByProfileThenProviderAsStringsDo() {
        List<AuthSessionKey> expected = new ArrayList<>();
        for (String profile : TRICKY) {
            for (String provider : List.of("slack", "google", "a", "ab", "b")) {
                expected.add(new AuthSessionKey("t", "thread", profile, provider));
            }
        }
        expected.sort(Comparator.comparing(AuthSessionKey::profile).thenComparing(AuthSessionKey::provider));
        List<AuthSessionKey> byMember = new ArrayList<>(expected);
        byMember.sort(Comparator.comparing(RedisAuthKeys::threadMember));
        assertThat(byMember).containsExactlyElementsOf(expected);
    }
}
