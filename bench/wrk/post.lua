-- wrk script for the independent cross-check (bench/run.sh --wrk runs it against the ceiling route).
-- Posts one fixed, correctly signed Visma.net webhook (demo secret). A fixed body is a duplicate after the first
-- request, so it measures the gateway's HTTP stack only on /bench/ceiling, which checks nothing; varying the id
-- would need HMAC-SHA256 in Lua.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-VWD-Signature-V1"] = "clSPsMpgSsurLSeZJZ9uKzdylNH8VeJcOr7zF7rHmhc="
wrk.body = '{"event":"Customer_Updated","notificationId":"0f5b7c1e-8f7d-4c2a-9b1e-3d2c1b0a9f8e","entityLocation":"api/v1/customer/55555","timeStamp":"638974335577900000","TenantId":"f6cd9xxxx6183","companyId":"5123456"}'

-- One machine-readable line for the harness (microseconds; errors are socket errors, non2xx is wrk's
-- "Non-2xx or 3xx responses").
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
