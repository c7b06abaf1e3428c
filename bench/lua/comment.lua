-- Comment posts from many readers, each with its own email and text.
local ts = os.getenv("BENCH_TS")
local csrf = os.getenv("BENCH_CSRF")
local cookie = os.getenv("BENCH_COOKIE")
local referer = os.getenv("BENCH_REFERER")
local counter = 0
-- Each thread draws its own addresses (wrk starts every thread with the same seed).
init = function(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

request = function()
  counter = counter + 1
  local n = math.random(1e9) .. "-" .. counter
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local body = "name=Lecteur&email=l" .. n .. "%40example.org&body=Avis+" .. n
    .. "&website=&ts=" .. ts .. "&csrfmiddlewaretoken=" .. csrf
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["Referer"] = referer,
    ["X-Forwarded-For"] = ip,
  }
  return wrk.format("POST", nil, headers, body)
end
