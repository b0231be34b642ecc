-- Shared by the session scripts. KEYS: 1 session hash, 2 session state, 3 events (seq -> JSON),
-- 4 event ids (id -> seq), 5 event times (zset seq by timestamp micros), 6 user state, 7 app state,
-- 8 app index, 9 user index, 10 users of the app, 11 the wait fields this session registered (set),
-- 12 the user's waits (hash field -> '<expiresAt>|<createdAt>|<session>|<JSON>'). All share the app's hash tag.
-- Numbers that may be large (timestamps) are only ever passed through as the strings Java sent.
-- Field names (META_*) and codes (STATUS_*, SCOPE_*, OK...) come from the generated prelude before this file.
local K_META, K_STATE, K_EVENTS, K_IDS, K_TIMES = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_USTATE, K_ASTATE, K_AINDEX, K_UINDEX, K_USERS = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local K_WOWN, K_WAITS = KEYS[11], KEYS[12]
-- The encoded id of this session: the last part of its key before ':m' (hex digits only).
local SID = string.match(K_META, ':([0-9a-f]*):m$')

local function to_map(flat)
  local m = {}
  for i = 1, #flat, 2 do m[flat[i]] = flat[i + 1] end
  return m
end

-- An expiry that is no number does not expire the session: the store reads it and reports it as corrupted.
local function is_expired(m, now)
  local expires = m[META_EXPIRES_AT] and tonumber(m[META_EXPIRES_AT])
  return expires ~= nil and expires <= tonumber(now)
end

-- Whether the session's version or event count is no number: such a session is neither written nor read; the
-- store reports it as corrupted.
local function is_corrupt(m)
  return not tonumber(m[META_VERSION] or '') or not tonumber(m[META_EVENT_COUNT] or '')
end

-- The live session: its fields as a map and as the flat HGETALL reply, or nil when missing or expired.
local function load_live(now)
  local flat = redis.call('HGETALL', K_META)
  if #flat == 0 then return nil, nil end
  local m = to_map(flat)
  if is_expired(m, now) then return nil, nil end
  return m, flat
end

local function unindex(m)
  local member = m[META_INDEX_MEMBER]
  if member then
    redis.call('ZREM', K_AINDEX, member)
    redis.call('ZREM', K_UINDEX, member)
  end
end

-- Removes the waits this session registered, leaving those another session has since replaced.
local function remove_waits()
  for _, field in ipairs(redis.call('SMEMBERS', K_WOWN)) do
    local v = redis.call('HGET', K_WAITS, field)
    if v and string.match(v, '^[^|]*|[^|]*|([^|]*)|') == SID then
      redis.call('HDEL', K_WAITS, field)
    end
  end
  redis.call('DEL', K_WOWN)
end

local function drop_session(m)
  redis.call('DEL', K_META, K_STATE, K_EVENTS, K_IDS, K_TIMES)
  unindex(m)
  remove_waits()
end

-- Applies n changes given as ARGV triples (SCOPE_* code, field, JSON or '' to delete) from index i.
local function apply_changes(i, n)
  for _ = 1, n do
    local scope, field, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
    local key = K_STATE
    if scope == SCOPE_USER then key = K_USTATE elseif scope == SCOPE_APP then key = K_ASTATE end
    if value == '' then
      redis.call('HDEL', key, field)
    else
      redis.call('HSET', key, field, value)
    end
    i = i + 3
  end
  return i
end

local function expire(ttl)
  for _, key in ipairs({ K_META, K_STATE, K_EVENTS, K_IDS, K_TIMES, K_WOWN }) do
    if ttl == '' then
      redis.call('PERSIST', key)
    else
      redis.call('PEXPIRE', key, ttl)
    end
  end
end

-- A write happened: version + 1, new updatedAt and expiry, index entries moved, key expiry refreshed.
local function touch(m, now, ea, ttl, member)
  unindex(m)
  redis.call('ZADD', K_AINDEX, 0, member)
  redis.call('ZADD', K_UINDEX, 0, member)
  redis.call('HSET', K_META, META_VERSION, tostring(tonumber(m[META_VERSION]) + 1), META_UPDATED_AT, now,
    META_INDEX_MEMBER, member)
  if ea == '' then
    redis.call('HDEL', K_META, META_EXPIRES_AT)
  else
    redis.call('HSET', K_META, META_EXPIRES_AT, ea)
  end
  expire(ttl)
end

local function snapshot(status, events)
  return { status, redis.call('HGETALL', K_META), redis.call('HGETALL', K_STATE),
    redis.call('HGETALL', K_USTATE), redis.call('HGETALL', K_ASTATE), events }
end
