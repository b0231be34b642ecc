package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.AuthSessionStoreConformanceTests;

/**
 * The auth conformance suite on the memory store.
 */
class MemoryAuthSessionStoreTests extends AuthSessionStoreConformanceTests<MemoryAuthSessionStore> {

    @Override
    protected MemoryAuthSessionStore createStore(Clock clock) {
        return new MemoryAuthSessionStore();
    }
}
