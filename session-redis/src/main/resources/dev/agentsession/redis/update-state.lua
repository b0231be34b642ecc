-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 expected version or '', 5 new index member,
-- 6 number of state changes, then the change triples.
local now = ARGV[1]
local m = load_live(now)
if not m then return { NOT_FOUND } end
if is_corrupt(m) then return { CORRUPT } end
if m[META_STATUS] ~= STATUS_ACTIVE then return { ARCHIVED } end
if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= tonumber(m[META_VERSION]) then return { STALE, m[META_VERSION] } end
apply_changes(7, tonumber(ARGV[6]))
touch(m, now, ARGV[2], ARGV[3], ARGV[5])
return snapshot(OK, {})
