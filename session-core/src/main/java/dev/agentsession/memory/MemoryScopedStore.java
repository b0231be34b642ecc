package dev.agentsession.memory;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

import dev.agentsession.Identifiers;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.SessionCodec;

/**
 * Documents in memory, one sorted map per scope so that prefix listings are range reads.
 */
final class MemoryScopedStore implements ScopedStore {

    private final ConcurrentMap<DocumentScope, NavigableMap<String, Map<String, Object>>> documents =
            new ConcurrentHashMap<>();

    private final SessionCodec codec;

    MemoryScopedStore(SessionCodec codec) {
        this.codec = codec;
    }

    @Override
    public void save(DocumentScope scope, String key, Map<String, Object> document) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        Objects.requireNonNull(document, "document must not be null");
        Map<String, Object> normalized = this.codec.normalizeDocument(document);
        this.documents.computeIfAbsent(scope, (s) -> new ConcurrentSkipListMap<>()).put(key, normalized);
    }

    @Override
    public Optional<Map<String, Object>> load(DocumentScope scope, String key) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        NavigableMap<String, Map<String, Object>> inScope = this.documents.get(scope);
        return (inScope != null) ? Optional.ofNullable(inScope.get(key)) : Optional.empty();
    }

    @Override
    public boolean delete(DocumentScope scope, String key) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        NavigableMap<String, Map<String, Object>> inScope = this.documents.get(scope);
        return inScope != null && inScope.remove(key) != null;
    }

    @Override
    public List<String> listKeys(DocumentScope scope, String prefix) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        NavigableMap<String, Map<String, Object>> inScope = this.documents.get(scope);
        if (inScope == null) {
            return List.of();
        }
        return inScope.tailMap(prefix, true)
            .keySet()
            .stream()
            .takeWhile((key) -> key.startsWith(prefix))
            .toList();
    }

    /**
     * Deletes every document of every scope.
     */
    void clear() {
        this.documents.clear();
    }
}
