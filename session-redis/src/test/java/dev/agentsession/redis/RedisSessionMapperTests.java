package dev.agentsession.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentsession.AgentSession;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStatus;
import dev.agentsession.SessionSummary;
import dev.agentsession.state.StateChanges;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Replies of the session scripts read by field name into sessions and summaries, state changes written as the
 * scripts take them, and unreadable records reported corrupt with the session they belong to.
 */
class RedisSessionMapperTests {

    private final RedisSessionMapper mapper = new RedisSessionMapper(new SessionCodec());

    private final SessionRef ref = new SessionRef("t", "app", "alice", "s1");

    private final Instant created = Instant.parse("2026-03-01T10:00:00.000001Z");

    private final Instant updated = Instant.parse("2026-03-01T10:05:00Z");

    @Test
    void sessionWhenReplyHasEveryFieldThenReadByName() {
        Map<SessionHashField, String> meta = meta();
        meta.put(SessionHashField.EXPIRES_AT, ScriptValues.micros(this.updated.plusSeconds(60)));
        List<Object> reply = List.of(ScriptReply.OK.code(), flat(meta), List.of("k", "1"), List.of("user:u", "\"x\""),
                List.of(), List.of());
        AgentSession session = this.mapper.session(this.ref, reply);
        assertThat(session.status()).isEqualTo(SessionStatus.ARCHIVED);
        assertThat(session.metadata()).containsEntry("topic", "trip");
        assertThat(session.version()).isEqualTo(3);
        assertThat(session.eventCount()).isEqualTo(2);
        assertThat(session.createdAt()).isEqualTo(this.created);
        assertThat(session.updatedAt()).isEqualTo(this.updated);
        assertThat(session.expiresAt()).isEqualTo(this.updated.plusSeconds(60));
        assertThat(session.flow()).isNull();
        assertThat(session.state()).containsEntry("k", 1).containsEntry("user:u", "x");
    }

    @Test
    void sessionWhenAFieldIsMissingOrUnreadableThenCorruptedNamingTheSession() {
        for (SessionHashField broken : List.of(SessionHashField.VERSION, SessionHashField.STATUS,
                SessionHashField.CREATED_AT, SessionHashField.METADATA)) {
            Map<SessionHashField, String> missing = meta();
            missing.remove(broken);
            Map<SessionHashField, String> garbage = meta();
            garbage.put(broken, "garbage");
            for (Map<SessionHashField, String> meta : List.of(missing, garbage)) {
                List<Object> reply = List.of(ScriptReply.OK.code(), flat(meta), List.of(), List.of(), List.of(),
                        List.of());
                assertThatExceptionOfType(SessionDataCorruptedException.class).as(broken.name())
                    .isThrownBy(() -> this.mapper.session(this.ref, reply))
                    .satisfies((ex) -> assertThat(ex.getRef()).isEqualTo(this.ref));
            }
        }
    }

    @Test
    void summaryWhenListingReturnsTheFieldsThenReadByName() {
        SessionSummary summary = this.mapper.summary(this.ref, new StoredHash(byField(meta())));
        assertThat(summary).isEqualTo(new SessionSummary(this.ref, SessionStatus.ARCHIVED, Map.of("topic", "trip"),
                2, 3, this.created, this.updated, null));
    }

    @Test
    void addChangesThenCountAndOneTriplePerChangeWithItsScopeCode() {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("k", 1);
        delta.put("user:u", "x");
        delta.put("app:a", null);
        List<String> args = new ArrayList<>();
        this.mapper.addChanges(args, StateChanges.of(delta));
        assertThat(args).containsExactly("3", StateScopeCode.SESSION.code(), "k", "1", StateScopeCode.USER.code(),
                "user:u", "\"x\"", StateScopeCode.APP.code(), "app:a", "");
    }

    private Map<SessionHashField, String> meta() {
        Map<SessionHashField, String> meta = new LinkedHashMap<>();
        meta.put(SessionHashField.VERSION, "3");
        meta.put(SessionHashField.STATUS, SessionStatusCode.ARCHIVED.code());
        meta.put(SessionHashField.METADATA, "{\"topic\":\"trip\"}");
        meta.put(SessionHashField.CREATED_AT, ScriptValues.micros(this.created));
        meta.put(SessionHashField.UPDATED_AT, ScriptValues.micros(this.updated));
        meta.put(SessionHashField.EVENT_COUNT, "2");
        return meta;
    }

    private static Map<String, String> byField(Map<SessionHashField, String> meta) {
        Map<String, String> fields = new LinkedHashMap<>();
        meta.forEach((field, value) -> fields.put(field.field(), value));
        return fields;
    }

    private static List<String> flat(Map<SessionHashField, String> meta) {
        List<String> flat = new ArrayList<>();
        byField(meta).forEach((field, value) -> {
            flat.add(field);
            flat.add(value);
        });
        return flat;
    }
}
