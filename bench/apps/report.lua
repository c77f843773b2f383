-- wrk script for bench/apps.sh: sends WRK_METHOD (default GET) with WRK_BODY as a text/plain
-- body when set, and at the end prints one line the script parses:
--   wrk-result REQUESTS SECONDS REQ_PER_S P50_US P99_US ERRORS
-- where ERRORS counts failed connections, reads, writes, timeouts and non-2xx/3xx answers.
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body ~= nil and #body > 0 then
  wrk.body = body
  wrk.headers["Content-Type"] = "text/plain"
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  local seconds = summary.duration / 1e6
  io.write(string.format("wrk-result %d %.3f %.1f %d %d %d\n", summary.requests, seconds,
    summary.requests / seconds, latency:percentile(50), latency:percentile(99), errors))
end
