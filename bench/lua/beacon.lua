-- Read beacons from many readers: a random client address behind one trusted proxy.
request = function()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local headers = {["X-Forwarded-For"] = ip, ["User-Agent"] = "Mozilla/5.0 bench"}
  return wrk.format("POST", nil, headers, "")
end
