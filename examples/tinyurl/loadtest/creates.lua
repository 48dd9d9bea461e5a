-- wrk script: POST /api/urls with the API key in the KEY environment variable.
--   KEY=... wrk -t2 -c16 -d30s --latency -s creates.lua http://127.0.0.1:8080
-- The server must allow that rate for the key (start it with --rate-limit and --rate-burst);
-- otherwise wrk counts the 429 answers as "Non-2xx or 3xx responses".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("KEY") or error("set KEY to the API key")
wrk.body = '{"target":"' .. (os.getenv("TARGET") or "https://example.com/wrk") .. '"}'
