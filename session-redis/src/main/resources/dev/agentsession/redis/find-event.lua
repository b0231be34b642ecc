-- ARGV: 1 now, 2 event id. Returns { OK, seq, JSON } for the session's event of that id, { OK } when it holds none,
-- { NOT_FOUND } when the session is not live.
local m = load_live(ARGV[1])
if not m then return { NOT_FOUND } end
local seq = redis.call('HGET', K_IDS, ARGV[2])
if not seq then return { OK } end
return { OK, seq, redis.call('HGET', K_EVENTS, seq) or '' }
