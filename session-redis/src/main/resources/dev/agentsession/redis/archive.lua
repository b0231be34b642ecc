-- ARGV: 1 now, 2 the fencing token or ''. Returns { 1 } if the session exists (archived now or before), { 0 } if not,
-- { -1 } if its version cannot be read, or the reply of a refusing lease. Archiving removes its waits.
local m = load_live(ARGV[1])
if not m then return { 0 } end
if is_corrupt(m) then return { -1 } end
local leased = lease_refused(m, ARGV[1])
if leased then return leased end
if m[META_STATUS] == STATUS_ACTIVE then
  redis.call('HSET', K_META, META_STATUS, STATUS_ARCHIVED, META_VERSION, tostring(tonumber(m[META_VERSION]) + 1))
  remove_waits()
end
return { 1 }
