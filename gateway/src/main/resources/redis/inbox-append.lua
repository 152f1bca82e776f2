-- Numbers and adds an agent event in one step, so an event with a lower id is never added after
-- one with a higher id (a stream reading "after the last id sent" would skip it).
-- KEYS[1]: the sequence, KEYS[2]: the agent's inbox. ARGV[1]: the event's JSON with id 0 first.
local id = redis.call('INCR', KEYS[1])
local json = '{"id":' .. id .. string.sub(ARGV[1], string.len('{"id":0') + 1)
redis.call('ZADD', KEYS[2], id, json)
return id
