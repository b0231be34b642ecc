-- KEYS: 1 a thread's index. ARGV: 1 min lex bound, 2 max lex bound, 3 the thread's session key prefix.
-- Returns member, session fields pairs in index order (profile, then provider); removes entries whose
-- session is gone.
local out = {}
for _, member in ipairs(redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2])) do
  local tail = string.gsub(member, '%.', ':')
  local flat = redis.call('HGETALL', ARGV[3] .. tail)
  if #flat == 0 then
    redis.call('ZREM', KEYS[1], member)
  else
    out[#out + 1] = member
    out[#out + 1] = flat
  end
end
return out
