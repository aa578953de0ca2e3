-- wrk script: the mobile app's read mix of signed-in job seekers (one token
-- per line in BENCH_TOKENS, each an active card holder): vacancy searches,
-- their own card, recommended vacancies and their applications.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local searches = {
  "", "?q=operator", "?q=kasir&kecamatan=32.77.01", "?kbji=7", "?education=sma&min_wage=3000000",
  "?q=staf%20gudang", "?employment_type=contract", "?q=teknisi&kabkota=32.77", "?q=shift%20lembur",
}
math.randomseed(11)
request = function()
  local headers = {Authorization = "Bearer " .. tokens[math.random(#tokens)]}
  local x = math.random(100)
  local path
  if x <= 40 then
    path = "/v1/vacancies" .. searches[math.random(#searches)]
  elseif x <= 65 then
    path = "/v1/me/card"
  elseif x <= 90 then
    path = "/v1/me/recommendations"
  else
    path = "/v1/me/applications"
  end
  return wrk.format("GET", path, headers)
end
