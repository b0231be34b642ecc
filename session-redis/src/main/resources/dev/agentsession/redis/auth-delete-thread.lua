-- KEYS: 1 a thread's index, 2 the tenant's uid index. ARGV: 1 the thread's session key prefix,
-- 2 the encoded thread. Deletes every session of the thread; returns how many existed.
local count = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local tail = string.gsub(member, '%.', ':')
  local hash = ARGV[1] .. tail
  local ru = redis.call('HGET', hash, AUTH_RESOLVE_UID)
  if ru and redis.call('HGET', KEYS[2], ru) == ARGV[2] .. ':' .. tail then redis.call('HDEL', KEYS[2], ru) end
  count = count + redis.call('DEL', hash)
end
redis.call('DEL', KEYS[1])
return count
