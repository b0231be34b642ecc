package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.FlowAndMetadataConformanceTests;
import dev.agentsession.store.SessionCodec;

/**
 * The flow, metadata and clear-all conformance suite on the Caffeine store.
 */
class MemoryFlowAndMetadataTests extends FlowAndMetadataConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }
}
