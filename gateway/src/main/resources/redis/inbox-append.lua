-- Numbers and adds an agent event in one step, so an event with a lower id is never added after
-- one with a higher id (a stream reading "after the last id sent" would skip it).
-- An id is never below the server's clock in microseconds: after a failover to a replica whose
-- counter lagged, new ids still come after every id the streams were sent (hosts' clocks agree
-- far better than a replica lags), so no live stream skips them.
-- KEYS[1]: the sequence, KEYS[2]: the agent's inbox, KEYS[3]: the id of the agent's last event.
-- ARGV[1]: the event's JSON with id 0 first.
-- Returns {id, the id of the event appended to this inbox just before (0: none known)}.
local now = redis.call('TIME')
local floor = tonumber(now[1]) * 1000000 + tonumber(now[2])
local id = math.max(tonumber(redis.call('GET', KEYS[1]) or '0') + 1, floor)
local text = string.format('%d', id)
redis.call('SET', KEYS[1], text)
local json = '{"id":' .. text .. string.sub(ARGV[1], string.len('{"id":0') + 1)
redis.call('ZADD', KEYS[2], text, json)
local previous = redis.call('GET', KEYS[3]) or '0'
redis.call('SET', KEYS[3], text)
return {id, tonumber(previous)}
