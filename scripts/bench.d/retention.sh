# shellcheck shell=bash
# scripts/bench retention: sourced by scripts/bench with BIN, PORT, PG_BIN,
# PASSWORD, DATABASE_URL and SCRATCH set.
#
# BENCH_APPLICATIONS (1,000,000) applications, one applicant each, of whom
# BENCH_DUE (300,000) are due under the default policy, loaded with COPY:
# the due ones rejected, unanswered, withdrawn or alumni long ago; of the
# rest, BENCH_OLD_KEPT (20,000) applied years ago and are still engaged (an
# active volunteer or an application on hold, which every run must look at
# and keep), and the others applied within the last 180 days. Each has sealed
# data, a data key, availability and a token, so erasure deletes what it
# would. Then `vtrack retention run` as a coordinator, timed, while the API
# takes applications at half its peak rate (vtrack-bench load), whose p99 is
# the figure for intake.

applications=${BENCH_APPLICATIONS:-1000000}
due=${BENCH_DUE:-300000}
old_kept=${BENCH_OLD_KEPT:-20000}
clients=${BENCH_CLIENTS:-16}
[ $((due + old_kept)) -le "$applications" ] || die "BENCH_DUE + BENCH_OLD_KEPT exceed BENCH_APPLICATIONS"

seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

