-- KEYS[12] is the waiting user's wait hash. ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 new index member,
-- 5 flow JSON, 6 wait field, 7 wait value, 8 wait ttl millis, 9 the app's session key prefix, 10 encoded waiting user,
-- 11 the fencing token or ''.
-- Saves the flow on the session (a write like any other) and stores the wait, replacing the wait of the same
-- user and reply scope whichever session registered it.
local now = ARGV[1]
local m = load_live(now)
if not m then return { NOT_FOUND } end
if is_corrupt(m) then return { CORRUPT } end
local leased = lease_refused(m, now)
if leased then return leased end
if m[META_STATUS] ~= STATUS_ACTIVE then return { ARCHIVED } end
local field, user = ARGV[6], ARGV[10]
local old = redis.call('HGET', K_WAITS, field)
if old then
  local owner, sid = wait_session(old, user)
  if owner and (owner ~= OWNER or sid ~= SID) then
    redis.call('SREM', ARGV[9] .. owner .. ':' .. sid .. ':w', wait_entry(owner, user, field))
  end
end
local existed = redis.call('EXISTS', K_WAITS) == 1
redis.call('HSET', K_WAITS, field, ARGV[7])
redis.call('SADD', K_WOWN, wait_entry(OWNER, user, field))
-- A waiting user without sessions in the app is still one of its users: deleteAll removes their wait hash.
redis.call('SADD', K_USERS, user)
-- The user's wait hash lives as long as its longest-lived wait: a new hash gets the wait's expiry, an
-- existing one is only ever extended.
local pttl = redis.call('PTTL', K_WAITS)
if not existed or (pttl >= 0 and pttl < tonumber(ARGV[8])) then redis.call('PEXPIRE', K_WAITS, ARGV[8]) end
redis.call('HSET', K_META, META_FLOW, ARGV[5])
touch(m, now, ARGV[2], ARGV[3], ARGV[4])
return { OK }
