-- KEYS: 1 the user's listing index, 2 the user's state, 3 the user's waits. ARGV: 1 now, 2 the app's key prefix,
-- 3 encoded user, 4 what to read: 'sessions', 'state' or 'waits'.
-- Reads what one user has in this app: the ids of the user's live sessions; the user's state (field, value pairs);
-- or the live waits the user takes part in, for the user's reply or of the user's sessions, as (waiting user,
-- field, value) triples.
local now, app, user = tonumber(ARGV[1]), ARGV[2], ARGV[3]
if ARGV[4] == 'state' then return redis.call('HGETALL', KEYS[2]) end
local sessions = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local sid = string.sub(member, string.find(member, '.', 17, true) + 1)
  local f = redis.call('HMGET', app .. 's:' .. user .. ':' .. sid .. ':m', META_INDEX_MEMBER, META_EXPIRES_AT)
  if f[1] == member and (not f[2] or tonumber(f[2]) > now) then sessions[#sessions + 1] = sid end
end
if ARGV[4] == 'sessions' then return sessions end
local out = {}
local function add(waiting, field, value)
  if value and wait_is_live(app, value, waiting, now) then
    out[#out + 1] = waiting
    out[#out + 1] = field
    out[#out + 1] = value
  end
end
local waits = redis.call('HGETALL', KEYS[3])
for i = 1, #waits, 2 do add(user, waits[i], waits[i + 1]) end
-- Waits of the user's sessions for other users (those for the user's own reply are in the hash above).
for _, sid in ipairs(sessions) do
  local base = app .. 's:' .. user .. ':' .. sid
  for _, entry in ipairs(redis.call('SMEMBERS', base .. ':w')) do
    local waiting, field = parse_entry(user, entry)
    if waiting ~= user then
      local value = redis.call('HGET', app .. 'w:' .. waiting, field)
      if value and string.match(value, '^[^|]*|[^|]*|([^|]*)|') == wait_ref(user, sid, waiting) then
        add(waiting, field, value)
      end
    end
  end
end
return out
