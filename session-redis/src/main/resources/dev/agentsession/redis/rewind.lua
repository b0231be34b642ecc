-- ARGV: 1 now, 2 expiresAt or '', 3 ttl millis or '', 4 the version the store read the session at, 5 new index
-- member, 6 marker id, 7 marker timestamp micros, 8 marker JSON, 9 the new rewound ranges (JSON), 10 number of state
-- changes (the session-scope state rebuilt in Java from what it read at that version), then the change triples, then
-- the first event the session stored when read; last, the fencing token or ''.
-- Written only if the session is still at the version read and history retention removed no event since (retention
-- keeps the version but rebuilds its initial state with the rewound ranges it read), so the rebuild matches the log
-- and state it replaces.
local m, refused = load_writable()
if not m then return refused end
if (m[META_FIRST_SEQ] or '1') ~= ARGV[11 + 3 * tonumber(ARGV[10])] then return { STALE, m[META_VERSION] } end
local seq = tostring(tonumber(m[META_EVENT_COUNT]) + 1)
redis.call('HSET', K_EVENTS, seq, ARGV[8])
redis.call('HSET', K_IDS, ARGV[6], seq)
redis.call('ZADD', K_TIMES, ARGV[7], seq)
redis.call('HSET', K_META, META_EVENT_COUNT, seq, META_REWOUND, ARGV[9])
apply_changes(11, tonumber(ARGV[10]))
touch(m, ARGV[1], ARGV[2], ARGV[3], ARGV[5])
return snapshot(OK, { seq, ARGV[8] })
