# shellcheck shell=bash
# scripts/bench intake: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# Accepted applications per second through the API, against pgbench replaying
# the same SQL (the one statement that checks the position, skills and source,
# takes the Idempotency-Key and writes applicant, skills, availability, sealed
# data, wrapped keys, application, token and response) with the payload sizes
# the API stored, at the same concurrency, on the same machine, in one run: wrk drives
# the API as pgbench drives PostgreSQL, in turns, BENCH_ROUNDS times.

clients=${BENCH_CLIENTS:-16}
ensure_command wrk wrk
seconds=${BENCH_SECONDS:-15}

coordinators=${BENCH_COORDINATORS:-3}
log "$coordinators coordinator keys, an open position, and the server's login"
. scripts/lib/intake-fixture.sh
seed_intake bench "$coordinators"

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

# wrk is to HTTP what pgbench is to PostgreSQL: a load generator in C, so
# that neither side of the comparison pays for a heavy client.
"$BIN/vtrack-bench" body >"$SCRATCH/body.json"
export BENCH_BODY_FILE="$SCRATCH/body.json"
wrk_api() { wrk -t 1 -c "$clients" -d "$1" -s scripts/bench.d/intake.lua "http://127.0.0.1:$server_port"; }
log "warming up the server"
wrk_api 3s >/dev/null

