-- wrk script: job seekers applying for an AK/I card, each once (tokens of
-- people with a profile and documents but no application, one per line in
-- BENCH_TOKENS).  With BENCH_SUBMIT set, the lines are "token id" and each
-- person submits the draft application id instead.  A token is used once;
-- the scenario's duration is chosen so that they are not used up (a second
-- use would be refused with 409 and show as an answer other than 2xx).
local people = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  local token, id = line:match("^(%S+)%s*(%d*)$")
  people[#people + 1] = {token = token, id = id}
end
local submit = os.getenv("BENCH_SUBMIT") ~= nil
local n = 0
request = function()
  n = n % #people + 1
  local p = people[n]
  local headers = {Authorization = "Bearer " .. p.token, ["Content-Type"] = "application/json"}
  if submit then
    return wrk.format("POST", "/v1/me/card-applications/" .. p.id .. "/submit", headers)
  end
  return wrk.format("POST", "/v1/me/card-applications", headers, '{"kind":"new"}')
end
