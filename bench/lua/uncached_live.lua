-- A live page's updates, a page-cache miss on every request (a parameter the view ignores).
local path = os.getenv("BENCH_LIVE_PATH")
local counter = 0

-- A fresh seed per thread and per run, or the URLs would repeat and hit the page cache.
init = function(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end
request = function()
  counter = counter + 1
  return wrk.format("GET", path .. "?bench=" .. counter .. "-" .. math.random(1e9))
end
