-- Writes JSON records if each is still what the caller read, together with their index entries,
-- all or nothing. Every key is in KEYS (one slot): first the records, then the index keys the ops
-- name by their position. ARGV, for each record in KEYS order: the JSON read ('' = the record
-- must not exist yet), the new JSON, how many index ops follow, then the ops, four arguments
-- each: op, index of its key in KEYS, value, score. The new JSON '' deletes the record. Ops that
-- belong to no record (an audit entry, a note for the outbox) follow the last record's.
--   claim   key -> value unless another value holds it (a conflict: nothing is written)
--   release delete key if it holds value
--   setnx   key -> value unless set (never a conflict)
--   zadd / zrem  sorted set key, member value, score
--   due     zadd to a shard's set of things due (jobs:due, messages:unrouted, pending); a member
--           due before the set's earliest is announced on {relay}:due ('<key> <score>'), so
--           replicas that skip shards with nothing due (DueTimes) look at this one in time
--   sadd / srem  set key, member value
--   lpush   list key, value
--   del     delete key
-- A customer's history tally (hash key: resolved, score, scored-in; see HistoryTally) moves only
-- where it exists: one not counted yet is counted on its first read (history.lua).
--   tally-add      add score to the field value
--   tally-score    value '<conversation id> <position in KEYS of its customer's
--                  conversations>': that conversation
--                  now has score; kept if it is the scored one, the newest or the first scored, else
--                  the tally is dropped (counted again on the next read)
--   tally-unscore  the conversation value lost its score: drop the tally if it was the scored one
-- ARGV[1] is the number of records (KEYS may hold more: the index keys).
-- Returns 1 (written), 0 (a record changed since it was read), or the key of a conflicting claim.
local records = tonumber(ARGV[1])

local function checked(from, to)
  for i = from, to, 4 do
    if ARGV[i] == 'claim' then
      local key = KEYS[tonumber(ARGV[i + 1])]
      local holder = redis.call('GET', key)
      if holder and holder ~= ARGV[i + 2] then return key end
    end
  end
  return nil
end

local function apply(from, to)
  for i = from, to, 4 do
    local op, key, value, score = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3]
    if op == 'claim' then
      redis.call('SET', key, value)
    elseif op == 'release' then
      if redis.call('GET', key) == value then redis.call('DEL', key) end
    elseif op == 'setnx' then
      redis.call('SET', key, value, 'NX')
    elseif op == 'zadd' then
      redis.call('ZADD', key, score, value)
    elseif op == 'due' then
      local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
      redis.call('ZADD', key, score, value)
      if #first == 0 or tonumber(score) < tonumber(first[2]) then
        redis.call('PUBLISH', '{relay}:due', key .. ' ' .. score)
      end
    elseif op == 'zrem' then
      redis.call('ZREM', key, value)
    elseif op == 'sadd' then
      redis.call('SADD', key, value)
    elseif op == 'srem' then
      redis.call('SREM', key, value)
    elseif op == 'lpush' then
      redis.call('LPUSH', key, value)
    elseif op == 'del' then
      redis.call('DEL', key)
    elseif redis.call('EXISTS', key) == 0 then
      -- a tally op on a tally not counted yet: its first read counts it
    elseif op == 'tally-add' then
      redis.call('HINCRBY', key, value, score)
    elseif op == 'tally-score' then
      local id, at = string.match(value, '^(%S+) (%d+)$')
      local conversations = KEYS[tonumber(at)]
      local held = redis.call('HGET', key, 'scored-in')
      local newest = redis.call('ZRANGE', conversations, -1, -1)[1]
      if not held or held == id or newest == id then
        redis.call('HSET', key, 'score', score, 'scored-in', id)
      else
        redis.call('DEL', key)
      end
    elseif op == 'tally-unscore' then
      if redis.call('HGET', key, 'scored-in') == value then redis.call('DEL', key) end
    end
  end
end

-- First look at everything: nothing is written unless all of it can be.
local ops = {}
local at = 2
for k = 1, records do
  local current = redis.call('GET', KEYS[k])
  if ARGV[at] == '' then
    if current then return 0 end
  elseif current ~= ARGV[at] then
    return 0
  end
  local from, to = at + 3, at + 2 + 4 * tonumber(ARGV[at + 2])
  local conflict = checked(from, to)
  if conflict then return conflict end
  ops[k] = {from, to}
  at = to + 1
end
local conflict = checked(at, #ARGV)
if conflict then return conflict end

for k = 1, records do
  local json = ARGV[ops[k][1] - 2]
  if json == '' then redis.call('DEL', KEYS[k]) else redis.call('SET', KEYS[k], json) end
  apply(ops[k][1], ops[k][2])
end
apply(at, #ARGV)
return 1
