-- Claims every key in KEYS (one slot) for the value at the same place in ARGV, or none: a key
-- another value holds is a conflict. Returns {1, keys newly set...} (so a caller that gives up
-- frees only those) or {0, the conflicting key}.
for i, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder and holder ~= ARGV[i] then return {0, key} end
end
local set = {1}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[i], 'NX') then table.insert(set, key) end
end
return set
