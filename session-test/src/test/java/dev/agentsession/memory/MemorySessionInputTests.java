package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.SessionInputConformanceTests;
import dev.agentsession.store.SessionCodec;

/**
 * The values and keys suite on the Caffeine store.
 */
class MemorySessionInputTests extends SessionInputConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }
}
