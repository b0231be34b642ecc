package dev.agentsession.memory;

import java.time.Clock;

import dev.agentsession.conformance.PrivacyConformanceTests;
import dev.agentsession.store.AuthSessionStore;
import dev.agentsession.store.SessionCodec;

/**
 * The privacy conformance suite on the Caffeine stores.
 */
class MemoryPrivacyTests extends PrivacyConformanceTests<MemorySessionStore> {

    @Override
    protected MemorySessionStore createStore(Clock clock) {
        return new MemorySessionStore(clock, 100_000, new SessionCodec());
    }

    @Override
    protected AuthSessionStore createAuthStore(Clock clock) {
        return new MemoryAuthSessionStore();
    }
}
