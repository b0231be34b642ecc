package dev.agentsession.redis;

import java.util.List;

import dev.agentsession.SessionAlreadyExistsException;
import dev.agentsession.SessionArchivedException;
import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionStoreUnavailableException;
import dev.agentsession.StaleSessionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Each status a session script replies with stands for one outcome; a reply without a known status is a
 * backend failure, not a silent success.
 */
class ScriptReplyTests {

    private final SessionRef ref = new SessionRef("t", "app", "alice", "s1");

    @Test
    void checkThenEachStatusRaisesItsException() {
        assertThatNoException().isThrownBy(() -> ScriptReply.check(this.ref, List.of(ScriptReply.OK.code()), null));
        assertThatExceptionOfType(SessionNotFoundException.class)
            .isThrownBy(() -> ScriptReply.check(this.ref, List.of(ScriptReply.NOT_FOUND.code()), null));
        assertThatExceptionOfType(SessionArchivedException.class)
            .isThrownBy(() -> ScriptReply.check(this.ref, List.of(ScriptReply.ARCHIVED.code()), null));
        assertThatExceptionOfType(SessionAlreadyExistsException.class)
            .isThrownBy(() -> ScriptReply.check(this.ref, List.of(ScriptReply.EXISTS.code()), null));
        assertThatExceptionOfType(StaleSessionException.class)
            .isThrownBy(() -> ScriptReply.check(this.ref, List.of(ScriptReply.STALE.code(), "7"), 5L))
            .satisfies((ex) -> {
                assertThat(ex.getExpectedVersion()).isEqualTo(5);
                assertThat(ex.getCurrentVersion()).isEqualTo(7);
            });
    }

    @Test
    void ofWhenReplyHasNoKnownStatusThenUnavailable() {
        for (List<?> reply : List.of(List.of(), List.of(99L), List.of("OK"))) {
            assertThatExceptionOfType(SessionStoreUnavailableException.class)
                .isThrownBy(() -> ScriptReply.of(reply))
                .withMessageContaining("Unexpected reply");
        }
    }
}
