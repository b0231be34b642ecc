package dev.agentsession.observation;

import java.time.Clock;
import java.util.Map;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.NewSession;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.memory.MemorySessionStore;
import dev.agentsession.store.SessionCodec;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FlowAndMetadataObservationTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final MemorySessionStore store = new MemorySessionStore(Clock.systemUTC(), 100, new SessionCodec());

    private final SessionManager sessions = new DefaultSessionManager(this.store, this.store,
            new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
            SessionSettings.defaults(), SessionLifecycleListener.NONE, new SessionObservations(this.registry));

    @Test
    void flowMetadataWaitForAnotherUserAndClearAllWhenCalledThenOneObservationEachNamedForIt() {
        SessionRef ref = this.sessions.create(NewSession.forUser("support", "ada")).ref();
        FlowState flow = new FlowState("refund", "approve", JsonMapper.builder().build().createObjectNode());
        ReplyScope scope = ReplyScope.of("slack", "D1");
        this.registry.clear();
        this.sessions.updateFlow(ref, flow);
        this.sessions.updateMetadata(ref, Map.of("channel", "slack"));
        this.sessions.registerWait(ref, "manager", scope, flow);
        this.sessions.resume(WaitKey.of("support", "manager", scope), true);
        this.sessions.clearAll(SessionManager.CLEAR_ALL_CONFIRMATION);
        assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
            .extracting((context) -> ((SessionOperationContext) context).getOperation())
            .containsExactly("updateFlow", "updateMetadata", "registerWait", "resume", "clearAll"));
    }
}
