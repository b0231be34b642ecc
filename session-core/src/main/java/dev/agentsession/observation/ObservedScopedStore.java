package dev.agentsession.observation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;

/**
 * A {@link ScopedStore} whose every call is an observation.
 */
final class ObservedScopedStore implements ScopedStore {

    private final ScopedStore delegate;

    private final String store;

    private final SessionObservations observations;

    ObservedScopedStore(ScopedStore delegate, String store, SessionObservations observations) {
        this.delegate = delegate;
        this.store = store;
        this.observations = observations;
    }

    @Override
    public void save(DocumentScope scope, String key, Map<String, Object> document) {
        this.observations.observe("document.save", this.store, () -> this.delegate.save(scope, key, document));
    }

    @Override
    public Optional<Map<String, Object>> load(DocumentScope scope, String key) {
        return this.observations.observe("document.load", this.store, () -> this.delegate.load(scope, key));
    }

    @Override
    public boolean delete(DocumentScope scope, String key) {
        return this.observations.observe("document.delete", this.store, () -> this.delegate.delete(scope, key));
    }

    @Override
    public List<String> listKeys(DocumentScope scope, String prefix) {
        return this.observations.observe("document.listKeys", this.store,
                () -> this.delegate.listKeys(scope, prefix));
    }
}
