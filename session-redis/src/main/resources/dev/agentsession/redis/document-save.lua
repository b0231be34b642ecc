-- KEYS: 1 documents hash, 2 sorted set of keys. ARGV: 1 key, 2 JSON.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1
