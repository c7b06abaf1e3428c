-- A search page-cache miss on every request: the search's own query string, and a
-- unique parameter the view ignores.
local counter = 0

init = function(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "&bench=" .. counter .. "-" .. math.random(1e9))
end
