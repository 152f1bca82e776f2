-- A customer's history tally (HistoryTally): the kept one, or, for a customer stored before tallies
-- were kept (or whose tally a change dropped), counted once from their conversations and kept, in
-- this one script so no write can slip between the count and the keeping.
-- KEYS[1] the tally hash (resolved, score, scored-in), KEYS[2] the customer's conversations (a
-- sorted set of ids in order of opening); ARGV[1] the prefix of a conversation's key.
-- Returns {resolved, score or ''}.
local kept = redis.call('HMGET', KEYS[1], 'resolved', 'score')
if kept[1] then return {kept[1], kept[2] or ''} end
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
local resolved, score, scoredIn = 0, nil, nil
for i = #ids, 1, -1 do
  local json = redis.call('GET', ARGV[1] .. ids[i])
  if json then
    local conversation = cjson.decode(json)
    if string.lower(conversation.status) ~= 'open' then resolved = resolved + 1 end
    local survey = conversation.satisfaction
    if not scoredIn and type(survey) == 'table' and type(survey.score) == 'number' then
      score, scoredIn = survey.score, ids[i]
    end
  end
end
if #ids > 0 then
  redis.call('HSET', KEYS[1], 'resolved', resolved)
  if scoredIn then redis.call('HSET', KEYS[1], 'score', score, 'scored-in', scoredIn) end
end
return {tostring(resolved), score and tostring(score) or ''}
