-- wrk script for scripts/bench intake: posts the application body in
-- $BENCH_BODY_FILE, each request with an Idempotency-Key of its own.
local threads = {}
counter = 0
thread_number = 0
run = tostring(os.time())

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.path = "/v1/applications"
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, thread_number, counter),
  }, nil)
end

function done(summary, latency, requests)
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "requests %d, created %d, other %d, %.0f created/s, p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.requests - failed, failed,
    (summary.requests - failed) / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
