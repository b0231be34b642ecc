-- KEYS: 1 the session hash, 2 its thread's index, 3 the tenant's uid index (one hash tag per tenant).
-- ARGV: 1 thread index member, 2 session suffix (<thread>:<profile>:<provider>), 3 status, 4 scoped,
-- 5 scopes JSON, 6 resolve uid or '', 7 sealed context or '', 8 createdAt micros, 9 expiresAt micros or '',
-- 10 ttl millis or '', 11 the tenant's session key prefix.
-- Replaces the session of the key and moves the uid to it, taking it from any other session of the tenant.
local hash, index, uids = KEYS[1], KEYS[2], KEYS[3]
local member, suffix, uid, ttl = ARGV[1], ARGV[2], ARGV[6], ARGV[10]

-- A key's lifetime grows to cover the new entry; '' (no expiry) makes it persistent.
local function extend(key, existed)
  if ttl == '' then
    redis.call('PERSIST', key)
  elseif not existed then
    redis.call('PEXPIRE', key, ttl)
  else
    local pttl = redis.call('PTTL', key)
    if pttl >= 0 and pttl < tonumber(ttl) then redis.call('PEXPIRE', key, ttl) end
  end
end

local old = redis.call('HGET', hash, AUTH_RESOLVE_UID)
if old and old ~= uid and redis.call('HGET', uids, old) == suffix then redis.call('HDEL', uids, old) end
redis.call('DEL', hash)
redis.call('HSET', hash, AUTH_STATUS, ARGV[3], AUTH_SCOPED, ARGV[4], AUTH_SCOPES, ARGV[5], AUTH_CREATED_AT, ARGV[8])
if ARGV[7] ~= '' then redis.call('HSET', hash, AUTH_CONTEXT, ARGV[7]) end
if ARGV[9] ~= '' then redis.call('HSET', hash, AUTH_EXPIRES_AT, ARGV[9]) end
if ttl ~= '' then redis.call('PEXPIRE', hash, ttl) end
if uid ~= '' then
  local holder = redis.call('HGET', uids, uid)
  if holder and holder ~= suffix then
    local other = ARGV[11] .. holder
    if redis.call('HGET', other, AUTH_RESOLVE_UID) == uid then redis.call('HDEL', other, AUTH_RESOLVE_UID) end
  end
  local existed = redis.call('EXISTS', uids) == 1
  redis.call('HSET', uids, uid, suffix)
  redis.call('HSET', hash, AUTH_RESOLVE_UID, uid)
  extend(uids, existed)
end
local existed = redis.call('EXISTS', index) == 1
redis.call('ZADD', index, 0, member)
extend(index, existed)
return 1
