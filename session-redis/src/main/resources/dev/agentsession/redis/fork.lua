-- KEYS: the new session's (see session-common), then 15 the source session's hash, under the same app tag.
-- ARGV: those of create_session (session-common), then the source's version when the store read it, the number of
-- events copied, and per event: id, timestamp micros, JSON (numbered 1, 2, 3... in this order); then the seq of the
-- last COMPACTION event copied (0 for none).
-- Nothing is written unless the source is still at that version (else STALE: the store reads it again) and no live
-- session has the new key (EXISTS): the fork appears whole or not at all.
local j = 9 + 3 * tonumber(ARGV[8])
j = j + 1 + 2 * tonumber(ARGV[j])
if redis.call('HGET', KEYS[15], META_VERSION) ~= ARGV[j] then return { STALE, '0' } end
if not create_session() then return { EXISTS } end
local n = tonumber(ARGV[j + 1])
local k = j + 2
for e = 1, n do
  local seq = tostring(e)
  redis.call('HSET', K_EVENTS, seq, ARGV[k + 2])
  redis.call('HSET', K_IDS, ARGV[k], seq)
  redis.call('ZADD', K_TIMES, ARGV[k + 1], seq)
  k = k + 3
end
redis.call('HSET', K_META, META_EVENT_COUNT, tostring(n))
if ARGV[k] ~= '0' then redis.call('HSET', K_META, META_COMPACTION_SEQ, ARGV[k]) end
-- Again now that the event keys exist: create_session set the expiry of the keys it wrote.
expire(ARGV[3])
return snapshot(OK, {})
