-- wrk script: the searches a job seeker makes, drawn at random.
local queries = {
  "", "?q=operator", "?q=kasir&kecamatan=32.77.01", "?kbji=7", "?education=sma&min_wage=3000000",
  "?q=staf%20gudang", "?employment_type=contract", "?q=teknisi&kabkota=32.77", "?q=shift%20lembur",
  "?kbji=2&education=s1", "?q=programmer", "?since=2026-11-01", "?q=jahit&min_wage=2800000",
}
math.randomseed(7)
request = function()
  return wrk.format("GET", "/v1/vacancies" .. queries[math.random(#queries)])
end
