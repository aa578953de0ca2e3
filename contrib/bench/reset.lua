-- wrk script: password-reset requests, a durable write without argon2 (a token row,
-- an outbox mail and an audit row committed before the 202), spread over 50 accounts.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"email":"bench' .. (n % 50) .. '@example.id"}')
end
