package dev.agentsession.bench;

import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;

/**
 * A store opened for a benchmark, with whatever must be closed after it.
 *
 * @param sessions the store
 * @param waits the same store's waits
 * @param resources what to close afterwards (pools, clients)
 */
record BenchStore(SessionStore sessions, WaitStore waits, AutoCloseable resources) {
}
