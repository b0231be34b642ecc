-- Shared by the wait scripts. KEYS: 1 the user's waits. ARGV: 1 now, 2 the app's session key prefix,
-- 3 encoded user, then the script's own arguments.
-- A wait counts while it is unexpired and its session exists, is unexpired, ACTIVE and not younger than
-- the wait (a session id reused after its keys expired does not inherit the old waits).
local K_WAITS = KEYS[1]
local NOW, S_PREFIX, USER = tonumber(ARGV[1]), ARGV[2], ARGV[3]

local function session_base(sid)
  return S_PREFIX .. USER .. ':' .. sid
end

local function is_live(v)
  local ea, ca, sid = string.match(v, '^(%-?%d+)|(%-?%d+)|([0-9a-f]*)|')
  if not ea or tonumber(ea) <= NOW then return false, sid end
  local f = redis.call('HMGET', session_base(sid) .. ':m', META_EXPIRES_AT, META_STATUS, META_CREATED_AT)
  if not f[3] then return false, sid end
  local expires, created = f[1] and tonumber(f[1]), tonumber(f[3])
  -- A session whose times cannot be read is neither live nor dead: its wait is left alone and not returned.
  if (f[1] and not expires) or not created then return nil, sid end
  if (expires and expires <= NOW) or f[2] ~= STATUS_ACTIVE or created > tonumber(ca) then
    return false, sid
  end
  return true, sid
end

-- Removes one wait and its entry in the owning session's set.
local function remove(field, sid)
  redis.call('HDEL', K_WAITS, field)
  if sid then redis.call('SREM', session_base(sid) .. ':w', field) end
end
