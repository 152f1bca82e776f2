-- Takes up to ARGV[2] members due at ARGV[1] (ms) from the sorted set KEYS[1] (due jobs, messages
-- still to route, outbox notes), holding each until ARGV[3] (ms) by moving its score there; a
-- holder that dies lets go when that time passes. Returns {taken members, the earliest score left
-- ('' when the set is empty)}: the caller need not look at this shard again before that time.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[3], id)
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {due, first[2] or ''}
