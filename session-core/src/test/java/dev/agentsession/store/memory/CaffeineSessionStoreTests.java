package dev.agentsession.store.memory;

import java.time.Clock;

import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStoreConformanceTests;

/**
 * The conformance suite on the Caffeine store.
 */
class CaffeineSessionStoreTests extends SessionStoreConformanceTests<CaffeineSessionStore> {

    @Override
    protected CaffeineSessionStore createStore(Clock clock) {
        return new CaffeineSessionStore(clock, 100_000, new SessionCodec());
    }
}
