-- Saves version ARGV[1] (of the routing rules, or of a locale's texts) (JSON ARGV[2]) if the current version is still ARGV[1] - 1.
-- KEYS[1]: current version number, KEYS[2]: the new version's record, KEYS[3]: versions set.
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current + 1 ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[1])
return 1
