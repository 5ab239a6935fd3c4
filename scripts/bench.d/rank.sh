# shellcheck shell=bash
# scripts/bench rank: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# `vtrack applications list --position P --rank --limit 50`, end to end as a
# coordinator, against 100,000 open applications to one position, their
# applicants holding skills, languages and weekly windows.

applications=${BENCH_APPLICATIONS:-100000}
# shellcheck disable=SC2034  # time_end_to_end's, in scripts/bench
runs=${BENCH_RUNS:-11}

log "a coordinator to run the commands"
coordinator_url=$("$BIN/vtrack" coordinators add bench_coordinator | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
[ -n "$coordinator_url" ] || die "vtrack coordinators add printed no DATABASE_URL"

log "seeding $applications applications to one position: 0 to 3 skills, 1 to 2 languages, 1 to 3 windows each"
seed_start=$EPOCHREALTIME
# Set-based, with triggers off for the bulk rows (this session only): the
# triggers' own work is not what is measured.
psql_bench -d bench -v applications="$applications" <<'SQL'
INSERT INTO skills (slug, label) VALUES ('editing', 'Editing'), ('translation', 'Translation'), ('social-media', 'Social media'),
    ('fundraising', 'Fundraising')
ON CONFLICT DO NOTHING;
INSERT INTO positions (slug, title, team, languages, hours_per_week, openings)
VALUES ('bench-translator', 'Translator', 'Translation', '{en,uk}', 6, 5), ('bench-editor', 'Editor', 'Editorial', '{en}', 4, 5);
INSERT INTO position_skills SELECT id, s FROM positions, unnest('{editing,translation}'::text[]) s WHERE slug = 'bench-translator';
UPDATE positions SET status = 'open';
SET session_replication_role = replica;
INSERT INTO applicants (id, languages, time_zone, hours_per_week, created_at)
SELECT md5('applicant' || n)::uuid, string_to_array((ARRAY['uk,en-GB', 'en', 'ru', 'de,en-US', 'uk', 'pl'])[1 + n % 6], ','),
       'Europe/Prague', CASE WHEN n % 7 = 0 THEN NULL ELSE 1 + n % 12 END, now()
FROM generate_series(1, :applications) AS n;
INSERT INTO applicant_skills (applicant_id, skill)
SELECT md5('applicant' || n)::uuid, s
FROM generate_series(1, :applications) AS n,
     unnest((ARRAY['{}', '{editing}', '{translation}', '{editing,translation}', '{editing,translation,fundraising}',
                   '{social-media}'])[1 + n % 6]::text[]) AS s;
INSERT INTO applications (id, applicant_id, position_id, status, held_from, submitted_at, updated_at)
SELECT md5('application' || n)::uuid, md5('applicant' || n)::uuid, (SELECT id FROM positions WHERE slug = 'bench-translator'),
       (ARRAY['submitted', 'screening', 'interview', 'on_hold'])[1 + n % 4]::application_status,
       CASE WHEN n % 4 = 3 THEN 'screening'::application_status END, now() - n * interval '1 minute', now()
FROM generate_series(1, :applications) AS n;
INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute)
SELECT md5('applicant' || n)::uuid, (enum_range(NULL::weekday))[1 + (n + k * 2) % 7],
       (8 + (n + k) % 10) * 60, ((8 + (n + k) % 10) * 60 + 60 * (1 + (n * 3 + k) % 4)) % 1440
FROM generate_series(1, :applications) AS n, generate_series(0, 2) AS k
WHERE k <= n % 3;
SET session_replication_role = origin;
-- What the triggers keep on each applicant's row for ranking (0020), which
-- the bulk rows above skipped: once for everyone, as the migration does.
SELECT vtrack_refresh_rank_facts(ARRAY(SELECT id FROM applicants));
VACUUM ANALYZE applicants, applicant_skills, applications, availability_windows, positions, position_skills;
SQL
seed_seconds=$(awk -v a="$seed_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

echo
echo "rank benchmark ($(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), durability on)"
echo "rank: seeded $applications open applications to bench-translator in $seed_seconds s"
time_end_to_end rank "applications list --position bench-translator --rank --limit 50" 200 \
  "$BIN/vtrack" applications list --position bench-translator --rank --limit 50
time_end_to_end rank "applications list --position bench-translator --rank --any-position --limit 50" 400 \
  "$BIN/vtrack" applications list --position bench-translator --rank --any-position --limit 50
