# shellcheck shell=bash
# scripts/bench interviews: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# `vtrack interviews propose`, end to end as a coordinator, for a week in
# which 1,000 coordinators and 1,000 applicants (in 15 time zones) have
# weekly windows and blackouts, with 1,000 interviews already booked.

people=${BENCH_PEOPLE:-1000}
# shellcheck disable=SC2034  # time_end_to_end's, in scripts/bench
runs=${BENCH_RUNS:-11}

log "a coordinator to run the commands"
coordinator_url=$("$BIN/vtrack" coordinators add bench_coordinator | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
[ -n "$coordinator_url" ] || die "vtrack coordinators add printed no DATABASE_URL"
DATABASE_URL=$coordinator_url "$BIN/vtrack" availability set --me --tz Europe/Prague \
  --window "mon 09:00-17:00" --window "tue 09:00-17:00" --window "wed 09:00-17:00" --window "thu 09:00-17:00" \
  --window "fri 09:00-13:00" --blackout 2026-12-31 >/dev/null

log "seeding $people coordinators' and $people applicants' windows, and $people interviews"
psql_bench -d bench -v people="$people" <<'SQL'
INSERT INTO positions (slug, title, team) VALUES ('bench-editor', 'Editor', 'Editorial');
UPDATE positions SET status = 'open';
SET session_replication_role = replica;
CREATE TEMP TABLE zones (n int, zone text);
INSERT INTO zones SELECT ordinality - 1, zone FROM unnest(ARRAY['Europe/Prague', 'Europe/Kyiv', 'Europe/Berlin', 'Europe/London',
    'Europe/Vilnius', 'Europe/Warsaw', 'Asia/Tbilisi', 'Asia/Yerevan', 'Asia/Almaty', 'Asia/Vladivostok', 'America/New_York',
    'America/Vancouver', 'America/Toronto', 'Asia/Jerusalem', 'Europe/Istanbul']) WITH ORDINALITY AS z (zone);
INSERT INTO coordinators (id, name, time_zone)
SELECT md5('coordinator' || n)::uuid, 'bench_c' || n, (SELECT zone FROM zones WHERE zones.n = s.n % 15)
FROM generate_series(1, :people) AS s (n);
INSERT INTO applicants (id, languages, time_zone, created_at)
SELECT md5('applicant' || n)::uuid, '{en}', (SELECT zone FROM zones WHERE zones.n = (s.n * 7) % 15), now()
FROM generate_series(1, :people) AS s (n);
INSERT INTO applications (id, applicant_id, position_id, status, submitted_at, updated_at)
SELECT md5('application' || n)::uuid, md5('applicant' || n)::uuid, (SELECT id FROM positions WHERE slug = 'bench-editor'),
       'screening', now(), now()
FROM generate_series(1, :people) AS n;
-- Every weekday, a window of 2 to 8 hours; applicants evenings too.
INSERT INTO coordinator_windows (coordinator_id, day, start_minute, end_minute)
SELECT md5('coordinator' || n)::uuid, d, (8 + n % 4) * 60, (10 + n % 4 + n % 6) * 60
FROM generate_series(1, :people) AS n, unnest(ARRAY['mon', 'tue', 'wed', 'thu', 'fri']::weekday[]) AS d;
INSERT INTO coordinator_blackouts (coordinator_id, from_date, to_date)
SELECT md5('coordinator' || n)::uuid, DATE '2026-12-01' + n % 60, DATE '2026-12-01' + n % 60 + 2
FROM generate_series(1, :people) AS n WHERE n % 10 = 0;
INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute)
SELECT md5('applicant' || n)::uuid, d, (7 + n % 12) * 60, ((7 + n % 12) * 60 + 60 * (2 + n % 5)) % 1440
FROM generate_series(1, :people) AS n, unnest(enum_range(NULL::weekday)) AS d;
INSERT INTO availability_blackouts (applicant_id, from_date, to_date)
SELECT md5('applicant' || n)::uuid, DATE '2026-12-01' + n % 60, DATE '2026-12-01' + n % 60 + 3
FROM generate_series(1, :people) AS n WHERE n % 10 = 0;
-- Interviews through the week, the benchmark's coordinator's among them.
INSERT INTO interviews (application_id, applicant_id, coordinator_id, starts_at, ends_at)
SELECT md5('application' || n)::uuid, md5('applicant' || n)::uuid,
       CASE WHEN n % 50 = 0 THEN (SELECT id FROM coordinators WHERE name = 'bench_coordinator') ELSE md5('coordinator' || n)::uuid END,
       TIMESTAMPTZ '2026-12-07 08:00Z' + (k % 5) * interval '1 day' + (k / 5 % 16) * interval '1 hour',
       TIMESTAMPTZ '2026-12-07 08:45Z' + (k % 5) * interval '1 day' + (k / 5 % 16) * interval '1 hour'
FROM generate_series(1, :people) AS n, LATERAL (SELECT CASE WHEN n % 50 = 0 THEN n / 50 ELSE n END AS k) AS kk;
SET session_replication_role = origin;
VACUUM ANALYZE coordinators, applicants, applications, coordinator_windows, coordinator_blackouts, availability_windows,
    availability_blackouts, interviews;
SQL

# Applicant 5 is in Warsaw, 12:00-14:00 every day: times overlap the coordinator's.
application=$(psql_bench -d bench -At -c "SELECT md5('application' || 5)::uuid")
slots=$(DATABASE_URL=$coordinator_url "$BIN/vtrack" interviews propose "$application" --for 45m --within 2026-W50 --format csv \
  | tail -n +2 | wc -l)
echo
echo "interviews benchmark ($(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), durability on)"
echo "interviews: $people coordinators' and $people applicants' windows, $people interviews; $slots times proposed in 2026-W50"
time_end_to_end interviews "propose --for 45m --within 2026-W50" 200 \
  "$BIN/vtrack" interviews propose "$application" --for 45m --within 2026-W50 --tz UTC
time_end_to_end interviews "propose --for 45m --within 2026-W50 --json" 200 \
  "$BIN/vtrack" interviews propose "$application" --for 45m --within 2026-W50 --json
