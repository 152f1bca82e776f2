-- Releases lease KEYS[1] if holder ARGV[1] holds it.
local current = redis.call('GET', KEYS[1])
if current then
  local sep = string.find(current, '|', 1, true)
  if string.sub(current, sep + 1) == ARGV[1] then redis.call('DEL', KEYS[1]) end
end
return 1
