-- Writes one JSON record if it is still what the caller read, together with its index entries,
-- atomically. KEYS[1]: the record. ARGV[1]: the JSON read ('' = the record must not exist yet).
-- ARGV[2]: the new JSON ('' = delete the record). Then groups of four: op, key, value, score.
--   claim   key -> value unless another value holds it (a conflict: nothing is written)
--   release delete key if it holds value
--   setnx   key -> value unless set (never a conflict)
--   zadd / zrem  sorted set key, member value, score
--   sadd / srem  set key, member value
-- Returns 1 (written), 0 (the record changed since it was read), or the key of a conflicting claim.
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
for i = 3, #ARGV, 4 do
  if ARGV[i] == 'claim' then
    local holder = redis.call('GET', ARGV[i + 1])
    if holder and holder ~= ARGV[i + 2] then return ARGV[i + 1] end
  end
end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2]) end
for i = 3, #ARGV, 4 do
  local op, key, value, score = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if op == 'claim' then
    redis.call('SET', key, value)
  elseif op == 'release' then
    if redis.call('GET', key) == value then redis.call('DEL', key) end
  elseif op == 'setnx' then
    redis.call('SET', key, value, 'NX')
  elseif op == 'zadd' then
    redis.call('ZADD', key, score, value)
  elseif op == 'zrem' then
    redis.call('ZREM', key, value)
  elseif op == 'sadd' then
    redis.call('SADD', key, value)
  elseif op == 'srem' then
    redis.call('SREM', key, value)
  end
end
return 1
