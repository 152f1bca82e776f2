-- Replaces an agent's token in one step, if the one in use is still the one the caller read.
-- KEYS[1]: agent-token-of:<id>. KEYS[2]: agent-token:<old hash> (unused when there is none).
-- KEYS[3]: agent-token:<new hash> (unused when the agent is left with none).
-- ARGV[1]: the old hash ('' = none). ARGV[2]: the new hash ('' = none). ARGV[3]: the agent id.
-- Returns 1 (replaced) or 0 (the token changed meanwhile: read again).
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('DEL', KEYS[2])
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[3], ARGV[3])
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
