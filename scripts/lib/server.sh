# shellcheck shell=bash
# Waiting on a vtrack-server the scripts started, through its /ready route.

ready_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$1/ready" || true; }

# wait_for_status PORT STATUS SECONDS: whether /ready answered STATUS in time.
wait_for_status() {
  local deadline=$((SECONDS + $3))
  while [ "$SECONDS" -lt "$deadline" ]; do
    [ "$(ready_status "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# wait_until_ready PORT LOG: the server on PORT is ready within 30 s, or the
# script stops and points at its LOG.
wait_until_ready() {
  wait_for_status "$1" 200 30 || die "vtrack-server on port $1 did not become ready; see $2"
}
