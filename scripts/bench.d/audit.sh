# shellcheck shell=bash
# scripts/bench audit: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.

events=${BENCH_EVENTS:-1000000}
rate=${BENCH_RATE:-2000}
seconds=${BENCH_SECONDS:-30}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

log "appending $events events"
psql_bench -d bench -c "
  INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, payload)
  SELECT 'application', gen_random_uuid(), 'application.status_changed', 'submitted', 'screening',
         jsonb_build_object('version', n % 7 + 1)
  FROM generate_series(1, $events) AS n"
psql_bench -d bench -c "VACUUM ANALYZE events"

log "sealing them with vtrack audit seal"
start=$(now)
"$BIN/vtrack" audit seal >/dev/null
seal_seconds=$(elapsed "$start" "$(now)")
psql_bench -d bench -c "VACUUM ANALYZE event_chain"

log "verifying with vtrack audit verify (end to end, process start included)"
best=""
for _ in 1 2 3; do
  start=$(now)
  "$BIN/vtrack" audit verify >/dev/null
  took=$(elapsed "$start" "$(now)")
  if [ -z "$best" ] || awk -v a="$took" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$took; fi
done

log "appending $rate events/s for ${seconds}s with pgbench while vtrack-server seals"
reserve_port
server_port=$RESERVED_PORT
reserve_port
metrics_port=$RESERVED_PORT
VTRACK_HTTP_PORT=$server_port VTRACK_METRICS_ADDRESS="127.0.0.1:$metrics_port" VTRACK_LOG_LEVEL=warning "$BIN/vtrack-server" >"$SCRATCH/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; stop_cluster "$CLUSTER"; rm -rf "$SCRATCH"' EXIT
wait_until_ready "$server_port" "$SCRATCH/server.log"
first_new=$(psql_bench -d bench -Atc "SELECT coalesce(max(seq), 0) FROM events")
cat >"$SCRATCH/append.sql" <<'SQL'
INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, payload)
VALUES ('application', gen_random_uuid(), 'application.status_changed', 'screening', 'interview', '{"version": 3}');
SQL
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres -n -c 8 -j 2 -R "$rate" -T "$seconds" \
  -f "$SCRATCH/append.sql" bench >"$SCRATCH/pgbench.log" 2>&1
appended=$(psql_bench -d bench -Atc "SELECT count(*) FROM events WHERE seq > $first_new")
for _ in $(seq 100); do
  left=$(psql_bench -d bench -Atc "SELECT count(*) FROM events e WHERE seq > $first_new AND NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.seq = e.seq)")
  [ "$left" -eq 0 ] && break
  sleep 0.2
done
lag=$(psql_bench -d bench -Atc "
  SELECT round(max(extract(epoch FROM c.sealed_at - e.occurred_at))::numeric, 3) || ' ' ||
         round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM c.sealed_at - e.occurred_at))::numeric, 3)
  FROM event_chain c JOIN events e USING (seq) WHERE e.seq > $first_new")
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true
verify_after=$("$BIN/vtrack" audit verify | head -n 1)

echo
echo "audit benchmark ($(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), durability on)"
printf '  sealing %d events (vtrack audit seal): %s s, %s events/s\n' "$events" "$seal_seconds" "$(per_second "$events" "$seal_seconds")"
printf '  vtrack audit verify over %d events: %s s end to end (best of 3), %s events/s (target >= 200000)\n' \
  "$events" "$best" "$(per_second "$events" "$best")"
printf '  appended at %d/s for %ds: %d events (%s)\n' "$rate" "$seconds" "$appended" "$(grep -E '^tps' "$SCRATCH/pgbench.log" | head -n 1)"
printf '  sealing lag (sealed_at - occurred_at): max %s s, p99 %s s (target < 5 s)\n' "${lag% *}" "${lag#* }"
echo "  after the run: $verify_after"
