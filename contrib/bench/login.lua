-- wrk script: every request is a correct login (argon2id verify + a new session row).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"login":"' .. os.getenv("BENCH_LOGIN") .. '","password":"' .. os.getenv("BENCH_PASSWORD") .. '"}'
