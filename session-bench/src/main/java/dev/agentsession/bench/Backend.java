package dev.agentsession.bench;

import java.time.Clock;

import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.memory.CaffeineSessionStore;

/**
 * The backends the benchmarks run on, each opened on its local server (the same defaults and environment
 * variables as the tests).
 */
enum Backend {

    /** Caffeine in the heap. */
    MEMORY {
        @Override
        BenchStore open(Clock clock) {
            CaffeineSessionStore store = new CaffeineSessionStore(clock, 1_000_000, new SessionCodec());
            return new BenchStore(store, store, () -> {
            });
        }
    };

    abstract BenchStore open(Clock clock) throws Exception;
}
