-- wrk script: a player seeking through a lesson video, one 1 MiB range
-- at a random place each time (BENCH_VIDEO_SIZE bytes in the file).
local size = tonumber(os.getenv("BENCH_VIDEO_SIZE"))
local piece = 1048576
math.randomseed(7)
request = function()
  local from = math.random(0, size - piece)
  return wrk.format("GET", nil, { Range = "bytes=" .. from .. "-" .. (from + piece - 1) })
end
