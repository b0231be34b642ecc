/**
 * The Redis store on spring-data-redis: every write is one server-side Lua script (atomic, one round trip),
 * every key of one app shares one hash tag so that the store works unchanged on Redis Cluster. Sessions, waits and
 * one user's data across apps: {@link dev.agentsession.redis.RedisSessionStore}, keys in
 * {@link dev.agentsession.redis.RedisKeys}. Auth sessions, sealed with the
 * {@link dev.agentsession.auth.AuthContextCipher} and keyed by one hash tag per tenant:
 * {@link dev.agentsession.redis.RedisAuthSessionStore}, keys in
 * {@link dev.agentsession.redis.RedisAuthKeys}.
 *
 * <p>Inside, each store runs the scripts and leaves the rest to one part per job: a mapper per record kind
 * turns model objects into stored values and replies back into model objects, the waits and one user's data
 * across apps have a part of their own each, and the hash fields and codes that Java and Lua share are named once,
 * in enums from which a generated Lua prelude declares them for every script.
 */
@NullMarked
package dev.agentsession.redis;

import org.jspecify.annotations.NullMarked;
