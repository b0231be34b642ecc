-- KEYS: 1 documents hash, 2 sorted set of keys. ARGV: 1 key. Returns 1 if a document was deleted.
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
