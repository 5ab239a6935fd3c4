# shellcheck shell=bash
# The history scripts/bench cli and report run against: sourced by their
# scripts in scripts/bench.d, with BIN, PORT, PG_BIN, DATABASE_URL and SCRATCH
# set.
#
# Three coordinators, 20 positions, BENCH_APPLICATIONS (1,000,000) applications
# over the two years before now with their applicants, skills, availability
# and volunteers, and BENCH_EVENTS (10,000,000) events, loaded with COPY;
# indexes built after the load, the data checked, VACUUM ANALYZE, CHECKPOINT.
# The events are not sealed into the hash chain, and what only the weekly
# report reads (applications' first responses, onboarding tasks) is left to
# report.sh. Sets applications, events, coordinators, coordinator_url (the
# first coordinator's DATABASE_URL), seed_seconds and event_count, and
# defines seconds_since.

applications=${BENCH_APPLICATIONS:-1000000}
events=${BENCH_EVENTS:-10000000}
positions=20
coordinators=(bench_coordinator bench_alex bench_sam)

seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

log "coordinators ${coordinators[*]}; the benchmark runs as ${coordinators[0]}"
coordinator_url=$("$BIN/vtrack" coordinators add "${coordinators[0]}" | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
for name in "${coordinators[@]:1}"; do "$BIN/vtrack" coordinators add "$name" >/dev/null; done
[ -n "$coordinator_url" ] || die "vtrack coordinators add printed no DATABASE_URL"

seed_start=$EPOCHREALTIME
# Every application is a number n; its ids, status and history are functions
# of n alone, so each COPY below derives the same ones without a join, and the
# bench is the same every run. `plan` is one row per application. OFFSET 0
# keeps each layer's values computed once per row rather than once per use.
seed_vars=(
  -v applications="$applications" -v positions="$positions"
  -v anchor="$(psql_bench -d bench -Atc "SELECT now()")"
  -v names="ARRAY[$(printf "'%s'," "${coordinators[@]}" | sed 's/,$//')]"
  -v skills="ARRAY['translation', 'driving', 'legal', 'counselling', 'it-support', 'first-aid']"
)
read -r -d '' seed_plan <<'SQL' || true
CREATE FUNCTION pg_temp.u(n bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS 'SELECT (hashint8extended(n, salt) & 16777215)::float8 / 16777216';
CREATE FUNCTION pg_temp.uuid_for(kind integer, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$SELECT overlay(overlay(md5(kind::text || ':' || n::text) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid$$;
SET work_mem = '1GB';
CREATE TEMP VIEW plan AS
SELECT *,
       CASE WHEN status IN ('accepted', 'rejected', 'withdrawn') THEN updated_at END AS decided_at,
       CASE WHEN status <> 'accepted' THEN 0
            WHEN updated_at < :'anchor'::timestamptz - interval '14 days' THEN 2 ELSE 1 END AS volunteer_events
FROM (
    SELECT *, submitted_at + span * ((k - 1)::float8 / k) AS updated_at
    FROM (
        SELECT *, 1 + m + stage + 2 * h + f AS k, least(stage, 3) AS hold_stage,
               CASE WHEN m > 0 THEN (:names)[1 + (n + m) % cardinality(:names)] END AS assigned_to,
               least(:'anchor'::timestamptz - submitted_at, interval '1 day' + span_draw * interval '120 days') AS span
        FROM (
            SELECT *,
                   CASE status WHEN 'submitted' THEN 0 WHEN 'screening' THEN 1 WHEN 'interview' THEN 2
                               WHEN 'offered' THEN 3 WHEN 'accepted' THEN 4 ELSE left_stage END AS stage,
                   (status IN ('rejected', 'withdrawn', 'on_hold'))::integer AS f
            FROM (
                SELECT n,
                       pg_temp.uuid_for(1, n) AS id,
                       pg_temp.uuid_for(2, n) AS applicant_id,
                       pg_temp.uuid_for(3, 1 + floor(:positions * pg_temp.u(n, 1))::bigint) AS position_id,
                       pg_temp.uuid_for(4, n) AS volunteer_id,
                       :'anchor'::timestamptz - interval '730 days'
                           + (n - 1 + pg_temp.u(n, 2)) * (interval '730 days' / :applications) AS submitted_at,
                       (ARRAY['submitted', 'screening', 'interview', 'offered', 'accepted', 'rejected', 'withdrawn', 'on_hold'])
                           [1 + width_bucket(pg_temp.u(n, 3), ARRAY[0.20, 0.40, 0.52, 0.57, 0.65, 0.85, 0.95]::float8[])] AS status,
                       -- Where a rejected, withdrawn or held application left the pipeline.
                       floor(4 * pg_temp.u(n, 4))::integer AS left_stage,
                       -- Assignments: a quarter never assigned, the rest handed over up to four times.
                       CASE WHEN pg_temp.u(n, 5) < 0.25 THEN 0 ELSE 1 + floor(5 * pg_temp.u(n, 6))::integer END AS m,
                       -- Round trips through on_hold, as many as the events target needs on average.
                       floor(:two_h * pg_temp.u(n, 7) + pg_temp.u(n, 8))::integer AS h,
                       pg_temp.u(n, 9) AS span_draw,
                       (ARRAY['website', 'social-media', 'friend', 'newsletter', 'event', 'other'])
                           [1 + width_bucket(pg_temp.u(n, 10), ARRAY[0.55, 0.70, 0.82, 0.90, 0.96]::float8[])] AS source,
                       (ARRAY['not_a_fit', 'position_filled', 'no_response', 'duplicate', 'spam', 'other'])
                           [1 + width_bucket(pg_temp.u(n, 11), ARRAY[0.45, 0.65, 0.85, 0.90, 0.93]::float8[])] AS reason
                FROM generate_series(1, :applications) AS n
                OFFSET 0
            ) draws
        ) stages
    ) histories
) timed
OFFSET 0;
SQL

# copy_into 'TABLE (COLUMNS)' QUERY: QUERY's rows, generated in one session and
# loaded with COPY in another.
#
# The loading session runs with session_replication_role = replica, which
# switches off user triggers and foreign-key checks: the applications
# triggers would force every new application to `submitted` and write its
# event row by row, and the events trigger would stamp every event with the
# seeding session as actor. Instead every row those triggers would have
# written (application.submitted, application.status_changed and .assigned
# with the versions they carry, volunteers and their events) is generated
# here, and consistency is checked after the load.
copy_into() {
  printf '%s\nCOPY (%s) TO STDOUT;\n' "$seed_plan" "$2" | psql_bench -d bench "${seed_vars[@]}" \
    | PGOPTIONS='-c session_replication_role=replica' psql_bench -d bench -c "COPY $1 FROM STDIN"
}

log "seeding: $positions positions, 6 skills"
printf '%s\n' "$seed_plan" "
INSERT INTO privacy_notices (version, url) VALUES ('2026-01', 'https://example.org/privacy/2026-01');
INSERT INTO skills (slug, label)
SELECT slug, initcap(replace(slug, '-', ' ')) FROM unnest(:skills) AS slug;
INSERT INTO positions (id, slug, title, team, languages, hours_per_week)
SELECT pg_temp.uuid_for(3, p), lower(replace(team, ' ', '-')) || '-' || role, team || ' ' || role, team,
       '{en}', 2 + p % 8
FROM generate_series(1, :positions) AS p,
     LATERAL (SELECT (ARRAY['Helpline', 'Logistics', 'Legal aid', 'Translation', 'Outreach'])[1 + (p - 1) % 5] AS team,
                     (ARRAY['volunteer', 'lead', 'assistant', 'trainer'])[1 + (p - 1) / 5 % 4] AS role) AS named;
UPDATE positions SET status = 'open';
INSERT INTO position_skills (position_id, skill)
SELECT DISTINCT pg_temp.uuid_for(3, p), (:skills)[1 + (p * s) % cardinality(:skills)]
FROM generate_series(1, :positions) AS p, generate_series(1, 2) AS s;" \
  | psql_bench -d bench "${seed_vars[@]}" -v two_h=0

# Events per application: 1 submitted, the assignments, the status moves,
# plus volunteers' events; on_hold round trips (2 events each) make up the rest.
two_h=$(printf '%s\n' "$seed_plan" "
SELECT greatest(0, ($events - (SELECT count(*) FROM events))::float8 / :applications - avg(k + volunteer_events)) FROM plan;" \
  | psql_bench -d bench "${seed_vars[@]}" -v two_h=0 -At)
seed_vars+=(-v two_h="$two_h")

# Indexes are built once after the load: kept during it, the event index by
# entity would take 10,000,000 inserts at random places. Constraints' indexes
# stay (they are appended to, or small).
seeded_tables="'applicants', 'applicant_skills', 'availability_windows', 'applications', 'volunteers', 'events'"
psql_bench -d bench -At -c "
  SELECT indexdef || ';' FROM pg_indexes i
  WHERE schemaname = 'public' AND tablename IN ($seeded_tables)
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', schemaname, indexname)::regclass)" \
  >"$SCRATCH/history-indexes.sql"
psql_bench -d bench -c "
  DO \$\$ DECLARE i record; BEGIN
    FOR i IN SELECT schemaname, indexname FROM pg_indexes
             WHERE schemaname = 'public' AND tablename IN ($seeded_tables)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', schemaname, indexname)::regclass)
    LOOP EXECUTE format('DROP INDEX %I.%I', i.schemaname, i.indexname); END LOOP;
  END \$\$"

log "seeding: $applications applicants, their skills and availability"
copy_into 'applicants (id, languages, time_zone, created_at, email_index, privacy_policy_version, consented_at, hours_per_week)' "
  SELECT applicant_id,
         (ARRAY['{uk,en}', '{en}', '{ru,uk,en}', '{de,en}', '{ar,en}', '{pl,en}'])[1 + floor(6 * pg_temp.u(n, 12))::integer],
         (ARRAY['Europe/Kyiv', 'Europe/Warsaw', 'Europe/Berlin', 'Europe/Prague', 'Europe/London', 'America/Toronto'])
             [1 + floor(6 * pg_temp.u(n, 13))::integer],
         submitted_at,
         -- One in 200 applies again with the previous applicant's e-mail, for the list's duplicate flag.
         sha256(convert_to('applicant-' || CASE WHEN n > 1 AND pg_temp.u(n, 14) < 0.005 THEN n - 1 ELSE n END, 'UTF8')),
         '2025-01', submitted_at, 2 + floor(18 * pg_temp.u(n, 15))
  FROM plan"
copy_into 'applicant_skills (applicant_id, skill)' "
  SELECT applicant_id,
         (:skills)[1 + (floor(6 * pg_temp.u(n, 16))::integer + j * (1 + floor(5 * pg_temp.u(n, 17))::integer)) % 6]
  FROM plan, generate_series(0, floor(2 * pg_temp.u(n, 18))::integer) AS j"
copy_into 'availability_windows (applicant_id, day, start_minute, end_minute)' "
  SELECT applicant_id, (enum_range(NULL::weekday))[1 + (floor(7 * pg_temp.u(n, 19))::integer + 2 * j) % 7], start_minute, start_minute + 180
  FROM plan, generate_series(0, floor(3 * pg_temp.u(n, 20))::integer) AS j,
       LATERAL (SELECT (ARRAY[540, 1020, 1080])[1 + floor(3 * pg_temp.u(n, 21))::integer] AS start_minute) AS s"

log "seeding: $applications applications and their volunteers"
copy_into 'applications (id, applicant_id, position_id, status, held_from, rejection_reason, source, assigned_to, version, submitted_at, updated_at, decided_at)' "
  SELECT id, applicant_id, position_id, status,
         CASE WHEN status = 'on_hold' THEN (ARRAY['submitted', 'screening', 'interview', 'offered'])[stage + 1] END,
         CASE WHEN status = 'rejected' THEN reason END,
         source, assigned_to, k, submitted_at, updated_at, decided_at
  FROM plan"
copy_into 'volunteers (id, applicant_id, application_id, position_id, status, started_at, updated_at)' "
  SELECT volunteer_id, applicant_id, id, position_id,
         CASE volunteer_events WHEN 2 THEN 'active' ELSE 'onboarding' END,
         decided_at, decided_at + CASE volunteer_events WHEN 2 THEN interval '7 days' ELSE interval '0' END
  FROM plan WHERE status = 'accepted'"

# Event i of application n: 0 submitted, 1..m assignments, then status moves
# j = i - m - 1: forward to the hold stage, h round trips through on_hold,
# offered -> accepted, and the final move to rejected, withdrawn or on_hold;
# then the volunteer's events. Loaded in time order, as they would have been
# appended, so an application's events lie apart in the table, not together.
log "seeding: $events events in all (the triggers' own kinds, in time order)"
copy_into 'events (occurred_at, actor, entity_type, entity_id, event_type, from_state, to_state, payload)' "
  SELECT occurred_at, actor, entity_type, entity_id, event_type, from_state, to_state, payload
  FROM (
    SELECT p.n, i,
           CASE WHEN i < k THEN submitted_at + span * (i::float8 / k)
                WHEN i = k THEN decided_at ELSE decided_at + interval '7 days' END AS occurred_at,
           CASE WHEN i = 0 OR (i = k - 1 AND status = 'withdrawn') THEN 'applicant:' || applicant_id
                WHEN i <= m THEN (:names)[1 + (p.n + i + 1) % cardinality(:names)]
                ELSE coalesce(assigned_to, (:names)[1 + p.n % cardinality(:names)]) END AS actor,
           CASE WHEN i < k THEN 'application' ELSE 'volunteer' END AS entity_type,
           CASE WHEN i < k THEN id ELSE volunteer_id END AS entity_id,
           CASE WHEN i = 0 THEN 'application.submitted' WHEN i <= m THEN 'application.assigned'
                WHEN i < k THEN 'application.status_changed' WHEN i = k THEN 'volunteer.created'
                ELSE 'volunteer.status_changed' END AS event_type,
           CASE WHEN i <= m THEN NULL
                WHEN i < k THEN
                  CASE WHEN j < hold_stage THEN stages[j + 1]
                       WHEN j < hold_stage + 2 * h THEN CASE WHEN (j - hold_stage) % 2 = 0 THEN stages[hold_stage + 1] ELSE 'on_hold' END
                       WHEN j < stage + 2 * h THEN 'offered'
                       ELSE stages[stage + 1] END
                WHEN i = k THEN NULL ELSE 'onboarding' END AS from_state,
           CASE WHEN i <= m THEN 'submitted'
                WHEN i < k THEN
                  CASE WHEN j < hold_stage THEN stages[j + 2]
                       WHEN j < hold_stage + 2 * h THEN CASE WHEN (j - hold_stage) % 2 = 0 THEN 'on_hold' ELSE stages[hold_stage + 1] END
                       WHEN j < stage + 2 * h THEN 'accepted'
                       ELSE status END
                WHEN i = k THEN 'onboarding' ELSE 'active' END AS to_state,
           CASE WHEN i = 0 THEN jsonb_build_object('position_id', position_id, 'applicant_id', applicant_id, 'source', source)
                WHEN i <= m THEN jsonb_build_object('assignee', (:names)[1 + (p.n + i) % cardinality(:names)],
                                                    'previous', CASE WHEN i > 1 THEN (:names)[1 + (p.n + i - 1) % cardinality(:names)] END)
                WHEN i < k THEN jsonb_strip_nulls(jsonb_build_object('version', i + 1,
                                                    'reason', CASE WHEN i = k - 1 AND status = 'rejected' THEN reason END))
                WHEN i = k THEN jsonb_build_object('application_id', id, 'position_id', position_id)
                ELSE '{}' END AS payload
    FROM plan p, generate_series(0, k + volunteer_events - 1) AS i,
         LATERAL (SELECT i - m - 1 AS j, ARRAY['submitted', 'screening', 'interview', 'offered', 'accepted'] AS stages) AS moves
  ) e
  ORDER BY occurred_at, n, i"

log "seeding: building the indexes"
{ echo "SET maintenance_work_mem = '1GB';"; cat "$SCRATCH/history-indexes.sql"; } | psql_bench -d bench

log "seeding: checking what the switched-off triggers and foreign keys would have enforced"
inconsistent=$(psql_bench -d bench -At -c "
  SELECT (SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM applicants p WHERE p.id = a.applicant_id))
       + (SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM positions p WHERE p.id = a.position_id))
       + (SELECT count(*) FROM applicant_skills s WHERE NOT EXISTS (SELECT 1 FROM applicants p WHERE p.id = s.applicant_id))
       + (SELECT count(*) FROM availability_windows w WHERE NOT EXISTS (SELECT 1 FROM applicants p WHERE p.id = w.applicant_id))
       + (SELECT count(*) FROM volunteers v WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = v.application_id AND a.status = 'accepted'))
       + (SELECT count(*) FROM applications a WHERE a.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM volunteers v WHERE v.application_id = a.id))
       -- Each update of an application wrote one event and added one to its version.
       + (SELECT count(*) FROM applications a
          FULL JOIN (SELECT entity_id, count(*) AS n FROM events WHERE entity_type = 'application' GROUP BY entity_id) e
            ON e.entity_id = a.id
          WHERE e.n IS DISTINCT FROM a.version)")
[ "$inconsistent" -eq 0 ] || die "the seeded data is inconsistent in $inconsistent places"

log "seeding: what the triggers keep on each applicant's row for ranking (0020), as the migration fills it"
psql_bench -d bench -c "SET work_mem = '1GB'" -c "SELECT vtrack_refresh_rank_facts(ARRAY(SELECT id FROM applicants))" >/dev/null

log "seeding: VACUUM ANALYZE"
psql_bench -d bench -c "VACUUM ANALYZE"
# The load's dirty pages are written now, not during the timed runs.
psql_bench -d bench -c "CHECKPOINT"
# shellcheck disable=SC2034  # for cli.sh and report.sh, which source this file
seed_seconds=$(seconds_since "$seed_start")
# shellcheck disable=SC2034  # for cli.sh and report.sh, which source this file
event_count=$(psql_bench -d bench -Atc "SELECT count(*) FROM events")
