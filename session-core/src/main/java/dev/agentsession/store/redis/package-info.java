/**
 * The Redis store on spring-data-redis: every write is one server-side Lua script (atomic, one round trip),
 * every key of one app shares one hash tag so that the store works unchanged on Redis Cluster. See
 * {@link dev.agentsession.store.redis.RedisKeys} for the key layout.
 */
@NullMarked
package dev.agentsession.store.redis;

import org.jspecify.annotations.NullMarked;
