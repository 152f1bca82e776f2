-- KEYS: the agent's list, then the team's (optional); ARGV: seconds, how many to keep
for _, key in ipairs(KEYS) do
  redis.call('LPUSH', key, ARGV[1])
  redis.call('LTRIM', key, 0, tonumber(ARGV[2]) - 1)
end
return 1
