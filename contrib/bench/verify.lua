-- wrk script: verification of random card numbers (one per line in BENCH_NUMBERS).
local numbers = {}
for line in io.lines(os.getenv("BENCH_NUMBERS")) do numbers[#numbers + 1] = line end
math.randomseed(42)
request = function()
  return wrk.format("GET", "/v1/verify/cards/" .. numbers[math.random(#numbers)])
end
