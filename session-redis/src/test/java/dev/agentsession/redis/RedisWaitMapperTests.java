package dev.agentsession.redis;

import java.time.Instant;

import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionRef;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.store.SessionCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The stored form of a wait: a header the scripts read, then the JSON of flow and payload, read back as it was
 * written; a value that cannot be read is reported corrupt with the user it belongs to.
 */
class RedisWaitMapperTests {

    private final SessionCodec codec = new SessionCodec();

    private final RedisWaitMapper mapper = new RedisWaitMapper(this.codec);

    private final SessionRef ref = new SessionRef("t", "app", "alice", "s|1");

    private final ReplyScope scope = ReplyScope.of("slack", "C1", "T9");

    private final Instant createdAt = Instant.parse("2026-03-01T10:00:00.123456Z");

    private final Instant expiresAt = Instant.parse("2026-03-01T11:00:00.000001Z");

    @Test
    void valueWhenReadBackThenSameWaitWithPayloadOrWithout() {
        FlowState flow = new FlowState("booking", "approve", this.codec.mapper().createObjectNode().put("step", 2));
        for (SessionWait wait : new SessionWait[] {
                new SessionWait(this.ref, this.scope, flow, this.codec.mapper().createObjectNode().put("ask", "ok?"),
                        this.createdAt, this.expiresAt),
                new SessionWait(this.ref, ReplyScope.of("web", "x"), flow, null, this.createdAt, this.expiresAt) }) {
            String value = this.mapper.value(wait);
            assertThat(value).startsWith(ScriptValues.micros(this.expiresAt) + "|" + ScriptValues.micros(this.createdAt)
                    + "|" + RedisKeys.encode("s|1") + "|{");
            assertThat(this.mapper.wait("t", "app", "alice", RedisKeys.waitField(wait.scope()), value))
                .isEqualTo(wait);
        }
    }

    @Test
    void valueWhenTheWaitIsForAnotherUserThenTheHeaderNamesTheOwnerAndReadsBack() {
        FlowState flow = new FlowState("booking", "approve", this.codec.mapper().createObjectNode());
        SessionWait wait = new SessionWait(this.ref, "manager", this.scope, flow, null, this.createdAt,
                this.expiresAt);
        String value = this.mapper.value(wait);
        assertThat(value).startsWith(ScriptValues.micros(this.expiresAt) + "|" + ScriptValues.micros(this.createdAt)
                + "|" + RedisKeys.encode("alice") + ":" + RedisKeys.encode("s|1") + "|{");
        SessionWait read = this.mapper.wait("t", "app", "manager", RedisKeys.waitField(this.scope), value);
        assertThat(read).isEqualTo(wait);
        assertThat(read.session()).isEqualTo(this.ref);
        assertThat(read.waitingUserId()).isEqualTo("manager");
    }

    @Test
    void waitWhenHeaderIsIncompleteThenCorruptedNamingTheUser() {
        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> this.mapper.wait("t", "app", "alice", RedisKeys.waitField(this.scope), "12|34"))
            .withMessageContaining("wait of user 'alice' in t/app");
    }

    @Test
    void waitWhenFlowIsMissingOrJsonBrokenThenCorruptedNamingTheSession() {
        String header = "2|1|" + RedisKeys.encode("s1") + "|";
        for (String json : new String[] { "{\"payload\":null}", "{\"flow\":", "{\"flow\":[]}" }) {
            assertThatExceptionOfType(SessionDataCorruptedException.class)
                .isThrownBy(() -> this.mapper.wait("t", "app", "alice", RedisKeys.waitField(this.scope), header + json))
                .satisfies((ex) -> assertThat(ex.getRef()).isEqualTo(new SessionRef("t", "app", "alice", "s1")));
        }
    }
}
