-- KEYS: 1 an app index. ARGV: 1 now, 2 min lex bound, 3 max lex bound (updatedAt before), 4 batch size,
-- 5 the app's session key prefix, 6 the app's key prefix. Archives and removes the waits of each session
-- it archives. Returns { archived count, last member seen or '' when done, members skipped as unreadable }.
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
local count = 0
local skipped = {}
for _, member in ipairs(members) do
  local dot = string.find(member, '.', 17, true)
  local user, sid = string.sub(member, 17, dot - 1), string.sub(member, dot + 1)
  local base = ARGV[5] .. user .. ':' .. sid
  local f = redis.call('HMGET', base .. ':m', META_INDEX_MEMBER, META_EXPIRES_AT, META_STATUS, META_VERSION)
  local expires, version = f[2] and tonumber(f[2]), tonumber(f[4] or '')
  -- A session whose expiry or version cannot be read is skipped and returned, for the store to report.
  if f[1] == member and ((f[2] and not expires) or not version) then
    skipped[#skipped + 1] = member
  elseif f[1] == member and (not expires or expires > tonumber(ARGV[1])) and f[3] == STATUS_ACTIVE then
    redis.call('HSET', base .. ':m', META_STATUS, STATUS_ARCHIVED, META_VERSION, tostring(version + 1))
    remove_session_waits(ARGV[6], base, user, sid)
    count = count + 1
  end
end
local last = ''
if #members == tonumber(ARGV[4]) then last = members[#members] end
return { count, last, skipped }
