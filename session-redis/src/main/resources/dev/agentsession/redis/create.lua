-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 metadata JSON, 5 index member, 6 encoded user,
-- 7 number of state changes, then the change triples, then the number of metadata keys and a (key, index suffix)
-- pair for each.
local now, ea, ttl = ARGV[1], ARGV[2], ARGV[3]
local flat = redis.call('HGETALL', K_META)
if #flat > 0 then
  local m = to_map(flat)
  if not is_expired(m, now) then return { EXISTS } end
  drop_session(m)
else
  redis.call('DEL', K_STATE, K_EVENTS, K_IDS, K_TIMES, K_MIDX)
end
redis.call('HSET', K_META, META_VERSION, '1', META_STATUS, STATUS_ACTIVE, META_METADATA, ARGV[4],
  META_CREATED_AT, now, META_UPDATED_AT, now, META_EVENT_COUNT, '0', META_INDEX_MEMBER, ARGV[5])
if ea ~= '' then redis.call('HSET', K_META, META_EXPIRES_AT, ea) end
local i = apply_changes(8, tonumber(ARGV[7]))
add_metadata_suffixes(i + 1, tonumber(ARGV[i]))
index(ARGV[5])
redis.call('SADD', K_USERS, ARGV[6])
expire(ttl)
return snapshot(OK, {})
