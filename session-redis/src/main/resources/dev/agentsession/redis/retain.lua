-- KEYS: 1 a session's hash. ARGV: 1 the session's base key, 2 the version remove-compacted.lua read it at, 3 the first
-- and 4 the last seq to remove, 5 the session-scope state after the last one (JSON object), rebuilt in Java.
-- Removes those events (and their ids) and records the first seq kept and the new initial state, leaving the version,
-- update time and expiry as they are; returns how many were removed, or 0 when the session changed since the plan
-- (another write moved its version or another cleanup removed events first).
local f = redis.call('HMGET', KEYS[1], META_VERSION, META_FIRST_SEQ)
if f[1] ~= ARGV[2] or (f[2] or '1') ~= ARGV[3] then return 0 end
local base = ARGV[1]
for seq = tonumber(ARGV[3]), tonumber(ARGV[4]) do
  local s = tostring(seq)
  local json = redis.call('HGET', base .. ':e', s)
  -- An event that does not parse keeps its id entry: only its own idempotence is affected.
  local parsed, event = false, nil
  if json then parsed, event = pcall(cjson.decode, json) end
  if parsed and type(event) == 'table' and type(event.id) == 'string' then redis.call('HDEL', base .. ':i', event.id) end
  redis.call('HDEL', base .. ':e', s)
  redis.call('ZREM', base .. ':t', s)
end
redis.call('HSET', KEYS[1], META_FIRST_SEQ, tostring(tonumber(ARGV[4]) + 1), META_INITIAL_STATE, ARGV[5])
return tonumber(ARGV[4]) - tonumber(ARGV[3]) + 1
