-- Shared by every script that reaches sessions of one app (all under the app's hash tag) by the names of their keys.
-- APP is the app's key prefix (ending with ':'), a session's base key is APP .. 's:' .. owner .. ':' .. sid, with
-- owner and sid encoded (hex digits only), and its own keys are the base plus ':m', ':s', ':e', ':i', ':t', ':w'
-- (its wait entries) and ':x' (its metadata index suffixes: metadata key -> suffix).
-- A wait value's header names its session as the session id alone when the session's owner is the waiting user, else
-- as '<owner>:<session id>'; a session's wait entry is the wait field alone for a wait of its owner, else
-- '<waiting user>:<field>' (fields are hex digits, '.' and '-', never ':').

-- The owner and id of the session a wait value names, the waiting user being the owner when the header says so.
local function wait_session(value, user)
  local ref = string.match(value, '^[^|]*|[^|]*|([^|]*)|')
  if not ref then return nil, nil end
  local owner, sid = string.match(ref, '^([0-9a-f]*):([0-9a-f]*)$')
  if owner then return owner, sid end
  return user, ref
end

-- How a wait value's header names a session for a waiting user.
local function wait_ref(owner, sid, user)
  if user == owner then return sid end
  return owner .. ':' .. sid
end

-- A session's wait entry for a waiting user and field, and back.
local function wait_entry(owner, user, field)
  if user == owner then return field end
  return user .. ':' .. field
end

local function parse_entry(owner, entry)
  local user, field = string.match(entry, '^([0-9a-f]*):(.*)$')
  if user then return user, field end
  return owner, entry
end

-- Removes the waits a session registered (whichever user they wait for), leaving those another session has since
-- replaced, and the session's set of wait entries.
local function remove_session_waits(app, base, owner, sid)
  for _, entry in ipairs(redis.call('SMEMBERS', base .. ':w')) do
    local user, field = parse_entry(owner, entry)
    local waits = app .. 'w:' .. user
    local v = redis.call('HGET', waits, field)
    if v and string.match(v, '^[^|]*|[^|]*|([^|]*)|') == wait_ref(owner, sid, user) then
      redis.call('HDEL', waits, field)
    end
  end
  redis.call('DEL', base .. ':w')
end

-- Takes a session's listing member out of its app's, its user's and its metadata values' indexes.
local function unindex_session(app, base, owner, member)
  redis.call('ZREM', app .. 'ax', member)
  redis.call('ZREM', app .. 'ux:' .. owner, member)
  for _, suffix in ipairs(redis.call('HVALS', base .. ':x')) do
    redis.call('ZREM', app .. 'mx:' .. suffix, member)
  end
end

-- Deletes a session with everything stored with it. Its listing member, if it has one, leaves every index.
local function drop_session_at(app, owner, sid, member)
  local base = app .. 's:' .. owner .. ':' .. sid
  if member then unindex_session(app, base, owner, member) end
  remove_session_waits(app, base, owner, sid)
  redis.call('DEL', base .. ':m', base .. ':s', base .. ':e', base .. ':i', base .. ':t', base .. ':x')
end

-- Whether a wait value counts at now (a number) for its waiting user: unexpired, and its session exists, is unexpired,
-- ACTIVE and not younger than the wait (a session id reused after its keys expired does not inherit the old waits).
-- Also returns the owner and id of the session the value names.
local function wait_is_live(app, value, user, now)
  local owner, sid = wait_session(value, user)
  local ea, ca = string.match(value, '^(%-?%d+)|(%-?%d+)|')
  if not owner or not ea or tonumber(ea) <= now then return false, owner, sid end
  local f = redis.call('HMGET', app .. 's:' .. owner .. ':' .. sid .. ':m', META_EXPIRES_AT, META_STATUS,
    META_CREATED_AT)
  if not f[3] then return false, owner, sid end
  local expires, created = f[1] and tonumber(f[1]), tonumber(f[3])
  -- A session whose times cannot be read is neither live nor dead: its wait is left alone and not returned.
  if (f[1] and not expires) or not created then return nil, owner, sid end
  if (expires and expires <= now) or f[2] ~= STATUS_ACTIVE or created > tonumber(ca) then
    return false, owner, sid
  end
  return true, owner, sid
end

-- The run lease rule of a write (LeaseFence in Java): nil when the session's lease lets a write with the given fencing
-- token ('' for none) through, else the reply refusing it: { LEASED, the live lease's expiry } or { LEASED, '' } when
-- no lease is live (the token's lease is no longer held). expires and last are the session's lease fields, or nil.
local function lease_refusal(expires, last, token, now)
  local live = expires ~= nil and (tonumber(expires) or 0) > tonumber(now)
  local allowed
  if token == '' then
    allowed = not live
  else
    allowed = live and tonumber(token) == tonumber(last or '0')
  end
  if allowed then return nil end
  if live then return { LEASED, expires } end
  return { LEASED, '' }
end
