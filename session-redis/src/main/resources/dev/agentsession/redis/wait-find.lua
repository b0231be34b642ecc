-- ARGV (after the common ones): 4 wait field, 5 '1' to claim (remove the live wait it returns), 6 for a claim that
-- checks the run lease of the wait's session: the session of the claimer's lease as '<encoded owner>:<encoded id>', or
-- '-' without a lease ('' for no check: a find, or clearing a wait), 7 the lease's fencing token or ''.
-- Returns { value } for a live wait, { } otherwise, { LEASED, expiry or '', value } when the lease refuses the claim;
-- a dead wait it meets is removed.
local field = ARGV[4]
local v = redis.call('HGET', K_WAITS, field)
if not v then return {} end
local live, owner, sid = is_live(v)
if live == nil then return {} end
if not live then
  remove(field, owner, sid)
  return {}
end
if ARGV[5] == '1' then
  if ARGV[6] ~= '' then
    local f = redis.call('HMGET', S_PREFIX .. owner .. ':' .. sid .. ':m', META_LEASE_EXPIRES_AT, META_LEASE_TOKEN)
    local token = ''
    if ARGV[6] == owner .. ':' .. sid then token = ARGV[7] end
    local leased = lease_refusal(f[1] or nil, f[2] or nil, token, NOW)
    if leased then return { leased[1], leased[2], v } end
  end
  remove(field, owner, sid)
end
return { v }
