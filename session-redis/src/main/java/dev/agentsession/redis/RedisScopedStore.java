package dev.agentsession.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.agentsession.Identifiers;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.SessionCodec;

/**
 * Documents on Redis: per scope, a hash {@code key -> JSON} and a sorted set of the keys (all scores 0) for
 * prefix listings, both under the scope's own hash tag and written together by one script.
 */
final class RedisScopedStore implements ScopedStore {

    private final RedisOperations redis;

    private final RedisScripts scripts;

    private final RedisKeys keys;

    private final SessionCodec codec;

    RedisScopedStore(RedisOperations redis, RedisScripts scripts, RedisKeys keys, SessionCodec codec) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.codec = codec;
    }

    @Override
    public void save(DocumentScope scope, String key, Map<String, Object> document) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        Objects.requireNonNull(document, "document must not be null");
        String json = this.codec.writeValue(this.codec.normalizeDocument(document));
        this.redis.script("save of document '" + key + "' in " + scope, this.scripts.documentSave,
                this.keys.documentKeys(scope), List.of(key, json));
    }

    @Override
    public Optional<Map<String, Object>> load(DocumentScope scope, String key) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        String what = "document '" + key + "' in " + scope;
        String json = this.redis.hashGet("load of " + what, this.keys.documentKeys(scope).get(0), key);
        if (json == null) {
            return Optional.empty();
        }
        return Optional.of(this.codec.normalizeDocument(this.codec.readObject(null, what, json)));
    }

    @Override
    public boolean delete(DocumentScope scope, String key) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        return this.redis.script("delete of document '" + key + "' in " + scope, this.scripts.documentDelete,
                this.keys.documentKeys(scope), List.of(key)) == 1L;
    }

    @Override
    public List<String> listKeys(DocumentScope scope, String prefix) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        List<?> found = this.redis.script("listing of documents in " + scope, this.scripts.documentKeys,
                List.of(this.keys.documentKeys(scope).get(1)), List.of(prefix));
        List<String> keys = new ArrayList<>(found.size());
        for (Object key : found) {
            if (((String) key).startsWith(prefix)) {
                keys.add((String) key);
            }
        }
        // Redis orders by UTF-8 bytes; the contract is String order, which differs beyond the BMP.
        keys.sort(null);
        return keys;
    }
}