log "a coordinator key, an open position, and the server's login"
. scripts/lib/intake-fixture.sh
seed_intake bench 1
coordinator_url=$(DATABASE_URL=$DATABASE_URL "$BIN/vtrack" coordinators add bench_retention \
  | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
[ -n "$coordinator_url" ] || die "vtrack coordinators add printed no DATABASE_URL"

seed_start=$EPOCHREALTIME
# Application n: 1..due are due, the next old_kept are old and still
# engaged, the rest recent. Ids are hashes of n, so the due ones lie all
# over the id order that a run walks.
read -r -d '' plan <<'SQL' || true
CREATE FUNCTION pg_temp.uuid_for(kind integer, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$SELECT overlay(overlay(md5(kind::text || ':' || n::text) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid$$;
CREATE TEMP VIEW plan AS
SELECT n, pg_temp.uuid_for(1, n) AS id, pg_temp.uuid_for(2, n) AS applicant_id, pg_temp.uuid_for(4, n) AS volunteer_id,
       (SELECT id FROM positions WHERE slug = 'bench') AS position_id,
       CASE WHEN n <= :due THEN (ARRAY['rejected', 'rejected', 'withdrawn', 'accepted'])[1 + n % 4]
            WHEN n <= :due + :old_kept THEN (ARRAY['accepted', 'on_hold'])[1 + n % 2]
            ELSE (ARRAY['submitted', 'screening', 'rejected', 'withdrawn', 'accepted'])[1 + n % 5] END AS status,
       CASE WHEN n % 4 = 1 THEN 'no_response' ELSE 'not_a_fit' END AS reason,
       CASE WHEN n <= :due + :old_kept THEN now() - interval '1000 days' + (n % 100) * interval '1 day'
            ELSE now() - interval '170 days' + (n % 160) * interval '1 day' END AS created_at
FROM generate_series(1, :applications) AS n;
SQL

# copy_into 'TABLE (COLUMNS)' QUERY: QUERY's rows loaded with COPY, with the
# triggers and foreign-key checks off (each row is what they would have made).
copy_into() {
  printf '%s\nCOPY (%s) TO STDOUT;\n' "$plan" "$2" \
    | psql_bench -d bench -v applications="$applications" -v due="$due" -v old_kept="$old_kept" \
    | PGOPTIONS='-c session_replication_role=replica' psql_bench -d bench -c "COPY $1 FROM STDIN"
}

log "seeding: $applications applicants, their sealed data, data keys, availability"
organisation_key=$(psql_bench -d bench -Atc "SELECT id FROM organisation_keys WHERE retired_at IS NULL")
copy_into 'applicants (id, languages, time_zone, created_at, email_index, privacy_policy_version, consented_at, hours_per_week)' "
  SELECT applicant_id, '{uk,en}', 'Europe/Prague', created_at, sha256(convert_to(applicant_id::text, 'UTF8')), '2026-01', created_at, 5
  FROM plan"
copy_into 'applicant_personal_data (applicant_id, sealed)' "SELECT applicant_id, decode(repeat('ab', 400), 'hex') FROM plan"
copy_into 'applicant_data_keys (applicant_id, organisation_key_id, encapsulated_key, wrapped_key)' "
  SELECT applicant_id, '$organisation_key', decode(repeat('cd', 32), 'hex'), decode(repeat('ef', 48), 'hex') FROM plan"
copy_into 'availability_windows (applicant_id, day, start_minute, end_minute)' "
  SELECT applicant_id, 'tue', 1080, 1260 FROM plan"
log "seeding: $applications applications, their tokens and volunteers"
copy_into 'applications (id, applicant_id, position_id, status, held_from, rejection_reason, source, version, submitted_at, updated_at, decided_at)' "
  SELECT id, applicant_id, position_id, status::application_status,
         CASE WHEN status = 'on_hold' THEN 'interview'::application_status END,
         CASE WHEN status = 'rejected' THEN reason::rejection_reason END, 'website', 2, created_at,
         created_at + interval '5 days',
         CASE WHEN status IN ('rejected', 'withdrawn', 'accepted') THEN created_at + interval '5 days' END
  FROM plan"
copy_into 'application_tokens (token_hash, application_id)' "SELECT sha256(convert_to(id::text, 'UTF8')), id FROM plan"
copy_into 'volunteers (id, applicant_id, application_id, position_id, status, started_at, updated_at, left_at)' "
  SELECT volunteer_id, applicant_id, id, position_id,
         CASE WHEN n <= :due THEN 'alumni' ELSE 'active' END::volunteer_status,
         created_at + interval '5 days', created_at + interval '10 days',
         CASE WHEN n <= :due THEN created_at + interval '10 days' END
  FROM plan WHERE status = 'accepted'"
log "seeding: VACUUM ANALYZE"
psql_bench -d bench -c "VACUUM ANALYZE"
psql_bench -d bench -c "CHECKPOINT"
log "seeded in $(seconds_since "$seed_start") s"

counted=$(DATABASE_URL=$coordinator_url "$BIN/vtrack" retention run --dry-run | tail -n 1)
echo "dry run: $counted"

reserve_port
server_port=$RESERVED_PORT
reserve_port
metrics_port=$RESERVED_PORT
# The service is off: the run measured is the command's.
DATABASE_URL=$SERVER_URL VTRACK_RETENTION_INTERVAL=off \
  VTRACK_HTTP_PORT=$server_port VTRACK_METRICS_ADDRESS="127.0.0.1:$metrics_port" VTRACK_LOG_LEVEL=warning \
  VTRACK_RATE_LIMIT_PER_CLIENT=0 VTRACK_RATE_LIMIT_GLOBAL=0 VTRACK_DATABASE_CONNECTIONS=$clients \
  "$BIN/vtrack-server" >"$SCRATCH/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; stop_cluster "$CLUSTER"; rm -rf "$SCRATCH"' EXIT
wait_until_ready "$server_port" "$SCRATCH/server.log"

load() { "$BIN/vtrack-bench" load --port "$server_port" --connections "$clients" "$@"; }
log "the API's peak, without retention"
peak_line=$(load --seconds 10)
echo "api peak: $peak_line"
peak=$(echo "$peak_line" | sed -n 's/.* \([0-9]*\) created\/s.*/\1/p')
half=$((peak / 2))
psql_bench -d bench -c CHECKPOINT

seconds=${BENCH_SECONDS:-30}
log "vtrack retention run while the API takes $half applications/s for ${seconds}s"
load --seconds "$seconds" --rate "$half" >"$SCRATCH/load.txt" &
load_pid=$!
run_start=$EPOCHREALTIME
DATABASE_URL=$coordinator_url "$BIN/vtrack" retention run ${BENCH_BATCH:+--batch "$BENCH_BATCH"} | tail -n 1 >"$SCRATCH/run.txt"
run_seconds=$(seconds_since "$run_start")
wait "$load_pid"
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true

erased=$(psql_bench -d bench -Atc "SELECT count(*) FROM events WHERE event_type = 'applicant.erased' AND payload->>'reason' = 'retention'")
[ "$erased" -eq "$due" ] || die "erased $erased applicants; $due were due"
echo
echo "retention: $(cat "$SCRATCH/run.txt") of $applications applications ($due due, $old_kept old and kept) in $run_seconds s (target 60 s)"
echo "intake at $half/s (half the peak of $peak/s) meanwhile, ${seconds}s from the run's start (target p99 under 50 ms): $(cat "$SCRATCH/load.txt")"
