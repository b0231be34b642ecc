package dev.agentsession.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor of a Redis session store: a raw Lettuce client doing the least an append or a read needs, each in one
 * {@code EVALSHA}. An append writes the event's JSON (id, type, author, text, time, made with Jackson as ours is)
 * to a list and increments a version, both under one hash tag; a read takes the last 20 entries and the version and
 * parses the 20 events. No ids checked, no state, no listing index, no expiry: what ours does beyond that is what
 * the ratio measures.
 */
final class LettuceFloorPeer implements PeerStore {

    private static final String APPEND = """
            redis.call('RPUSH', KEYS[1], ARGV[1])
            return redis.call('HINCRBY', KEYS[2], 'version', 1)""";

    private static final String READ = """
            return { redis.call('HGET', KEYS[2], 'version'), redis.call('LRANGE', KEYS[1], -20, -1) }""";

    private final RedisClient client;

    private final StatefulRedisConnection<String, String> connection;

    private final RedisCommands<String, String> redis;

    private final String appendSha;

    private final String readSha;

    private final String namespace = "bench-floor:" + UUID.randomUUID();

    private final JsonMapper json = JsonMapper.builder().build();

    LettuceFloorPeer() {
        this.client = RedisClient.create(RedisURI.create(Backend.redisHost(), Backend.redisPort()));
        this.connection = this.client.connect();
        this.redis = this.connection.sync();
        this.appendSha = this.redis.scriptLoad(APPEND);
        this.readSha = this.redis.scriptLoad(READ);
    }

    @Override
    public Object conversation(int history) {
        String[] keys = keys(UUID.randomUUID().toString());
        List<String> chunk = new ArrayList<>();
        for (int i = 0; i < history; i++) {
            chunk.add(event((i % 2 == 0) ? "user" : "assistant", "history message number " + i));
            if (chunk.size() == 1000 || i == history - 1) {
                this.redis.rpush(keys[0], chunk.toArray(String[]::new));
                chunk.clear();
            }
        }
        this.redis.hset(keys[1], "version", String.valueOf(history));
        return keys;
    }

    @Override
    public Object append(Object conversation) {
        return this.redis.evalsha(this.appendSha, ScriptOutputType.INTEGER, (String[]) conversation,
                event("user", "hello, how are you today?"));
    }

    @Override
    public Object recent20(Object conversation) {
        List<Object> reply = this.redis.evalsha(this.readSha, ScriptOutputType.MULTI, (String[]) conversation);
        @SuppressWarnings("unchecked")
        List<String> events = (List<String>) reply.get(1);
        List<JsonNode> parsed = new ArrayList<>(events.size());
        for (String event : events) {
            parsed.add(this.json.readTree(event));
        }
        return parsed;
    }

    private String[] keys(String conversation) {
        String base = this.namespace + ":{" + conversation + "}";
        return new String[] { base + ":e", base + ":m" };
    }

    private String event(String author, String text) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("type", "MESSAGE");
        event.put("author", author);
        event.put("content", text);
        event.put("timestamp", Instant.now().toString());
        return this.json.writeValueAsString(event);
    }

    @Override
    public void close() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = this.redis.scan(cursor,
                    ScanArgs.Builder.matches(this.namespace + ":*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                this.redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        this.connection.close();
        this.client.shutdown();
    }
}
