-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 expected version or '', 5 new index member,
-- 6 the flow JSON, or '' to clear the flow; last, the fencing token or ''.
local m, refused = load_writable()
if not m then return refused end
if ARGV[6] == '' then
  redis.call('HDEL', K_META, META_FLOW)
else
  redis.call('HSET', K_META, META_FLOW, ARGV[6])
end
touch(m, ARGV[1], ARGV[2], ARGV[3], ARGV[5])
return snapshot(OK, {})
