-- KEYS: 1 an app index. ARGV: 1 now, 2 min lex bound, 3 batch size (events planned per call), 4 the app's session key
-- prefix, 5 the first timestamp (micros) an event may have and be kept. Plans, without writing, the removal of each
-- live session's first events up to its latest compaction's toSeq, stopping at the first one not older than ARGV 5:
-- the store rebuilds the state after the last one in Java and removes them with retain.lua. Returns { the min lex
-- bound to go on from or '' when the index is done, then per session with events to remove: its index member, base
-- key, first and last seq to remove, version, initial state JSON or '', rewound ranges JSON or '', and the JSON of
-- each of those events ('' for one that is missing) }. A session left unfinished because the call planned a batch of
-- events comes again.
local batch = tonumber(ARGV[3])
local keep_from = tonumber(ARGV[5])
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], '+', 'LIMIT', 0, batch)
local planned = 0
local out = { '' }
for _, member in ipairs(members) do
  local dot = string.find(member, '.', 17, true)
  local base = ARGV[4] .. string.sub(member, 17, dot - 1) .. ':' .. string.sub(member, dot + 1)
  local f = redis.call('HMGET', base .. ':m', META_INDEX_MEMBER, META_EXPIRES_AT, META_COMPACTION_SEQ, META_FIRST_SEQ,
    META_REWOUND, META_VERSION, META_INITIAL_STATE)
  local expires = f[2] and tonumber(f[2])
  local at_seq = (f[1] == member and (not expires or expires > tonumber(ARGV[1])) and tonumber(f[3] or '0')) or 0
  local rewound = f[5] and cjson.decode(f[5]) or {}
  local first = tonumber(f[4] or '1')
  -- The latest compaction that still counts: a rewind may have taken out later ones, each naming the one before.
  local decoded, compaction = false, nil
  while at_seq >= first do
    local summary = redis.call('HGET', base .. ':e', tostring(at_seq))
    decoded, compaction = false, nil
    if summary then decoded, compaction = pcall(cjson.decode, summary) end
    local covered = false
    for _, range in ipairs(rewound) do
      if at_seq >= range[1] and at_seq <= range[2] then covered = true end
    end
    if not decoded or not covered then break end
    at_seq = tonumber(compaction.data.previousSeq or 0)
    decoded = false
  end
  if decoded then
    local to_seq = tonumber(compaction.data.toSeq)
    local seq = first
    local events = {}
    while seq <= to_seq and planned < batch do
      local at = redis.call('ZSCORE', base .. ':t', tostring(seq))
      if at and tonumber(at) >= keep_from then break end
      events[#events + 1] = redis.call('HGET', base .. ':e', tostring(seq)) or ''
      planned = planned + 1
      seq = seq + 1
    end
    if #events > 0 then
      for _, v in ipairs({ member, base, tostring(first), tostring(seq - 1), f[6] or '', f[7] or '', f[5] or '' }) do
        out[#out + 1] = v
      end
      for _, json in ipairs(events) do out[#out + 1] = json end
    end
    if planned >= batch then
      out[1] = '[' .. member
      return out
    end
  end
end
if #members == batch then out[1] = '(' .. members[#members] end
return out
