-- No own ARGV. Returns the live waits as field, value pairs; dead waits it meets are removed.
local out = {}
local flat = redis.call('HGETALL', K_WAITS)
for i = 1, #flat, 2 do
  local live, owner, sid = is_live(flat[i + 1])
  if live then
    out[#out + 1] = flat[i]
    out[#out + 1] = flat[i + 1]
  elseif live == false then
    remove(flat[i], owner, sid)
  end
end
return out
