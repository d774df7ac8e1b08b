-- wrk script: a reader's mix, one request after the other: the home page,
-- story pages (the ids in STORIES, space-separated), /api/search with mixed
-- queries, a story's JSON. Used by bench/serve_ingest.sh.
local stories = {}
for id in string.gmatch(os.getenv("STORIES") or "1", "%S+") do stories[#stories + 1] = id end
local queries = {
  "police", "government", "%22prime%20minister%22", "elect*", "court%20OR%20judge", "storm", "oil%20AND%20price*",
  "president", "%22world%20cup%22", "fire%20NOT%20forest", "market*", "bank", "attack", "protest*", "health",
}
local i = 0
request = function()
  i = i + 1
  local k = i % 4
  if k == 0 then return wrk.format("GET", "/") end
  if k == 1 or k == 3 then return wrk.format("GET", "/stories/" .. stories[(i % #stories) + 1]) end
  return wrk.format("GET", "/api/search?q=" .. queries[(i % #queries) + 1])
end
