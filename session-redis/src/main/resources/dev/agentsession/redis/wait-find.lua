-- ARGV (after the common ones): 4 wait field, 5 '1' to claim (remove the live wait it returns).
-- Returns { value } for a live wait, { } otherwise; a dead wait it meets is removed.
local field = ARGV[4]
local v = redis.call('HGET', K_WAITS, field)
if not v then return {} end
local live, owner, sid = is_live(v)
if live == nil then return {} end
if not live then
  remove(field, owner, sid)
  return {}
end
if ARGV[5] == '1' then remove(field, owner, sid) end
return { v }
