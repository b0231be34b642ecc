-- KEYS: 1 a listing index (app or user). ARGV: 1 now, 2 max lex bound, 3 min lex bound, 4 limit,
-- 5 status 'A'/'R' or '', 6 the app's session key prefix.
-- Walks the index newest first; entries whose session is gone, or that a session has left, are removed.
local now, max, min, limit, status, prefix = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
local out = {}
local batch = math.max(limit, 50)
while true do
  local members = redis.call('ZREVRANGEBYLEX', KEYS[1], max, min, 'LIMIT', 0, batch)
  for _, member in ipairs(members) do
    local dot = string.find(member, '.', 17, true)
    local key = prefix .. string.sub(member, 17, dot - 1) .. ':' .. string.sub(member, dot + 1) .. ':m'
    local f = redis.call('HMGET', key, 'ix', 'ea', 'st', 'v', 'md', 'n', 'ca', 'ua')
    if f[1] ~= member then
      redis.call('ZREM', KEYS[1], member)
    elseif (not f[2] or tonumber(f[2]) > tonumber(now)) and (status == '' or status == f[3]) then
      out[#out + 1] = { member, f[3] or '', f[4] or '', f[5] or '', f[6] or '', f[7] or '', f[8] or '', f[2] or '' }
      if #out >= limit then return out end
    end
  end
  if #members < batch then return out end
  max = '(' .. members[#members]
end