sizes=$(psql_bench -d bench -Atc "
  SELECT round(avg(octet_length(p.sealed))) || ' ' || round(avg(octet_length(i.response_body)))
  FROM applicant_personal_data p, (SELECT response_body FROM idempotency_keys LIMIT 1000) i")
sealed_size=${sizes% *}
response_size=${sizes#* }
organisation_key=$(psql_bench -d bench -Atc "SELECT id FROM organisation_keys WHERE retired_at IS NULL")
# The statement the server sends (ApplicationSubmission.swift), with the
# values it binds written in, and fresh ids made by the statement itself.
cat >"$SCRATCH/intake.sql" <<SQL
WITH ids AS (
    SELECT gen_random_uuid() AS applicant, gen_random_uuid() AS application,
           sha256(convert_to(gen_random_uuid()::text, 'UTF8')) AS key_hash
), checked AS (
    SELECT p.id AS position_id, p.status::text AS position_status,
           ARRAY(SELECT unnest('{}'::text[]) EXCEPT SELECT slug FROM skills WHERE retired_at IS NULL) AS unknown_skills,
           'website'::text IS NULL
               OR EXISTS (SELECT 1 FROM sources WHERE slug = 'website' AND retired_at IS NULL) AS source_known
    FROM (VALUES (1)) AS one LEFT JOIN positions p ON p.slug = 'bench'
), ready AS (
    SELECT position_id FROM checked
    WHERE position_status = 'open' AND cardinality(unknown_skills) = 0 AND source_known
), lock AS (
    SELECT key_hash IS NULL OR pg_try_advisory_xact_lock(1987340651, ('x' || encode(substr(key_hash, 1, 4), 'hex'))::bit(32)::int) AS free
    FROM ids
), claim AS (
    INSERT INTO idempotency_keys (key_hash, request_hash, response_status, response_body)
    SELECT key_hash, key_hash, 201, decode(repeat('01', $response_size), 'hex')
    FROM ids, ready, lock WHERE lock.free
    ON CONFLICT (key_hash) DO NOTHING
    RETURNING 1
), go AS (
    SELECT position_id FROM ready, claim
), actor AS (
    SELECT set_config('vtrack.actor', 'applicant:' || applicant::text, true) FROM ids, go
), applicant AS (
    INSERT INTO applicants (id, languages, time_zone, email_index, privacy_policy_version, hours_per_week)
    SELECT applicant, '{uk,en}', 'Europe/Prague', sha256(convert_to(applicant::text, 'UTF8')), '2026-01', 6
    FROM ids, go
), skills AS (
    INSERT INTO applicant_skills (applicant_id, skill) SELECT applicant, unnest('{}'::text[]) FROM ids, go
), personal AS (
    INSERT INTO applicant_personal_data (applicant_id, sealed)
    SELECT applicant, decode(repeat('ab', $sealed_size), 'hex') FROM ids, go
), keys AS (
    INSERT INTO applicant_keys (applicant_id, key_id, encapsulated_key, wrapped_key)
    SELECT applicant, k.* FROM ids, go, unnest('{}'::uuid[], '{}'::bytea[], '{}'::bytea[]) AS k
), data_key AS (
    INSERT INTO applicant_data_keys (applicant_id, organisation_key_id, encapsulated_key, wrapped_key)
    SELECT applicant, '$organisation_key', decode(repeat('cd', 32), 'hex'), decode(repeat('ef', 48), 'hex')
    FROM ids, go WHERE '$organisation_key'::uuid IS NOT NULL
), windows AS (
    INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute)
    SELECT applicant, w.* FROM ids, go, unnest('{tue}'::weekday[], '{1080}'::smallint[], '{1260}'::smallint[]) AS w
), blackouts AS (
    INSERT INTO availability_blackouts (applicant_id, from_date, to_date)
    SELECT applicant, b.* FROM ids, go, unnest('{}'::date[], '{}'::date[]) AS b
    ON CONFLICT DO NOTHING
), application AS (
    INSERT INTO applications (id, applicant_id, position_id, source)
    SELECT application, applicant, go.position_id, 'website' FROM ids, go, actor
), token AS (
    INSERT INTO application_tokens (token_hash, application_id)
    SELECT sha256(convert_to(application::text, 'UTF8')), application FROM ids, go
)
SELECT c.position_id, c.position_status, c.unknown_skills, c.source_known,
       (SELECT free FROM lock), EXISTS (SELECT 1 FROM go),
       k.request_hash, k.response_status, k.response_body
FROM checked c LEFT JOIN idempotency_keys k ON k.key_hash = (SELECT key_hash FROM ids);
SQL

median() { printf '%s\n' "$@" | sort -n | awk '{ value[NR] = $1 } END { print value[int((NR + 1) / 2)] }'; }
# A checkpoint writes out what the phase before wrote, and on this machine's
# one disk its writes hold up every commit's WAL flush (p99 36-117 ms at half
# the peak while one ran, 10-13 ms without): each phase starts from a
# checkpoint, so that none pays for the writes of another.
checkpoint() { psql_bench -d bench -c CHECKPOINT; }
# This machine's fsync and scheduling vary from one second to the next: the
# two sides take turns, and each reports its median round.
rounds=${BENCH_ROUNDS:-3}
# The server's CPU (user and system, in clock ticks) from /proc, over the
# API's rounds, per application created.
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
cpu_ticks=0
created=0
api_rates=()
pgbench_rates=()
for round in $(seq "$rounds"); do
  log "round $round of $rounds: the API as fast as it goes, then pgbench replaying the same SQL ($clients connections, ${seconds}s each)"
  checkpoint
  cpu_before=$(server_cpu_ticks)
  created_before=$(psql_bench -d bench -Atc "SELECT count(*) FROM applications")
  api_line=$(wrk_api "${seconds}s" | tail -n 1)
  cpu_ticks=$((cpu_ticks + $(server_cpu_ticks) - cpu_before))
  created=$((created + $(psql_bench -d bench -Atc "SELECT count(*) FROM applications") - created_before))
  echo "api: $api_line"
  api_rates+=("$(echo "$api_line" | sed -n 's/.* \([0-9]*\) created\/s.*/\1/p')")
  checkpoint
  PGPASSWORD=$SERVER_PASSWORD "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U "$SERVER_USER" -n -c "$clients" -j 2 \
    -T "$seconds" -f "$SCRATCH/intake.sql" bench >"$SCRATCH/pgbench.log" 2>&1 || { cat "$SCRATCH/pgbench.log"; exit 1; }
  pgbench_rates+=("$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$SCRATCH/pgbench.log" | head -n 1)")
  echo "pgbench: ${pgbench_rates[-1]} per second"
done
api_rate=$(median "${api_rates[@]}")
pgbench_tps=$(median "${pgbench_rates[@]}")

half=$((api_rate / 2))
log "the API at half its peak: $half per second"
checkpoint
api_half=$("$BIN/vtrack-bench" load --port "$server_port" --connections "$clients" --seconds "$seconds" --rate "$half")
echo "api at $half/s: $api_half"
rss_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true

awk -v api="$api_rate" -v pg="$pgbench_tps" -v rss="$rss_kb" -v sealed="$sealed_size" -v keys="$coordinators" \
  -v ticks="$cpu_ticks" -v hz="$(getconf CLK_TCK)" -v created="$created" 'BEGIN {
  printf "\nintake: API %d applications/s, pgbench %.0f/s, ratio %.2f (target 0.7); sealed payload %d bytes; %d coordinator keys\n", api, pg, api / pg, sealed, keys
  printf "server CPU per application: %.3f ms (%d applications over the API rounds)\n", ticks * 1000 / hz / created, created
  printf "server peak RSS %.1f MB (target 150 MB)\n", rss / 1024
}'
echo "latency at half the peak rate (target p99 under 50 ms): $api_half"
