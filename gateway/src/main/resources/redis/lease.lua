-- Lease KEYS[1] for holder ARGV[1] at time ARGV[2] (ms) for ARGV[3] ms. The value is
-- "expiry|holder"; the key also expires in Redis (a little later) so dead leases are cleaned up.
local current = redis.call('GET', KEYS[1])
if current then
  local sep = string.find(current, '|', 1, true)
  local expiry = tonumber(string.sub(current, 1, sep - 1))
  local holder = string.sub(current, sep + 1)
  if holder ~= ARGV[1] and expiry > tonumber(ARGV[2]) then return 0 end
end
local expiry = tonumber(ARGV[2]) + tonumber(ARGV[3])
redis.call('SET', KEYS[1], string.format('%d', expiry) .. '|' .. ARGV[1], 'PX', tonumber(ARGV[3]) + 60000)
return 1
