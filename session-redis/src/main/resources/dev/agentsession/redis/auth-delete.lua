-- KEYS: 1 the session hash, 2 its thread's index, 3 the tenant's uid index. ARGV: 1 thread index member,
-- 2 session suffix. Returns 1 if a session was deleted.
local ru = redis.call('HGET', KEYS[1], AUTH_RESOLVE_UID)
if ru and redis.call('HGET', KEYS[3], ru) == ARGV[2] then redis.call('HDEL', KEYS[3], ru) end
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])
