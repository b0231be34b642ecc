package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.RewindAndForkConformanceTests;
import dev.agentsession.store.SessionCodec;

/**
 * The rewind and fork conformance suite on the Caffeine store.
 */
class MemoryRewindAndForkTests extends RewindAndForkConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }
}
