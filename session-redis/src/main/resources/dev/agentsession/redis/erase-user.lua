-- KEYS: 1 the user's listing index, 2 the user's state, 3 the user's waits, 4 users of the app. ARGV: 1 batch size,
-- 2 the app's key prefix, 3 encoded user.
-- Deletes one batch of the user's sessions in this app with everything stored with them; once none is left, the
-- user's state and listing index, and the waits for the user's reply (leaving their sessions' wait entries).
-- Returns { sessions deleted, 1 when done }.
local app, user = ARGV[2], ARGV[3]
local count = 0
local members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
for _, member in ipairs(members) do
  local sid = string.sub(member, string.find(member, '.', 17, true) + 1)
  if redis.call('HGET', app .. 's:' .. user .. ':' .. sid .. ':m', META_INDEX_MEMBER) == member then
    drop_session_at(app, user, sid, member)
    count = count + 1
  end
  redis.call('ZREM', KEYS[1], member)
end
if #members > 0 then return { count, 0 } end
local waits = redis.call('HGETALL', KEYS[3])
for i = 1, #waits, 2 do
  local owner, sid = wait_session(waits[i + 1], user)
  if owner then
    redis.call('SREM', app .. 's:' .. owner .. ':' .. sid .. ':w', wait_entry(owner, user, waits[i]))
  end
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('SREM', KEYS[4], user)
return { 0, 1 }
