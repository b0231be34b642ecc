-- ARGV: 1 now, 2 'state' to read the state too, 3 include events '1'/'0', 4 after seq, 5 most recent count
-- (0: no limit), 6 first count (0: no limit), 7 after timestamp micros or '', 8 '1' to read the effective history
-- (without the ranges rewinds took out, META_REWOUND) or '0' for the raw log, 9 '1' for a context window: the latest
-- COMPACTION event that counts first, then the window over the events after its range (one more for a recent count,
-- since that event is among them).
-- Reads only the events it returns (plus, for a timestamp bound, the seqs of events after that time).
local m, flat = load_live(ARGV[1])
if not m then return { NOT_FOUND } end
if is_corrupt(m) then return { OK, flat, {}, {}, {}, {} } end
local seqs = {}
if ARGV[3] == '1' then
  local after_seq, recent, first = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
  local rewound = {}
  if ARGV[8] == '1' and m[META_REWOUND] then rewound = cjson.decode(m[META_REWOUND]) end
  -- A context window starts at the latest COMPACTION event that still counts: a rewind may have taken out later
  -- ones, each of which names the one before it (previousSeq).
  local compaction = (ARGV[9] == '1') and tonumber(m[META_COMPACTION_SEQ] or '0') or 0
  local summary = nil
  while compaction > 0 do
    summary = cjson.decode(redis.call('HGET', K_EVENTS, tostring(compaction))).data
    local covered = false
    for _, range in ipairs(rewound) do
      if compaction >= range[1] and compaction <= range[2] then covered = true end
    end
    if not covered then break end
    compaction = tonumber(summary.previousSeq or 0)
    summary = nil
  end
  if summary then
    seqs[1] = compaction
    local to_seq = tonumber(summary.toSeq)
    if to_seq > after_seq then after_seq = to_seq end
    if recent > 0 then recent = recent + 1 end
  end
  -- Events before the first one kept were removed by history retention.
  local first_kept = tonumber(m[META_FIRST_SEQ] or '1')
  if first_kept - 1 > after_seq then after_seq = first_kept - 1 end
  local candidates = nil
  local lo, hi
  if ARGV[7] == '' and #rewound == 0 then
    lo, hi = after_seq + 1, tonumber(m[META_EVENT_COUNT])
  elseif ARGV[7] == '' then
    -- The effective seqs after after_seq, walking back from the newest (for a recent count) over the counting
    -- intervals only: the rewound ranges are jumped, never read.
    candidates = {}
    local seq, r = tonumber(m[META_EVENT_COUNT]), #rewound
    while seq > after_seq and (recent == 0 or #candidates < recent) do
      while r >= 1 and rewound[r][1] > seq do r = r - 1 end
      if r >= 1 and seq <= rewound[r][2] then
        seq = rewound[r][1] - 1
      else
        candidates[#candidates + 1] = seq
        seq = seq - 1
      end
    end
    table.sort(candidates)
    lo, hi = 1, #candidates
  else
    candidates = {}
    for _, s in ipairs(redis.call('ZRANGEBYSCORE', K_TIMES, '(' .. ARGV[7], '+inf')) do
      local seq = tonumber(s)
      local counts = seq > after_seq
      for _, range in ipairs(rewound) do
        if seq >= range[1] and seq <= range[2] then counts = false end
      end
      if counts then candidates[#candidates + 1] = seq end
    end
    table.sort(candidates)
    lo, hi = 1, #candidates
  end
  if recent > 0 and hi - recent + 1 > lo then lo = hi - recent + 1 end
  if first > 0 and lo + first - 1 < hi then hi = lo + first - 1 end
  for j = lo, hi do
    if candidates then seqs[#seqs + 1] = candidates[j] else seqs[#seqs + 1] = j end
  end
end
local events = {}
for c = 1, #seqs, 1000 do
  local chunk = {}
  for j = c, math.min(c + 999, #seqs) do chunk[#chunk + 1] = tostring(seqs[j]) end
  local values = redis.call('HMGET', K_EVENTS, unpack(chunk))
  for j = 1, #chunk do
    events[#events + 1] = chunk[j]
    events[#events + 1] = values[j] or ''
  end
end
if ARGV[2] ~= 'state' then return { OK, flat, {}, {}, {}, events } end
return { OK, flat, redis.call('HGETALL', K_STATE), redis.call('HGETALL', K_USTATE),
  redis.call('HGETALL', K_ASTATE), events }
