# shellcheck shell=bash
# scripts/bench availability: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# `vtrack availability find` and `vtrack availability capacity`, end to end as a
# coordinator, against 100,000 people with availability across the world's
# time zones.

people=${BENCH_PEOPLE:-100000}
# shellcheck disable=SC2034  # time_end_to_end's, in scripts/bench
runs=${BENCH_RUNS:-11}

log "a coordinator to run the commands"
coordinator_url=$("$BIN/vtrack" coordinators add bench_coordinator | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
[ -n "$coordinator_url" ] || die "vtrack coordinators add printed no DATABASE_URL"

log "seeding $people people: applications, 60% of them volunteers, 1 to 4 weekly windows, some blackouts"
seed_start=$EPOCHREALTIME
# Set-based, with triggers off for the bulk rows (this session only): the
# triggers' own work (events, volunteers on acceptance) is not what is measured.
psql_bench -d bench -v people="$people" <<'SQL'
INSERT INTO skills (slug, label) VALUES ('translation', 'Translation'), ('social-media', 'Social media'), ('fundraising', 'Fundraising')
ON CONFLICT DO NOTHING;
INSERT INTO positions (slug, title, team) VALUES ('bench-editor', 'Editor', 'Editorial'), ('bench-translator', 'Translator', 'Translation');
UPDATE positions SET status = 'open';
SET session_replication_role = replica;
CREATE TEMP TABLE zones (n int, zone text);
INSERT INTO zones SELECT ordinality - 1, zone FROM unnest(ARRAY['Europe/Prague', 'Europe/Kyiv', 'Europe/Berlin', 'Europe/London',
    'Europe/Vilnius', 'Europe/Warsaw', 'Asia/Tbilisi', 'Asia/Yerevan', 'Asia/Almaty', 'Asia/Vladivostok', 'America/New_York',
    'America/Vancouver', 'America/Toronto', 'Asia/Jerusalem', 'Europe/Istanbul']) WITH ORDINALITY AS z (zone);
INSERT INTO applicants (id, languages, time_zone, hours_per_week, created_at)
SELECT md5('applicant' || n)::uuid, string_to_array((ARRAY['uk,en', 'en', 'uk', 'de,en', 'ka,en'])[1 + n % 5], ','),
       (SELECT zone FROM zones WHERE zones.n = s.n % 15), 2 + n % 10, now()
FROM generate_series(1, :people) AS s (n);
INSERT INTO applicant_skills (applicant_id, skill)
SELECT md5('applicant' || n)::uuid, (ARRAY['editing', 'translation', 'social-media', 'fundraising'])[1 + n % 4]
FROM generate_series(1, :people) AS n;
INSERT INTO applications (id, applicant_id, position_id, status, submitted_at, updated_at)
SELECT md5('application' || n)::uuid, md5('applicant' || n)::uuid,
       (SELECT id FROM positions WHERE slug = CASE WHEN n % 2 = 0 THEN 'bench-editor' ELSE 'bench-translator' END),
       CASE WHEN n % 5 < 3 THEN 'accepted' ELSE 'screening' END::application_status, now(), now()
FROM generate_series(1, :people) AS n;
INSERT INTO volunteers (applicant_id, application_id, position_id, status)
SELECT a.applicant_id, a.id, a.position_id, 'active' FROM applications a WHERE a.status = 'accepted';
-- Windows on distinct days, never overlapping: day d and day d + 3.
INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute)
SELECT md5('applicant' || n)::uuid, (enum_range(NULL::weekday))[1 + (n + k * 3) % 7],
       (6 + (n * 7 + k * 5) % 14) * 60, ((6 + (n * 7 + k * 5) % 14) * 60 + 60 * (1 + (n + k) % 4)) % 1440
FROM generate_series(1, :people) AS n, generate_series(0, 1) AS k
WHERE k = 0 OR n % 3 <> 0;
INSERT INTO availability_blackouts (applicant_id, from_date, to_date)
SELECT md5('applicant' || n)::uuid, current_date + n % 30, current_date + n % 30 + 6
FROM generate_series(1, :people) AS n WHERE n % 20 = 0;
SET session_replication_role = origin;
-- What the triggers keep on each applicant's row (0020), which the bulk rows
-- above skipped: once for everyone, as the migration does.
SELECT vtrack_refresh_rank_facts(ARRAY(SELECT id FROM applicants));
VACUUM ANALYZE applicants, applicant_skills, applications, volunteers, availability_windows, availability_blackouts;
SQL
seed_seconds=$(awk -v a="$seed_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

tuesday=$(date -d "next tuesday" +%Y-%m-%d)
matches=$(DATABASE_URL=$coordinator_url "$BIN/vtrack" availability find --at "${tuesday}T18:00" --for 2h --tz Europe/Prague \
  --status active --status applicant --limit 10000 --format csv | tail -n +2 | wc -l)
echo
echo "availability benchmark ($(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), durability on)"
echo "availability: seeded $people people in $seed_seconds s; $matches of them free on $tuesday 18:00-20:00 Prague time"
time_end_to_end availability "find --at ${tuesday}T18:00 --for 2h --tz Europe/Prague" 200 \
  "$BIN/vtrack" availability find --at "${tuesday}T18:00" --for 2h --tz Europe/Prague --status active --status applicant
time_end_to_end availability "find --within next-week --for 3h --tz Europe/Prague" 200 \
  "$BIN/vtrack" availability find --within next-week --for 3h --tz Europe/Prague --status active --status applicant
time_end_to_end availability "capacity --by skill (next week)" 1000 "$BIN/vtrack" availability capacity --by skill --status active --status applicant
time_end_to_end availability "capacity --by team (next week)" 1000 "$BIN/vtrack" availability capacity --by team --status active --status applicant
