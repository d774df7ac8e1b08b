-- wrk script: /api/search with a mix of queries (words, phrases, prefixes,
-- operators, filters), one after the other. Used by bench/serve_wrk.sh.
local queries = {
  "police", "government", "%22prime%20minister%22", "elect*", "court%20OR%20judge", "storm", "oil%20AND%20price*",
  "president", "%22world%20cup%22", "fire%20NOT%20forest", "market*", "minister&since=2016-01-01", "bank",
  "attack", "protest*", "vote%20OR%20ballot", "%22said%20on%20monday%22", "health", "company&limit=5", "war",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?q=" .. queries[(i % #queries) + 1])
end
