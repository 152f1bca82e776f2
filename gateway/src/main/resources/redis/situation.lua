-- What routing reads of a customer before their message, in one step: their history tally and
-- their open conversation. KEYS[1]: the tally (hash), KEYS[2]: the customer's open conversation id;
-- KEYS[3], when given, the record of the conversation the caller guesses is open (ARGV[1] its id),
-- returned when it is the open one (a guess is all the caller can declare: every key is in KEYS).
-- Returns {resolved, score, open id, that conversation's JSON}, each false (nil) when absent or not
-- guessed right; resolved nil: the tally is not counted yet (history.lua counts it).
local tally = redis.call('HMGET', KEYS[1], 'resolved', 'score')
local open = redis.call('GET', KEYS[2])
local record = false
if KEYS[3] and open == ARGV[1] then
  record = redis.call('GET', KEYS[3])
end
return {tally[1], tally[2], open, record}
