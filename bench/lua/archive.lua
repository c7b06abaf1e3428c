-- Readers of the archive: each request asks for another article (the paths listed in
-- BENCH_PATHS_FILE, shuffled by the harness), whose own cached entries are cold. The
-- BENCH_THREADS threads share the list out, each walking its own share, and the
-- harness empties the cache before each run: no article is asked for twice in a run
-- while a share lasts (a thread that walked its share round would ask again: each
-- page-cache hit is counted and reported at the end, and the harness refuses a run
-- that had any).
local threads = {}

setup = function(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

init = function(args)
  local paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do
    paths[#paths + 1] = line
  end
  local share = math.floor(#paths / tonumber(os.getenv("BENCH_THREADS") or "1"))
  mine = {}
  for i = id * share + 1, (id + 1) * share do
    mine[#mine + 1] = paths[i]
  end
  assert(#mine > 0, "no path for thread " .. id .. ": set BENCH_THREADS to wrk's -t")
  position, hits, responses = 0, 0, 0
end

request = function()
  position = position % #mine + 1
  return wrk.format("GET", mine[position])
end

response = function(status, headers, body)
  responses = responses + 1
  if headers["X-Page-Cache"] == "hit" then
    hits = hits + 1
  end
end

done = function(summary, latency, requests)
  local hit_count, response_count = 0, 0
  for _, thread in ipairs(threads) do
    hit_count = hit_count + thread:get("hits")
    response_count = response_count + thread:get("responses")
  end
  io.write(string.format("Page-cache hits: %d of %d\n", hit_count, response_count))
end
