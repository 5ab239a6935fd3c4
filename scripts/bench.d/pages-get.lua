-- wrk script for scripts/bench pages: GETs one page, and prints one line.
function done(summary, latency, requests)
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "requests %d, ok %d, other %d, %.0f pages/s, p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.requests - failed, failed,
    (summary.requests - failed) / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
