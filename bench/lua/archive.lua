-- Readers of the archive: each request asks for another article (the paths listed in
-- BENCH_PATHS_FILE, shuffled by the harness), whose own cached entries are cold.
-- Each thread starts at its own random place in the list and walks on from there.
local paths = {}
local position = 1

init = function(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do
    paths[#paths + 1] = line
  end
  position = math.random(1, #paths)
end

request = function()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
