package dev.agentsession.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.agentsession.SessionStoreUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis commands the store sends, each translated so that a backend failure (connection refused,
 * command timeout, cluster down) surfaces as {@link SessionStoreUnavailableException} with its cause.
 */
final class RedisOperations {

    private static final int DELETE_BATCH = 500;

    private final StringRedisTemplate redis;

    RedisOperations(RedisConnectionFactory connectionFactory) {
        this.redis = new StringRedisTemplate(
                Objects.requireNonNull(connectionFactory, "connectionFactory must not be null"));
    }

    /**
     * Runs a script: one {@code EVALSHA} (plus one {@code EVAL} the first time a server lacks it).
     */
    <T> T script(String what, RedisScript<T> script, List<String> keys, List<String> args) {
        T result = translate(what, () -> this.redis.execute(script, keys, args.toArray()));
        if (result == null) {
            throw new SessionStoreUnavailableException("Redis returned no reply to " + what, null);
        }
        return result;
    }

    @Nullable String hashGet(String what, String key, String field) {
        return translate(what, () -> this.redis.<String, String>opsForHash().get(key, field));
    }

    Map<String, String> hashGetAll(String what, String key) {
        Map<String, String> entries = translate(what, () -> this.redis.<String, String>opsForHash().entries(key));
        return (entries != null) ? entries : Map.of();
    }

    /**
     * The keys matching a pattern, scanned on every master of a cluster or on the one server.
     */
    List<String> scan(String what, String pattern) {
        List<String> found = new ArrayList<>();
        scan(what, pattern, found::add);
        return found;
    }

    /**
     * Unlinks every key that matches a pattern and that {@code keep} does not keep, a batch at a time, scanning every
     * master of a cluster or the one server.
     * @return how many keys were unlinked
     */
    long deleteMatching(String what, String pattern, Predicate<String> keep) {
        List<String> batch = new ArrayList<>();
        long[] deleted = new long[1];
        scan(what, pattern, (key) -> {
            if (!keep.test(key)) {
                batch.add(key);
            }
            if (batch.size() == DELETE_BATCH) {
                deleted[0] += unlink(what, batch);
                batch.clear();
            }
        });
        return deleted[0] + unlink(what, batch);
    }

    private long unlink(String what, List<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        // Spring Data Redis splits a cluster's multi-key UNLINK by slot.
        Long unlinked = translate(what, () -> this.redis.unlink(keys));
        return (unlinked != null) ? unlinked : 0;
    }

    private void scan(String what, String pattern, Consumer<String> each) {
        translate(what, () -> this.redis.execute((RedisCallback<Void>) (connection) -> {
            ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1000).build();
            if (connection instanceof RedisClusterConnection cluster) {
                for (RedisClusterNode node : cluster.clusterGetNodes()) {
                    if (node.isMaster()) {
                        try (Cursor<byte[]> cursor = cluster.scan(node, options)) {
                            cursor.forEachRemaining((key) -> each.accept(new String(key, StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
            else {
                try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
                    cursor.forEachRemaining((key) -> each.accept(new String(key, StandardCharsets.UTF_8)));
                }
            }
            return null;
        }));
    }

    void ping() {
        String reply = translate("PING", () -> this.redis.execute((RedisCallback<String>) (connection) -> connection.ping()));
        if (reply == null || !reply.equalsIgnoreCase("PONG")) {
            throw new SessionStoreUnavailableException("Redis answered PING with " + reply, null);
        }
    }

    private static <T> T translate(String what, Supplier<T> command) {
        try {
            return command.get();
        }
        catch (DataAccessException ex) {
            throw new SessionStoreUnavailableException("Redis " + what + " failed: " + ex.getMessage(), ex);
        }
    }
}
