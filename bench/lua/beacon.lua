-- Read beacons from many readers: a random client address behind one trusted proxy.
-- Each thread draws its own addresses (wrk starts every thread with the same seed).
init = function(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

request = function()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local headers = {["X-Forwarded-For"] = ip, ["User-Agent"] = "Mozilla/5.0 bench"}
  return wrk.format("POST", nil, headers, "")
end
