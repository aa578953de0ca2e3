-- wrk script: door check-ins at a job fair, a fresh ticket each time (one QR
-- text per line in BENCH_TICKETS, used in order), paced: every connection
-- (a door) waits on average BENCH_DELAY_MS after an answer before its next
-- scan, at random between none and twice that: doors are not in step (with
-- a fixed pause all 50 fell into step and sent each round at the same
-- instant, a burst of 50 every 45 ms).  A scan past the end of the list
-- scans again.
local tickets = {}
for line in io.lines(os.getenv("BENCH_TICKETS")) do tickets[#tickets + 1] = line end
local path = os.getenv("BENCH_PATH")
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "50")
local token = os.getenv("BENCH_TOKEN")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
request = function()
  n = n + 1
  return wrk.format(nil, path, nil, '{"ticket":"' .. tickets[(n - 1) % #tickets + 1] .. '"}')
end
math.randomseed(25)
delay = function() return math.random(0, 2 * pause) end
