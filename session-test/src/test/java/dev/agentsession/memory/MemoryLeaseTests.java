package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.LeaseConformanceTests;
import dev.agentsession.store.SessionCodec;

/**
 * The run-lease conformance suite on the Caffeine store.
 */
class MemoryLeaseTests extends LeaseConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }
}
