package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.SessionStoreConformanceTests;
import dev.agentsession.store.SessionCodec;

/**
 * The conformance suite on the Caffeine store.
 */
class MemorySessionStoreTests extends SessionStoreConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }
}
