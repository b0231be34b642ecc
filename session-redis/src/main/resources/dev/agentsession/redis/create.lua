-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 metadata JSON, 5 index member, 6 encoded user,
-- 7 number of state changes, then the change triples.
local now, ea, ttl = ARGV[1], ARGV[2], ARGV[3]
local flat = redis.call('HGETALL', K_META)
if #flat > 0 then
  local m = to_map(flat)
  if not is_expired(m, now) then return { EXISTS } end
  drop_session(m)
else
  redis.call('DEL', K_STATE, K_EVENTS, K_IDS, K_TIMES)
end
redis.call('HSET', K_META, 'v', '1', 'st', 'A', 'md', ARGV[4], 'ca', now, 'ua', now, 'n', '0', 'ix', ARGV[5])
if ea ~= '' then redis.call('HSET', K_META, 'ea', ea) end
apply_changes(8, tonumber(ARGV[7]))
redis.call('ZADD', K_AINDEX, 0, ARGV[5])
redis.call('ZADD', K_UINDEX, 0, ARGV[5])
redis.call('SADD', K_USERS, ARGV[6])
expire(ttl)
return snapshot(OK, {})
