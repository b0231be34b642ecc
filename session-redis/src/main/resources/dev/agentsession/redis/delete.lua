-- No ARGV. Removes the session's keys and its index entries; returns 1 if it existed.
local flat = redis.call('HGETALL', K_META)
if #flat == 0 then return 0 end
drop_session(to_map(flat))
return 1
