-- KEYS: 1 the tenant's uid index. ARGV: 1 resolve uid, 2 the tenant's session key prefix.
-- Returns { suffix, session fields } of the session holding the uid, or { } (removing a stale index entry).
local suffix = redis.call('HGET', KEYS[1], ARGV[1])
if not suffix then return {} end
local flat = redis.call('HGETALL', ARGV[2] .. suffix)
local holds = false
for i = 1, #flat, 2 do
  if flat[i] == AUTH_RESOLVE_UID and flat[i + 1] == ARGV[1] then holds = true end
end
if not holds then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return {}
end
return { suffix, flat }
