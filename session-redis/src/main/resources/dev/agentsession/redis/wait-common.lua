-- Shared by the wait scripts, after app-common. KEYS: 1 the user's waits. ARGV: 1 now, 2 the app's session key
-- prefix, 3 encoded user, then the script's own arguments.
-- A wait counts while it is unexpired and its session exists, is unexpired, ACTIVE and not younger than
-- the wait (a session id reused after its keys expired does not inherit the old waits).
local K_WAITS = KEYS[1]
local NOW, S_PREFIX, USER = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local APP = string.sub(S_PREFIX, 1, -3)

local function is_live(v)
  return wait_is_live(APP, v, USER, NOW)
end

-- Removes one wait and its entry in the owning session's set.
local function remove(field, owner, sid)
  redis.call('HDEL', K_WAITS, field)
  if owner then redis.call('SREM', S_PREFIX .. owner .. ':' .. sid .. ':w', wait_entry(owner, USER, field)) end
end
