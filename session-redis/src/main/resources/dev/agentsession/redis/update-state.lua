-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 expected version or '', 5 new index member,
-- 6 number of state changes, then the change triples; last, the fencing token or ''.
local m, refused = load_writable()
if not m then return refused end
apply_changes(7, tonumber(ARGV[6]))
touch(m, ARGV[1], ARGV[2], ARGV[3], ARGV[5])
return snapshot(OK, {})
