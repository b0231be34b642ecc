-- KEYS: 1 app index, 2 users of the app, 3 app state, 4 the app's metadata index suffixes. ARGV: 1 batch size,
-- 2 the app's key prefix.
-- Deletes one batch: sessions with their own keys, then users with their state, index and waits, then the metadata
-- indexes. Returns { sessions deleted, 1 when the app is empty }.
local batch = tonumber(ARGV[1])
local prefix = ARGV[2]
local count = 0
local members = redis.call('ZRANGE', KEYS[1], 0, batch - 1)
for _, member in ipairs(members) do
  local dot = string.find(member, '.', 17, true)
  local base = prefix .. 's:' .. string.sub(member, 17, dot - 1) .. ':' .. string.sub(member, dot + 1)
  if redis.call('HGET', base .. ':m', META_INDEX_MEMBER) == member then
    count = count + 1
    redis.call('DEL', base .. ':m', base .. ':s', base .. ':e', base .. ':i', base .. ':t', base .. ':w', base .. ':x')
  end
  redis.call('ZREM', KEYS[1], member)
end
if #members > 0 then return { count, 0 } end
local users = redis.call('SPOP', KEYS[2], batch)
for _, user in ipairs(users) do
  redis.call('DEL', prefix .. 'us:' .. user, prefix .. 'ux:' .. user, prefix .. 'w:' .. user)
end
if #users > 0 then return { 0, 0 } end
local suffixes = redis.call('SPOP', KEYS[4], batch)
for _, suffix in ipairs(suffixes) do
  redis.call('DEL', prefix .. 'mx:' .. suffix)
end
if #suffixes > 0 then return { 0, 0 } end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return { 0, 1 }
