-- ARGV: 1 now, 2 'acquire', 'renew' or 'release', 3 the lease's fencing token ('' to acquire), 4 the lease's new
-- expiry (to acquire or renew), 5 its owner (to acquire).
-- Takes, renews or releases the session's run lease, leaving the session's version, update time and key expiry as they
-- are. Returns { OK, token } for an acquisition, { OK } for a renewal or release, { NOT_FOUND } when the session is
-- not live, { LEASED, expiry or '' } when a live lease refuses an acquisition or the lease to renew or release is not
-- held any more.
local now, op = ARGV[1], ARGV[2]
local m = load_live(now)
if not m then return { NOT_FOUND } end
local expires, last = m[META_LEASE_EXPIRES_AT], m[META_LEASE_TOKEN]
if op == 'acquire' then
  -- A live lease refuses an acquisition as it refuses a write without a token.
  local leased = lease_refusal(expires, last, '', now)
  if leased then return leased end
  local token = tostring((tonumber(last or '0') or 0) + 1)
  redis.call('HSET', K_META, META_LEASE_TOKEN, token, META_LEASE_EXPIRES_AT, ARGV[4], META_LEASE_OWNER, ARGV[5])
  return { OK, token }
end
local leased = lease_refusal(expires, last, ARGV[3], now)
if leased then return leased end
if op == 'renew' then
  redis.call('HSET', K_META, META_LEASE_EXPIRES_AT, ARGV[4])
else
  redis.call('HDEL', K_META, META_LEASE_EXPIRES_AT, META_LEASE_OWNER)
end
return { OK }
