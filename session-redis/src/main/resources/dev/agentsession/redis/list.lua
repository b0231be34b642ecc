-- KEYS: 1 a listing index (app, user, or metadata key and value). ARGV: 1 now, 2 max lex bound, 3 min lex bound,
-- 4 limit, 5 status code or '' for any, 6 the app's session key prefix, 7 encoded user or '' for any (for a
-- metadata index, which holds every user's sessions).
-- Walks the index newest first; entries whose session is gone, or that a session has left, are removed.
-- Returns { member, the session's fields (those a summary needs, as field, value pairs) } per session.
local now, max, min, limit, status, prefix = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
local user = ARGV[7]
-- The index member first, then the expiry and status the filter needs, then the rest of a summary.
local FIELDS = { META_INDEX_MEMBER, META_EXPIRES_AT, META_STATUS, META_VERSION, META_METADATA, META_EVENT_COUNT,
  META_CREATED_AT, META_UPDATED_AT }
local out = {}
local batch = math.max(limit, 50)
while true do
  local members = redis.call('ZREVRANGEBYLEX', KEYS[1], max, min, 'LIMIT', 0, batch)
  for _, member in ipairs(members) do
    local dot = string.find(member, '.', 17, true)
    local owner = string.sub(member, 17, dot - 1)
    if user == '' or owner == user then
      local key = prefix .. owner .. ':' .. string.sub(member, dot + 1) .. ':m'
      local f = redis.call('HMGET', key, unpack(FIELDS))
      if f[1] ~= member then
        redis.call('ZREM', KEYS[1], member)
      -- An expiry that is no number is returned as it is: the store reports that session as unreadable.
      elseif (not f[2] or not tonumber(f[2]) or tonumber(f[2]) > tonumber(now))
          and (status == '' or status == f[3]) then
        local fields = {}
        for j = 2, #FIELDS do
          if f[j] then
            fields[#fields + 1] = FIELDS[j]
            fields[#fields + 1] = f[j]
          end
        end
        out[#out + 1] = { member, fields }
        if #out >= limit then return out end
      end
    end
  end
  if #members < batch then return out end
  max = '(' .. members[#members]
end
