# shellcheck shell=bash
# scripts/bench pages: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# The applicants' pages: the positions page and a position's page (with its
# form) served per second at BENCH_CLIENTS (16) connections, and their p99;
# then the form's submissions against the API's applications, on the same
# server in the same run, in turns (BENCH_ROUNDS, 5), each side's median
# round, and the median of the rounds' ratios: both go through the same intake, so the form should keep at least
# 0.9 of the API's rate.

clients=${BENCH_CLIENTS:-16}
ensure_command wrk wrk
seconds=${BENCH_SECONDS:-15}

log "a coordinator key, an open position, a privacy notice, and the server's login"
. scripts/lib/intake-fixture.sh
seed_intake bench 1
psql_bench -d bench -c "UPDATE positions SET description = repeat('We translate independent journalism. ', 30), languages = '{uk,en}', hours_per_week = 6" >/dev/null

reserve_port
server_port=$RESERVED_PORT
reserve_port
metrics_port=$RESERVED_PORT
DATABASE_URL=$SERVER_URL \
  VTRACK_HTTP_PORT=$server_port VTRACK_METRICS_ADDRESS="127.0.0.1:$metrics_port" VTRACK_LOG_LEVEL=warning VTRACK_RATE_LIMIT_PER_CLIENT=0 VTRACK_RATE_LIMIT_GLOBAL=0 VTRACK_DATABASE_CONNECTIONS=$clients \
  "$BIN/vtrack-server" >"$SCRATCH/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; stop_cluster "$CLUSTER"; rm -rf "$SCRATCH"' EXIT
wait_until_ready "$server_port" "$SCRATCH/server.log"

wrk_page() { wrk -t 1 -c "$clients" -d "$1" -s scripts/bench.d/pages-get.lua "http://127.0.0.1:$server_port$2"; }
"$BIN/vtrack-bench" body >"$SCRATCH/body.json"
export BENCH_BODY_FILE="$SCRATCH/body.json"
wrk_api() { wrk -t 1 -c "$clients" -d "$1" -s scripts/bench.d/intake.lua "http://127.0.0.1:$server_port"; }
wrk_form() { wrk -t 1 -c "$clients" -d "$1" -s scripts/bench.d/pages-form.lua "http://127.0.0.1:$server_port"; }
log "warming up the server"
wrk_page 3s /positions >/dev/null
wrk_form 3s >/dev/null

list_line=$(wrk_page "${seconds}s" /positions | tail -n 1)
echo "positions page: $list_line"
position_line=$(wrk_page "${seconds}s" /positions/bench | tail -n 1)
echo "position page: $position_line"

median() { printf '%s\n' "$@" | sort -n | awk '{ value[NR] = $1 } END { print value[int((NR + 1) / 2)] }'; }
checkpoint() { psql_bench -d bench -c CHECKPOINT >/dev/null; }
rate_of() { echo "$1" | sed -n 's/.* \([0-9]*\) created\/s.*/\1/p'; }
created_of() { echo "$1" | sed -n 's/.* created \([0-9]*\),.*/\1/p'; }
# The server's CPU (user and system, in clock ticks) from /proc: this
# machine's commit times swing from round to round, its CPU per
# application does not.
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
rounds=${BENCH_ROUNDS:-5}
ratios=()
api_rates=()
form_rates=()
api_ticks=0
api_created=0
form_ticks=0
form_created=0
for round in $(seq "$rounds"); do
  log "round $round of $rounds: the API, then the form ($clients connections, ${seconds}s each)"
  checkpoint
  before=$(server_cpu_ticks)
  api_line=$(wrk_api "${seconds}s" | tail -n 1)
  api_ticks=$((api_ticks + $(server_cpu_ticks) - before))
  api_created=$((api_created + $(created_of "$api_line")))
  echo "api: $api_line"
  checkpoint
  before=$(server_cpu_ticks)
  form_line=$(wrk_form "${seconds}s" | tail -n 1)
  form_ticks=$((form_ticks + $(server_cpu_ticks) - before))
  form_created=$((form_created + $(created_of "$form_line")))
  echo "form: $form_line"
  api_rates+=("$(rate_of "$api_line")")
  form_rates+=("$(rate_of "$form_line")")
  ratios+=("$(awk -v f="$(rate_of "$form_line")" -v a="$(rate_of "$api_line")" 'BEGIN { printf "%.3f", f / a }')")
done
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true

page_rate() { echo "$1" | sed -n 's/.* \([0-9]*\) pages\/s.*/\1/p'; }
page_p99() { echo "$1" | sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p'; }
awk -v lr="$(page_rate "$list_line")" -v lp="$(page_p99 "$list_line")" -v pr="$(page_rate "$position_line")" \
  -v pp="$(page_p99 "$position_line")" -v api="$(median "${api_rates[@]}")" -v form="$(median "${form_rates[@]}")" \
  -v ratio="$(median "${ratios[@]}")" -v clients="$clients" -v hz="$(getconf CLK_TCK)" \
  -v at="$api_ticks" -v ac="$api_created" -v ft="$form_ticks" -v fc="$form_created" 'BEGIN {
  printf "\npages at %d connections: positions %d/s (p99 %.1f ms), a position with its form %d/s (p99 %.1f ms)\n", clients, lr, lp, pr, pp
  printf "form submissions: median %d/s against the API'"'"'s %d/s; median of the rounds'"'"' ratios %.2f (target 0.9)\n", form, api, ratio
  printf "server CPU per application: form %.3f ms, API %.3f ms (ratio %.2f)\n", ft * 1000 / hz / fc, at * 1000 / hz / ac, (at / ac) / (ft / fc)
}'
