package dev.agentsession.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import dev.agentsession.Identifiers;
import dev.agentsession.state.DocumentScope;
import dev.agentsession.state.ScopedStore;
import dev.agentsession.store.SessionCodec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Documents in the {@code DOCUMENTS} table, keyed by the hash of their scope and their key. Each call is
 * one statement in a transaction of its own.
 */
final class JdbcScopedStore implements ScopedStore {

    private final JdbcTemplate jdbc;

    private final SessionCodec codec;

    private final RetryingTransactions transactions;

    private final SingletonSupplier<Sql> sql;

    JdbcScopedStore(JdbcTemplate jdbc, SessionCodec codec, JdbcStoreSettings settings, Supplier<JdbcDialect> dialect,
            RetryingTransactions transactions) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.transactions = transactions;
        this.sql = SingletonSupplier.of(() -> Sql.of(settings, dialect.get()));
    }

    @Override
    public void save(DocumentScope scope, String key, Map<String, Object> document) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        Objects.requireNonNull(document, "document must not be null");
        String json = this.codec.writeValue(this.codec.normalizeDocument(document));
        this.transactions.write("save a document", () -> this.jdbc.update(this.sql.obtain().upsert(),
                KeyHashes.scope(scope), key, scope.kind().name(), scope.tenant(), scope.owner(), json));
    }

    @Override
    public Optional<Map<String, Object>> load(DocumentScope scope, String key) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        List<String> found = this.transactions.read("load a document", () -> this.jdbc.queryForList(
                this.sql.obtain().load(), String.class, KeyHashes.scope(scope), key, scope.kind().name(),
                scope.tenant(), scope.owner()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> document = this.codec.readObject(null, "document '" + key + "' in " + scope,
                found.get(0));
        return Optional.of(this.codec.normalizeDocument(document));
    }

    @Override
    public boolean delete(DocumentScope scope, String key) {
        Objects.requireNonNull(scope, "scope must not be null");
        Identifiers.requireValid("document key", key);
        return this.transactions.write("delete a document", () -> this.jdbc.update(this.sql.obtain().delete(),
                KeyHashes.scope(scope), key, scope.kind().name(), scope.tenant(), scope.owner())) > 0;
    }

    /**
     * Keys with a prefix form one contiguous range from the prefix on in any lexicographic order, so the
     * query reads the index from the prefix on and stops at the first key without it.
     */
    @Override
    public List<String> listKeys(DocumentScope scope, String prefix) {
        Objects.requireNonNull(scope, "scope must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        ResultSetExtractor<List<String>> keysWithPrefix = (rs) -> {
            List<String> keys = new ArrayList<>();
            while (rs.next()) {
                String key = rs.getString(1);
                if (!key.startsWith(prefix)) {
                    break;
                }
                keys.add(key);
            }
            return keys;
        };
        return this.transactions.read("list document keys", () -> this.jdbc.query(this.sql.obtain().listKeys(),
                keysWithPrefix, KeyHashes.scope(scope), scope.kind().name(), scope.tenant(), scope.owner(), prefix));
    }

    /**
     * The statements on the documents table of one prefix and dialect.
     */
    private record Sql(String upsert, String load, String delete, String listKeys) {

        static Sql of(JdbcStoreSettings settings, JdbcDialect dialect) {
            return new Sql(
                    dialect.upsert(settings.resolve("${prefix}DOCUMENTS"), List.of("SCOPE_HASH", "DOC_KEY"),
                            List.of("SCOPE_KIND", "TENANT", "SCOPE_OWNER", "DOC_JSON")),
                    settings.resolve("""
                            SELECT DOC_JSON FROM ${prefix}DOCUMENTS
                            WHERE SCOPE_HASH = ? AND DOC_KEY = ? AND SCOPE_KIND = ? AND TENANT = ? AND SCOPE_OWNER = ?
                            """),
                    settings.resolve("""
                            DELETE FROM ${prefix}DOCUMENTS
                            WHERE SCOPE_HASH = ? AND DOC_KEY = ? AND SCOPE_KIND = ? AND TENANT = ? AND SCOPE_OWNER = ?
                            """),
                    settings.resolve("""
                            SELECT DOC_KEY FROM ${prefix}DOCUMENTS
                            WHERE SCOPE_HASH = ? AND SCOPE_KIND = ? AND TENANT = ? AND SCOPE_OWNER = ? AND DOC_KEY >= ?
                            ORDER BY DOC_KEY
                            """));
        }
    }
}
