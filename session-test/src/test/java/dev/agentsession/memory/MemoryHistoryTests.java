package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.HistoryConformanceTests;
import dev.agentsession.store.SessionCodec;

/**
 * The history conformance suite on the Caffeine store.
 */
class MemoryHistoryTests extends HistoryConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }
}
