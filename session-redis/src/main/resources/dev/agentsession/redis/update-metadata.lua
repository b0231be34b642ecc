-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 expected version or '', 5 new index member,
-- 6 number of metadata changes, then (key, index suffix or '' to remove the key, value) triples; last, the fencing
-- token or ''.
-- The session leaves the indexes of its old values before the change and enters those of its new ones after it.
local m, refused = load_writable()
if not m then return refused end
unindex(m)
apply_metadata(m, 7, tonumber(ARGV[6]))
touch(m, ARGV[1], ARGV[2], ARGV[3], ARGV[5])
return snapshot(OK, {})
