-- KEYS: 1 sorted set of keys. ARGV: 1 prefix. Every key starting with the prefix (0xFF never occurs in UTF-8).
if ARGV[1] == '' then return redis.call('ZRANGEBYLEX', KEYS[1], '-', '+') end
return redis.call('ZRANGEBYLEX', KEYS[1], '[' .. ARGV[1], '[' .. ARGV[1] .. '\255')
