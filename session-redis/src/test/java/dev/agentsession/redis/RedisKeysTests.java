package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.agentsession.SessionRef;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.store.PageCursor;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The key layout: ids cannot collide or break the hash tag, every key of a session shares one slot, and index
 * members sort in listing order.
 */
class RedisKeysTests {

    private static final List<String> TRICKY = List.of("a", "b", "a:b", "b:c", "a{b}", "{b}c", "{", "}", "}{",
            "{}", ":", "::", "a*", "*b", "*", "?", "[a]", "\\", "a.b", "%41",
            "A", "ü:ß", "日本", "ß:日本", "🚀", "\uD83D\uDE80x", "x\uD83D\uDE80", " ", "a b", "0061", "00610062",
            "ab", "a/b", "'", "\"");

    private final RedisKeys keys = new RedisKeys("agent:session");

    @Test
    void encodeWhenIdsContainSeparatorsBracesOrUnicodeThenRoundTripsAndUsesHexOnly() {
        for (String id : TRICKY) {
            String encoded = RedisKeys.encode(id);
            assertThat(encoded).as(id).matches("[0-9a-f]+").hasSize(id.length() * 4);
            assertThat(RedisKeys.decode(encoded)).isEqualTo(id);
        }
        assertThatIllegalArgumentException().isThrownBy(() -> RedisKeys.decode("abc"));
    }

    @Test
    void sessionKeysWhenIdsAreTrickyThenNoTwoSessionsShareAKey() {
        List<SessionRef> refs = new ArrayList<>();
        for (String first : TRICKY) {
            for (String second : List.of("a", "b:c", "{x}", "日本")) {
                refs.add(new SessionRef(first, second, "u", "s"));
                refs.add(new SessionRef("t", first, second, "s"));
                refs.add(new SessionRef("t", "a", first, second));
                refs.add(new SessionRef("t", "a", second, first));
            }
        }
        Set<SessionRef> distinct = new HashSet<>(refs);
        Set<String> sessionKeys = new HashSet<>();
        for (SessionRef ref : distinct) {
            List<String> own = this.keys.sessionScriptKeys(ref).subList(0, 5);
            for (String key : own) {
                assertThat(sessionKeys.add(key)).as("key %s of %s is unique", key, ref).isTrue();
            }
        }
        assertThat(sessionKeys).hasSize(distinct.size() * 5);
    }

    @Test
    void appKeysWhenTenantAndAppAreSplitDifferentlyThenDistinct() {
        assertThat(this.keys.appPrefix("a:b", "c")).isNotEqualTo(this.keys.appPrefix("a", "b:c"));
        assertThat(this.keys.appPrefix("a.b", "c")).isNotEqualTo(this.keys.appPrefix("a", "b.c"));
        assertThat(this.keys.appPrefix("a}", "{c")).isNotEqualTo(this.keys.appPrefix("a", "}{c"));
        assertThat(this.keys.userIndex("t", "a", "u")).isNotEqualTo(this.keys.userIndex("t", "a", "u:"));
    }

    @Test
    void sessionScriptKeysWhenIdsAreTrickyThenAllHashToOneSlotWithOneHashTag() {
        for (String id : TRICKY) {
            SessionRef ref = new SessionRef("tenant" + id, id, id + "}", "{" + id);
            List<String> all = this.keys.sessionScriptKeys(ref);
            assertThat(all).hasSize(14).doesNotHaveDuplicates();
            int slot = SlotHash.getSlot(all.get(0));
            for (String key : all) {
                assertThat(SlotHash.getSlot(key)).as(key).isEqualTo(slot);
                assertThat(key.chars().filter((c) -> c == '{').count()).as(key).isEqualTo(1);
                assertThat(key.chars().filter((c) -> c == '}').count()).as(key).isEqualTo(1);
            }
            assertThat(SlotHash.getSlot(this.keys.appIndex(ref.tenant(), ref.app()))).isEqualTo(slot);
            assertThat(SlotHash.getSlot(this.keys.users(ref.tenant(), ref.app()))).isEqualTo(slot);
        }
    }

    @Test
    void forkScriptKeysWhenSessionIdsDifferThenSourceAndNewSessionShareOneSlot() {
        for (String id : TRICKY) {
            SessionRef source = new SessionRef("tenant" + id, id, id + "}", "{" + id);
            SessionRef target = new SessionRef(source.tenant(), source.app(), source.userId(), "fork" + id);
            List<String> all = this.keys.forkScriptKeys(source, target);
            assertThat(all).hasSize(15).doesNotHaveDuplicates();
            assertThat(all.subList(0, 14)).isEqualTo(this.keys.sessionScriptKeys(target));
            assertThat(all.get(14)).isEqualTo(this.keys.session(source) + ":m");
            assertThat(all).extracting(SlotHash::getSlot).containsOnly(SlotHash.getSlot(all.get(0)));
        }
    }

    @Test
    void documentKeysWhenScopesDifferThenDistinctAndEachPairInOneSlot() {
        List<DocumentScope> scopes = List.of(DocumentScope.global("t"), DocumentScope.agent("t", "x"),
                DocumentScope.shared("t", "x"), DocumentScope.user("t", "x"), DocumentScope.user("t", "x:y"),
                DocumentScope.user("t:x", "y"), DocumentScope.global("t2"));
        Set<String> seen = new HashSet<>();
        for (DocumentScope scope : scopes) {
            List<String> pair = this.keys.documentKeys(scope);
            assertThat(SlotHash.getSlot(pair.get(0))).isEqualTo(SlotHash.getSlot(pair.get(1)));
            assertThat(seen.addAll(pair)).as(scope.toString()).isTrue();
        }
    }

    @Test
    void indexMembersWhenSortedBytewiseDescendingThenInNewestFirstOrder() {
        Random random = new Random(42);
        List<PageCursor> cursors = new ArrayList<>();
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 500; i++) {
            Instant at = base.plusNanos(1000L * random.nextInt(5));
            cursors.add(new PageCursor(at, TRICKY.get(random.nextInt(TRICKY.size())),
                    TRICKY.get(random.nextInt(TRICKY.size()))));
        }
        cursors.add(new PageCursor(Instant.parse("1969-12-31T23:59:59Z"), "a", "b"));
        List<PageCursor> expected = new ArrayList<>(new HashSet<>(cursors));
        expected.sort(PageCursor.NEWEST_FIRST);
        List<PageCursor> byMember = new ArrayList<>(new HashSet<>(cursors));
        byMember.sort(Comparator
            .comparing((PageCursor c) -> RedisKeys.indexMember(c.updatedAt(), c.userId(), c.sessionId()))
            .reversed());
        assertThat(byMember).containsExactlyElementsOf(expected);
    }

    @Test
    void namespaceWhenItContainsBracesOrIsEmptyThenRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys("a{b}"))
            .withMessageContaining("agent.session.redis.namespace");
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys(""));
        assertThat(new RedisKeys("ns*").appIndexPattern()).isEqualTo("ns\\*:{*}:ax");
    }
}
