-- KEYS[12] is the waiting user's wait hash. ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 new index member,
-- 5 wait field, 6 encoded waiting user, 7 the fencing token of the claimer's lease on this session, or ''.
-- Claims the wait under the field if it is this session's, and clears the session's flow in the same step (a write
-- like any other). Returns { OK, wait value }, or { NOT_FOUND } when no live wait of this session is there (a dead one
-- is removed); the caller then looks again, since another session's wait may have taken the field.
local now, field, user = ARGV[1], ARGV[5], ARGV[6]
local v = redis.call('HGET', K_WAITS, field)
if not v then return { NOT_FOUND } end
local live, owner, sid = wait_is_live(APP, v, user, tonumber(now))
if owner ~= OWNER or sid ~= SID or live == nil then return { NOT_FOUND } end
if live then
  local leased = lease_refused(load_live(now), now)
  if leased then return leased end
end
redis.call('HDEL', K_WAITS, field)
redis.call('SREM', K_WOWN, wait_entry(OWNER, user, field))
if not live then return { NOT_FOUND } end
redis.call('HDEL', K_META, META_FLOW)
touch(load_live(now), now, ARGV[2], ARGV[3], ARGV[4])
return { OK, v }
