package dev.agentsession;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.SessionCodec;

/**
 * The manager's documents: keys checked by the identifier rules and documents by the codec's limits before the
 * store sees them (SPEC 3.5), so that every backend stores and refuses the same documents.
 */
final class CheckedScopedStore implements ScopedStore {

    private final ScopedStore delegate;

    private final SessionCodec codec;

    CheckedScopedStore(ScopedStore delegate, SessionCodec codec) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    @Override
    public void save(DocumentScope scope, String key, Map<String, Object> document) {
        check(scope, key);
        Objects.requireNonNull(document, "document must not be null");
        this.delegate.save(scope, key, this.codec.normalizeDocument(document));
    }

    @Override
    public Optional<Map<String, Object>> load(DocumentScope scope, String key) {
        check(scope, key);
        return this.delegate.load(scope, key);
    }

    @Override
    public boolean delete(DocumentScope scope, String key) {
        check(scope, key);
        return this.delegate.delete(scope, key);
    }

    @Override
    public List<String> listKeys(DocumentScope scope, String prefix) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        if (!prefix.isEmpty()) {
            Identifiers.requireValid("document key prefix", prefix);
        }
        return this.delegate.listKeys(scope, prefix);
    }

    private static void check(DocumentScope scope, String key) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
    }
}
