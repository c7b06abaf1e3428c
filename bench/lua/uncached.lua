-- A page-cache miss on every request: a unique query string the view ignores.
local path = os.getenv("BENCH_PATH")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", path .. "?bench=" .. counter .. "-" .. math.random(1e9))
end
