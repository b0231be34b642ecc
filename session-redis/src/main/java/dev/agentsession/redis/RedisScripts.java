package dev.agentsession.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the stores, read once from the class path, each preceded by the {@link LuaPrelude} (the
 * names of the hash fields and codes) and, for the scripts that reach sessions of an app, by the functions they share
 * ({@code app-common.lua}, then {@code session-common.lua} or {@code wait-common.lua}).
 * Spring Data Redis runs them with {@code EVALSHA}, falling back to {@code EVAL} the first time a server has
 * not cached one.
 */
@SuppressWarnings("rawtypes")
final class RedisScripts {

    final RedisScript<List> create = session("create");

    final RedisScript<List> append = session("append");

    final RedisScript<List> updateState = session("update-state");

    final RedisScript<List> rewind = session("rewind");

    final RedisScript<List> fork = session("fork");

    final RedisScript<List> archive = session("archive");

    final RedisScript<Long> delete = session("delete", Long.class);

    final RedisScript<List> read = session("read");

    final RedisScript<List> updateFlow = session("update-flow");

    final RedisScript<List> updateMetadata = session("update-metadata");

    final RedisScript<List> registerWait = session("register-wait");

    final RedisScript<List> claimWait = session("claim-wait");

    final RedisScript<List> lease = session("lease");

    final RedisScript<List> findEvent = session("find-event");

    final RedisScript<List> waitFind = waits("wait-find");

    final RedisScript<List> waitList = waits("wait-list");

    final RedisScript<List> list = plain("list", List.class);

    final RedisScript<List> archiveInactive = app("archive-inactive");

    final RedisScript<List> removeCompacted = app("remove-compacted");

    final RedisScript<Long> retain = plain("retain", Long.class);

    final RedisScript<List> deleteAll = plain("delete-all", List.class);

    final RedisScript<List> eraseUser = app("erase-user");

    final RedisScript<List> userData = app("user-data");

    final RedisScript<Long> authPut = plain("auth-put", Long.class);

    final RedisScript<List> authFindUid = plain("auth-find-uid", List.class);

    final RedisScript<List> authList = plain("auth-list", List.class);

    final RedisScript<Long> authDelete = plain("auth-delete", Long.class);

    final RedisScript<Long> authDeleteThread = plain("auth-delete-thread", Long.class);

    final RedisScript<Long> documentSave = plain("document-save", Long.class);

    final RedisScript<Long> documentDelete = plain("document-delete", Long.class);

    final RedisScript<List> documentKeys = plain("document-keys", List.class);

    private static RedisScript<List> session(String name) {
        return session(name, List.class);
    }

    private static <T> RedisScript<T> session(String name, Class<T> type) {
        return new DefaultRedisScript<>(LuaPrelude.source() + source("app-common") + "\n" + source("session-common")
                + "\n" + source(name), type);
    }

    private static RedisScript<List> waits(String name) {
        return new DefaultRedisScript<>(LuaPrelude.source() + source("app-common") + "\n" + source("wait-common")
                + "\n" + source(name), List.class);
    }

    private static RedisScript<List> app(String name) {
        return new DefaultRedisScript<>(LuaPrelude.source() + source("app-common") + "\n" + source(name),
                List.class);
    }

    private static <T> RedisScript<T> plain(String name, Class<T> type) {
        return new DefaultRedisScript<>(LuaPrelude.source() + source(name), type);
    }

    private static String source(String name) {
        String path = name + ".lua";
        try (InputStream in = RedisScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read Lua script " + path, ex);
        }
    }
}
