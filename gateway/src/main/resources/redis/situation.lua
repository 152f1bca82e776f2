-- What routing reads of a customer before their message, in one step: their history tally and
-- their open conversation, and their record if asked. KEYS[1]: the tally (hash), KEYS[2]: the
-- customer's open conversation id; then, when ARGV[1] is not '', the record of the conversation
-- ARGV[1] the caller guesses is open, returned when it is the open one (a guess is all the caller
-- can declare: every key is in KEYS); then, when ARGV[2] is 'customer', the customer's record.
-- Returns {resolved, score, open id, that conversation's JSON, the customer's JSON}, each false
-- (nil) when absent, not asked for or not guessed right; resolved nil: the tally is not counted
-- yet (history.lua counts it).
local tally = redis.call('HMGET', KEYS[1], 'resolved', 'score')
local open = redis.call('GET', KEYS[2])
local at = 3
local record = false
if ARGV[1] ~= '' then
  if open == ARGV[1] then
    record = redis.call('GET', KEYS[at])
  end
  at = at + 1
end
local customer = false
if ARGV[2] == 'customer' then
  customer = redis.call('GET', KEYS[at])
end
return {tally[1], tally[2], open, record, customer}
