-- Replaces audit entries in the list KEYS[1] where they still are: ARGV holds pairs of
-- (entry as stored, entry redacted). LPOS finds each, however many entries were pushed since.
local changed = 0
for i = 1, #ARGV, 2 do
  local at = redis.call('LPOS', KEYS[1], ARGV[i])
  if at then
    redis.call('LSET', KEYS[1], at, ARGV[i + 1])
    changed = changed + 1
  end
end
return changed
