-- Shared by the session scripts, after app-common. KEYS: 1 session hash, 2 session state, 3 events (seq -> JSON),
-- 4 event ids (id -> seq), 5 event times (zset seq by timestamp micros), 6 user state, 7 app state,
-- 8 app index, 9 user index, 10 users of the app, 11 the session's wait entries (set), 12 a user's waits (hash
-- field -> '<expiresAt>|<createdAt>|<session>|<JSON>'): the owner's, or the waiting user's for the scripts that
-- register or claim a wait, 13 the session's metadata index suffixes (hash metadata key -> suffix), 14 the app's set
-- of metadata index suffixes. All share the app's hash tag.
-- Numbers that may be large (timestamps) are only ever passed through as the strings Java sent.
-- Field names (META_*) and codes (STATUS_*, SCOPE_*, OK...) come from the generated prelude before this file.
local K_META, K_STATE, K_EVENTS, K_IDS, K_TIMES = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_USTATE, K_ASTATE, K_AINDEX, K_UINDEX, K_USERS = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local K_WOWN, K_WAITS, K_MIDX, K_MIDXS = KEYS[11], KEYS[12], KEYS[13], KEYS[14]
-- The encoded owner and id of this session, the last parts of its key before ':m' (hex digits only).
local OWNER, SID = string.match(K_META, ':s:([0-9a-f]*):([0-9a-f]*):m$')
-- The app's key prefix (the app index key without its 'ax') and this session's base key.
local APP = string.sub(K_AINDEX, 1, -3)
local BASE = string.sub(K_META, 1, -3)

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
  if member then unindex_session(APP, BASE, OWNER, member) end
end

-- Removes the waits this session registered, leaving those another session has since replaced.
local function remove_waits()
  remove_session_waits(APP, BASE, OWNER, SID)
end

local function drop_session(m)
  drop_session_at(APP, OWNER, SID, m[META_INDEX_MEMBER])
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

-- Records n metadata index suffixes given as ARGV pairs (metadata key, suffix) from index i.
local function add_metadata_suffixes(i, n)
  for _ = 1, n do
    redis.call('HSET', K_MIDX, ARGV[i], ARGV[i + 1])
    redis.call('SADD', K_MIDXS, ARGV[i + 1])
    i = i + 2
  end
  return i
end

-- Applies n metadata changes given as ARGV triples (key, index suffix or '' to remove the key, value) from index i
-- to the metadata record and the session's suffixes. The caller moves the index entries (unindex before, touch after).
local function apply_metadata(m, i, n)
  local md = cjson.decode(m[META_METADATA])
  for _ = 1, n do
    local key, suffix = ARGV[i], ARGV[i + 1]
    if suffix == '' then
      md[key] = nil
      redis.call('HDEL', K_MIDX, key)
    else
      md[key] = ARGV[i + 2]
      redis.call('HSET', K_MIDX, key, suffix)
      redis.call('SADD', K_MIDXS, suffix)
    end
    i = i + 3
  end
  redis.call('HSET', K_META, META_METADATA, cjson.encode(md))
  return i
end

local function expire(ttl)
  for _, key in ipairs({ K_META, K_STATE, K_EVENTS, K_IDS, K_TIMES, K_WOWN, K_MIDX }) do
    if ttl == '' then
      redis.call('PERSIST', key)
    else
      redis.call('PEXPIRE', key, ttl)
    end
  end
end

-- Puts the session's listing member into its app's, its user's and its metadata values' indexes.
local function index(member)
  redis.call('ZADD', K_AINDEX, 0, member)
  redis.call('ZADD', K_UINDEX, 0, member)
  for _, suffix in ipairs(redis.call('HVALS', K_MIDX)) do
    redis.call('ZADD', APP .. 'mx:' .. suffix, 0, member)
  end
end

-- A write happened: version + 1, new updatedAt and expiry, index entries moved, key expiry refreshed; the event
-- count set too when given. A session that had no expiry and gets none has keys without a TTL (every write that
-- removed its expiry persisted them), so its expiry is left alone: no HDEL, no PERSIST.
local function touch(m, now, ea, ttl, member, event_count)
  unindex(m)
  index(member)
  local version = tostring(tonumber(m[META_VERSION]) + 1)
  if event_count then
    redis.call('HSET', K_META, META_VERSION, version, META_UPDATED_AT, now, META_INDEX_MEMBER, member,
      META_EVENT_COUNT, event_count)
  else
    redis.call('HSET', K_META, META_VERSION, version, META_UPDATED_AT, now, META_INDEX_MEMBER, member)
  end
  if ea ~= '' then
    redis.call('HSET', K_META, META_EXPIRES_AT, ea)
    expire(ttl)
  elseif m[META_EXPIRES_AT] then
    redis.call('HDEL', K_META, META_EXPIRES_AT)
    expire(ttl)
  end
end

local function snapshot(status, events)
  return { status, redis.call('HGETALL', K_META), redis.call('HGETALL', K_STATE),
    redis.call('HGETALL', K_USTATE), redis.call('HGETALL', K_ASTATE), events }
end

-- The run lease check of a write, whose fencing token ('' for none) is always the script's last argument: nil, or
-- the reply refusing the write.
local function lease_refused(m, now)
  return lease_refusal(m[META_LEASE_EXPIRES_AT], m[META_LEASE_TOKEN], ARGV[#ARGV], now)
end

-- The common checks of a versioned write, ARGV 1 being now, 4 the expected version or '' and the last one the
-- fencing token or '': the live session's fields, or nil and the reply to return.
local function load_writable()
  local m = load_live(ARGV[1])
  if not m then return nil, { NOT_FOUND } end
  if is_corrupt(m) then return nil, { CORRUPT } end
  local leased = lease_refused(m, ARGV[1])
  if leased then return nil, leased end
  if m[META_STATUS] ~= STATUS_ACTIVE then return nil, { ARCHIVED } end
  if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= tonumber(m[META_VERSION]) then return nil, { STALE, m[META_VERSION] } end
  return m, nil
end

-- Creates this session at version 1 with no events, from ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '',
-- 4 metadata JSON, 5 index member, 6 encoded user, 7 the session-scope state given at creation (JSON object, kept for
-- rewinds and forks), 8 number of state changes, then the change triples, then the number of metadata keys and a
-- (key, index suffix) pair for each. Returns the ARGV index after them, or nil when a live session has the key.
local function create_session()
  local now, ea, ttl = ARGV[1], ARGV[2], ARGV[3]
  local flat = redis.call('HGETALL', K_META)
  if #flat > 0 then
    local m = to_map(flat)
    if not is_expired(m, now) then return nil end
    drop_session(m)
  else
    redis.call('DEL', K_STATE, K_EVENTS, K_IDS, K_TIMES, K_MIDX)
  end
  redis.call('HSET', K_META, META_VERSION, '1', META_STATUS, STATUS_ACTIVE, META_METADATA, ARGV[4],
    META_CREATED_AT, now, META_UPDATED_AT, now, META_EVENT_COUNT, '0', META_INDEX_MEMBER, ARGV[5],
    META_INITIAL_STATE, ARGV[7])
  if ea ~= '' then redis.call('HSET', K_META, META_EXPIRES_AT, ea) end
  local i = apply_changes(9, tonumber(ARGV[8]))
  i = add_metadata_suffixes(i + 1, tonumber(ARGV[i]))
  index(ARGV[5])
  redis.call('SADD', K_USERS, ARGV[6])
  expire(ttl)
  return i
end
