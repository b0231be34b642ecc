-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 expected version or '', 5 new index member,
-- 6 number of events, then per event: id, timestamp micros, JSON, number of state changes, change triples; then the
-- position of the last COMPACTION event in the batch (0 for none); last, the fencing token or ''.
local now = ARGV[1]
local m = load_live(now)
if not m then return { NOT_FOUND } end
if is_corrupt(m) then return { CORRUPT } end
local leased = lease_refused(m, now)
if leased then return leased end
if m[META_STATUS] ~= STATUS_ACTIVE then return { ARCHIVED } end
local items = {}
local any_new = false
local i = 7
for e = 1, tonumber(ARGV[6]) do
  local changes = tonumber(ARGV[i + 3])
  local stored = redis.call('HGET', K_IDS, ARGV[i])
  items[e] = { id = ARGV[i], ts = ARGV[i + 1], json = ARGV[i + 2], at = i + 4, changes = changes, seq = stored }
  if not stored then any_new = true end
  i = i + 4 + 3 * changes
end
local compaction = tonumber(ARGV[i])
if any_new then
  if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= tonumber(m[META_VERSION]) then return { STALE, m[META_VERSION] } end
  local n = tonumber(m[META_EVENT_COUNT])
  for _, item in ipairs(items) do
    if not item.seq then
      n = n + 1
      local seq = tostring(n)
      redis.call('HSET', K_EVENTS, seq, item.json)
      redis.call('HSET', K_IDS, item.id, seq)
      redis.call('ZADD', K_TIMES, item.ts, seq)
      apply_changes(item.at, item.changes)
      item.seq = seq
      item.new = true
    end
  end
  if compaction > 0 and items[compaction].new then
    redis.call('HSET', K_META, META_COMPACTION_SEQ, items[compaction].seq)
  end
  touch(m, now, ARGV[2], ARGV[3], ARGV[5], tostring(n))
end
local events = {}
for _, item in ipairs(items) do
  events[#events + 1] = item.seq
  if item.new then
    events[#events + 1] = item.json
  else
    events[#events + 1] = redis.call('HGET', K_EVENTS, item.seq) or ''
  end
end
return snapshot(OK, events)
