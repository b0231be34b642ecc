package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.HistoryRewindAndForkConformanceTests;
import dev.agentsession.store.SessionCodec;

/**
 * The history rewind, fork and lease conformance suite on the Caffeine store.
 */
class MemoryHistoryRewindAndForkTests extends HistoryRewindAndForkConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }
}
