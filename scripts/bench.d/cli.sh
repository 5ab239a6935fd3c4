# shellcheck shell=bash
# scripts/bench cli: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# `vtrack applications list --status screening --limit 50` and `vtrack
# applications show ID`, end to end as a coordinator, against 1,000,000
# applications and 10,000,000 events seeded with COPY (scripts/bench.d/history.sh).

runs=${BENCH_RUNS:-11}

. scripts/bench.d/history.sh

# A recent screening application with many events, by a short id that
# names it alone.
read -r show_id show_events < <(psql_bench -d bench -At -F ' ' -c "
  SELECT a.id, c.events
  FROM (SELECT id FROM applications WHERE status = 'screening' ORDER BY submitted_at DESC LIMIT 2000) a,
       LATERAL (SELECT count(*) AS events FROM events e WHERE e.entity_type = 'application' AND e.entity_id = a.id) c
  WHERE c.events >= 10
    AND NOT EXISTS (
      SELECT 1 FROM applications o
      WHERE o.id BETWEEN (left(a.id::text, 8) || '-0000-0000-0000-000000000000')::uuid
                     AND (left(a.id::text, 8) || '-ffff-ffff-ffff-ffffffffffff')::uuid
        AND o.id <> a.id)
  ORDER BY c.events DESC, a.id
  LIMIT 1") || true
[ -n "${show_id:-}" ] || die "no screening application with 10 or more events to show"
short_id=${show_id:0:8}

echo
echo "cli benchmark ($(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), durability on)"
echo "cli: seeded $applications applications and $event_count events with COPY in $seed_seconds s"
echo "cli: showing application $short_id (screening, $show_events events); $runs runs each after one warm-up, as ${coordinators[0]}"
time_end_to_end cli "applications list --status screening --limit 50" 100 "$BIN/vtrack" applications list --status screening --limit 50
time_end_to_end cli "applications show $short_id" 100 "$BIN/vtrack" applications show "$short_id"
