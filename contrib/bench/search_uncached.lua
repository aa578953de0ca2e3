-- wrk script: vacancy searches never asked before.  One to three words
-- drawn from the words of the generated vacancy texts (BENCH_WORDS, written
-- by contrib/bench/gen; sometimes cut short, as a person still typing), and
-- a random combination of the filters.  A query drawn twice is drawn again:
-- each request is a new query string, so none is answered by the search
-- cache (keyed by the query string).  One wrk thread: one table of seen queries.
local words = {}
for line in io.lines(os.getenv("BENCH_WORDS")) do words[#words + 1] = line end
local kecamatan = {"32.77.01", "32.77.02", "32.77.03"}
local education = {"sd", "smp", "sma", "smk", "d3", "s1"}
local types = {"permanent", "contract", "daily", "internship", "part_time"}
local seen = {}
math.randomseed(tonumber(os.getenv("BENCH_SEED") or "13"))

local function word()
  local w = words[math.random(#words)]
  if #w > 4 and math.random(5) == 1 then w = w:sub(1, math.random(3, #w - 1)) end
  return w
end

local function draw()
  local parts = {}
  local r = math.random(100)
  local n = r <= 10 and 0 or (r <= 60 and 1 or (r <= 90 and 2 or 3))
  local q = {}
  for _ = 1, n do q[#q + 1] = word() end
  if n > 0 then parts[#parts + 1] = "q=" .. table.concat(q, "%20") end
  if math.random(4) == 1 then
    parts[#parts + 1] = "kecamatan=" .. kecamatan[math.random(#kecamatan)]
  elseif math.random(6) == 1 then
    parts[#parts + 1] = "kabkota=32.77"
  end
  if math.random(3) == 1 then
    local kbji = tostring(math.random(9))
    if math.random(3) == 1 then kbji = kbji .. math.random(0, 9) end
    parts[#parts + 1] = "kbji=" .. kbji
  end
  if math.random(4) == 1 then parts[#parts + 1] = "education=" .. education[math.random(#education)] end
  if math.random(4) == 1 then parts[#parts + 1] = "min_wage=" .. (2500000 + 100000 * math.random(0, 30)) end
  if math.random(4) == 1 then parts[#parts + 1] = "employment_type=" .. types[math.random(#types)] end
  if math.random(8) == 1 then parts[#parts + 1] = "since=" .. os.date("!%Y-%m-%d", os.time() - math.random(60) * 86400) end
  if math.random(10) == 1 then parts[#parts + 1] = "disability_friendly=true" end
  return "/v1/vacancies?" .. table.concat(parts, "&")
end

request = function()
  local path
  repeat path = draw() until not seen[path]
  seen[path] = true
  return wrk.format("GET", path)
end
