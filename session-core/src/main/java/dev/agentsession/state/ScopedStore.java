package dev.agentsession.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Namespaced JSON documents outside any session: agent memory, shared notes, user profiles. Keys follow
 * the identifier rules of {@link dev.agentsession.Identifiers}; values are JSON-compatible maps.
 */
public interface ScopedStore {

    /**
     * Stores a document, replacing any document under the same scope and key.
     * @param scope the scope
     * @param key the key
     * @param document the document
     */
    void save(DocumentScope scope, String key, Map<String, Object> document);

    /**
     * Reads a document.
     * @param scope the scope
     * @param key the key
     * @return the document, or empty if none is stored
     */
    Optional<Map<String, Object>> load(DocumentScope scope, String key);

    /**
     * Deletes a document.
     * @param scope the scope
     * @param key the key
     * @return {@code true} if a document was deleted
     */
    boolean delete(DocumentScope scope, String key);

    /**
     * The keys of a scope that start with {@code prefix}, in ascending order.
     * @param scope the scope
     * @param prefix the prefix, empty for every key
     * @return the keys
     */
    List<String> listKeys(DocumentScope scope, String prefix);
}
