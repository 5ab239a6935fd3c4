# shellcheck shell=bash
# scripts/bench report: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# `vtrack report weekly` for the last complete ISO week, end to end as a
# coordinator: all four formats in one run (the figure the issue asks for:
# under 2 s on 10,000,000 events and 1,000,000 applications) and each format
# alone. The history is scripts/bench.d/history.sh's, plus what the report
# reads that it lacks (first responses, onboarding tasks), with the audit
# chain sealed; the chain is verified from the head the previous week's
# report would have published (an anchor file), and once from the start.

runs=${BENCH_RUNS:-11}
zone=Europe/Prague

. scripts/bench.d/history.sh

# The last complete ISO week in the organisation's time zone, as the report
# command's default, and that week's Monday (checked to be one).
week=$(TZ=$zone date -d '7 days ago' +%G-W%V)
read -r monday previous_week < <(psql_bench -d bench -At -F ' ' -v week="$week" <<'SQL'
SELECT d, to_char(d - 7, 'IYYY-"W"IW') FROM to_date(:'week', 'IYYY-"W"IW') AS d
WHERE to_char(d, 'IYYY-"W"IW') = :'week' AND extract(isodow FROM d) = 1;
SQL
) || true
[ -n "${monday:-}" ] || die "cannot find the Monday of $week"

additions_start=$EPOCHREALTIME
# Both with triggers off, for this session only, like the history's COPY:
# on applications they would refuse a first response set by hand, count it as
# a change (a version and an event), and on onboarding_tasks write an
# onboarding_task.created event per task. The tasks' events are left out (the
# report reads the tasks, not their events), so the chain holds exactly the
# history's events.
#
# first_response_at (migrations/0010_weekly_report.sql) by that migration's
# own rule: the first move or assignment by a coordinator. The migration
# fills it from the events there are when it runs, before the history.
log "report: first responses, from the events"
psql_bench -d bench <<'SQL'
SET session_replication_role = replica;
SET work_mem = '1GB';
UPDATE applications a SET first_response_at = f.first_at
FROM (
    SELECT entity_id, min(occurred_at) AS first_at FROM events
    WHERE entity_type = 'application' AND event_type IN ('application.status_changed', 'application.assigned')
      AND actor <> 'system' AND actor NOT LIKE 'applicant:%'
    GROUP BY entity_id
) f
WHERE f.entity_id = a.id;
SQL

# Onboarding tasks, as the volunteers' trigger would have made them from
# templates (not stored: the report does not read them) of the first 3, 4 or
# 5 of the five tasks below, one drawn per volunteer: due dates counted from
# the day each was accepted in their own time zone, coordinators' tasks
# assigned to the application's coordinator (a quarter of applications have
# none: "(unassigned)" in the report). A volunteer is active once the three
# required ones are done, so for active volunteers those are all done, the
# last at the moment of activation; optional ones mostly done, some skipped,
# some still open and long overdue. Volunteers still onboarding (accepted in
# the last 14 days) have at least one required task open, most of them
# overdue by now.
log "report: onboarding tasks for the seeded volunteers"
psql_bench -d bench <<'SQL'
CREATE FUNCTION pg_temp.u(id uuid, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS 'SELECT (hashtextextended(id::text, salt) & 16777215)::float8 / 16777216';
SET session_replication_role = replica;
INSERT INTO onboarding_tasks (volunteer_id, ord, title, performer, required, due_date, assignee, state, reason,
                              created_at, updated_at, closed_at)
SELECT id, ord, title, performer, required, due_date, assignee, state, reason, created_at, coalesce(closed_at, created_at), closed_at
FROM (
    SELECT v.id, t.ord, t.title, t.performer::task_performer, t.required,
           onboarding_due_date(v.started_at, ap.time_zone, t.offset_days) AS due_date,
           CASE WHEN t.performer = 'coordinator' THEN a.assigned_to END AS assignee,
           s.state::task_state, CASE WHEN s.state = 'skipped' THEN 'not needed for this role' END AS reason,
           v.started_at AS created_at,
           CASE WHEN s.state = 'open' THEN NULL
                WHEN v.status = 'active' AND t.required AND t.ord = 3 THEN v.updated_at
                WHEN v.status = 'active' AND t.required THEN v.started_at + (v.updated_at - v.started_at) * pg_temp.u(v.id, 30 + t.ord)
                ELSE v.started_at + (least(v.started_at + interval '21 days', now()) - v.started_at) * pg_temp.u(v.id, 30 + t.ord)
           END AS closed_at
    FROM volunteers v
    JOIN applicants ap ON ap.id = v.applicant_id
    JOIN applications a ON a.id = v.application_id
    CROSS JOIN (VALUES (1, 'Sign the volunteer agreement', 'volunteer', true, 2),
                       (2, 'Introductory call', 'coordinator', true, 3),
                       (3, 'Safeguarding training', 'volunteer', true, 7),
                       (4, 'Add to the team rota', 'coordinator', false, 5),
                       (5, 'Shadow a shift', 'volunteer', false, 14)) AS t (ord, title, performer, required, offset_days)
    CROSS JOIN LATERAL (
        SELECT CASE
                 WHEN v.status = 'active' AND t.required THEN 'done'
                 WHEN v.status = 'active' THEN
                   CASE width_bucket(pg_temp.u(v.id, 20 + t.ord), ARRAY[0.85, 0.92]::float8[]) WHEN 0 THEN 'done' WHEN 1 THEN 'skipped' ELSE 'open' END
                 -- Onboarding: one required task open for sure, the others done with even odds.
                 WHEN t.required AND t.ord <> 1 + floor(3 * pg_temp.u(v.id, 2))::integer AND pg_temp.u(v.id, 20 + t.ord) < 0.5 THEN 'done'
                 ELSE 'open'
               END AS state) AS s
    WHERE t.ord <= 3 + floor(3 * pg_temp.u(v.id, 1))::integer
) tasks;
SQL

log "report: checking the tasks against what the onboarding triggers enforce"
inconsistent=$(psql_bench -d bench -At -c "
  SELECT (SELECT count(*) FROM onboarding_tasks t WHERE NOT EXISTS (SELECT 1 FROM volunteers v WHERE v.id = t.volunteer_id))
       + (SELECT count(*) FROM onboarding_tasks t
          WHERE (t.state = 'open') <> (t.closed_at IS NULL) OR t.closed_at < t.created_at OR t.closed_at > now()
             OR (t.performer = 'volunteer' AND t.assignee IS NOT NULL))
       -- Active exactly when no required task is left open (or cancelled).
       + (SELECT count(*) FROM volunteers v
          WHERE (v.status = 'active') = EXISTS (SELECT 1 FROM onboarding_tasks t
                                                WHERE t.volunteer_id = v.id AND t.required AND t.state IN ('open', 'cancelled')))
       + (SELECT count(*) FROM volunteers v WHERE NOT EXISTS (SELECT 1 FROM onboarding_tasks t WHERE t.volunteer_id = v.id))")
[ "$inconsistent" -eq 0 ] || die "the onboarding tasks are inconsistent in $inconsistent places"
read -r task_count open_tasks overdue_tasks < <(psql_bench -d bench -At -F ' ' -c "
  SELECT count(*), count(*) FILTER (WHERE state = 'open'),
         count(*) FILTER (WHERE state = 'open' AND due_date < (now() AT TIME ZONE '$zone')::date)
  FROM onboarding_tasks")
psql_bench -d bench -c "VACUUM ANALYZE applications, onboarding_tasks"
additions_seconds=$(seconds_since "$additions_start")

log "report: sealing the audit chain ($event_count events)"
seal_start=$EPOCHREALTIME
sealed=$("$BIN/vtrack" audit seal)
seal_seconds=$(seconds_since "$seal_start")
psql_bench -d bench -c "VACUUM ANALYZE event_chain"
# The sealing's and the additions' dirty pages are written now, not during the timed runs.
psql_bench -d bench -c "CHECKPOINT"

# The previous week's report as far as `report weekly --anchor` reads it: its
# week and the chain head it published. That report ran at the start of this
# report's week, so its head is the chain row of the last event before this
# week's Monday 00:00 in the organisation's time zone (the history's events
# are appended, and so sealed, in time order: the chain up to that row holds
# every earlier event and no later one).
IFS=$'\t' read -r anchor_position later_links anchor < <(psql_bench -d bench -At -F $'\t' \
  -v monday="$monday" -v zone="$zone" -v previous_week="$previous_week" <<'SQL'
SELECT c.position, (SELECT max(position) FROM event_chain) - c.position,
       jsonb_build_object('week', :'previous_week', 'audit', jsonb_build_object('head',
           jsonb_build_object('position', c.position, 'sequence', c.seq, 'hash', encode(c.hash, 'hex'))))
FROM event_chain c
WHERE c.seq = (SELECT e.seq FROM events e WHERE e.occurred_at < (:'monday'::date::timestamp AT TIME ZONE :'zone')
               ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1);
SQL
) || true
[ -n "${anchor:-}" ] || die "no sealed event before $monday 00:00 $zone to anchor the chain at"
printf '%s\n' "$anchor" >"$SCRATCH/anchor.json"

export VTRACK_TIMEZONE=$zone
all_formats=(--format markdown --format html --format csv --format json)

echo
echo "report benchmark ($(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), durability on)"
echo "report: seeded $applications applications and $event_count events with COPY in $seed_seconds s"
echo "report: added first responses and $task_count onboarding tasks ($open_tasks open, $overdue_tasks of them overdue) in $additions_seconds s"
echo "report: vtrack audit seal: ${sealed#sealed } in $seal_seconds s"
echo "report: week $week in $zone; anchored at the previous week's head, position $anchor_position ($later_links links after it, of which the report walks those up to the week's end)"
echo "report: $runs runs each after one warm-up, as ${coordinators[0]}"
time_end_to_end report "all four formats --out-dir --anchor" 2000 "$BIN/vtrack" report weekly --week "$week" "${all_formats[@]}" --out-dir "$SCRATCH/reports" --anchor "$SCRATCH/anchor.json"
for format in markdown html csv json; do
  time_end_to_end report "--format $format --out --anchor" 2000 "$BIN/vtrack" report weekly --week "$week" --format "$format" --out "$SCRATCH/r.$format" --anchor "$SCRATCH/anchor.json"
done
start=${EPOCHREALTIME/[.,]/}
DATABASE_URL=$coordinator_url "$BIN/vtrack" report weekly --week "$week" "${all_formats[@]}" --out-dir "$SCRATCH/reports-from-start" \
  >/dev/null 2>"$SCRATCH/report.stderr" || { cat "$SCRATCH/report.stderr" >&2; die "report weekly without --anchor failed"; }
elapsed=$((${EPOCHREALTIME/[.,]/} - start))
awk -v t="$elapsed" 'BEGIN { printf "report: all four formats without --anchor (verifies the whole chain from the start), one run: %.1f ms\n", t / 1000 }'
# audit_line LABEL REPORT.json: what a report says it verified of the chain.
audit_line() {
  python3 - "$@" <<'PY'
import json, sys
audit = json.load(open(sys.argv[2]))["audit"]
print("report: %s: chain verified %s from %s, %s links walked" % (
    sys.argv[1], str(audit["verified"]).lower(), audit["verified_from"], audit["verified_events"]))
PY
}
audit_line "with --anchor" "$SCRATCH/reports/$week.json"
audit_line "without --anchor" "$SCRATCH/reports-from-start/$week.json"

# `vtrack report monthly` (and `quarterly`) for the last complete month and
# quarter, anchored as `scripts/monthly-report` would be: at the head the
# report before would have published, the chain row of the last event before
# the period's first midnight in the organisation's time zone. Target: the
# monthly report under 5 s end to end.
month=$(TZ=$zone date -d "$(TZ=$zone date +%Y-%m-15) -1 month" +%Y-%m)
quarter_month=$(TZ=$zone date -d "$(TZ=$zone date +%Y-%m-15) -3 months" +%Y-%m)
quarter="${quarter_month%-*}-Q$(( (10#${quarter_month#*-} + 2) / 3 ))"
quarter_first=$(printf '%s-%02d-01' "${quarter_month%-*}" $(( (10#${quarter_month#*-} - 1) / 3 * 3 + 1 )))
# period_anchor NAME FIRST-DAY: an anchor file as NAME, the report of the
# period before FIRST-DAY, would have written it.
period_anchor() {
  psql_bench -d bench -At -v name="$1" -v first="$2" -v zone="$zone" <<'SQL'
SELECT jsonb_build_object('month', :'name', 'audit', jsonb_build_object('head',
           jsonb_build_object('position', c.position, 'sequence', c.seq, 'hash', encode(c.hash, 'hex'))))
FROM event_chain c
WHERE c.seq = (SELECT e.seq FROM events e WHERE e.occurred_at < (:'first'::date::timestamp AT TIME ZONE :'zone')
               ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1);
SQL
}
period_anchor "the month before" "$month-01" >"$SCRATCH/month-anchor.json"
period_anchor "the quarter before" "$quarter_first" >"$SCRATCH/quarter-anchor.json"
if ! [ -s "$SCRATCH/month-anchor.json" ] || ! [ -s "$SCRATCH/quarter-anchor.json" ]; then
  die "no sealed event before $month or $quarter to anchor at"
fi
echo "report: month $month and quarter $quarter in $zone, each anchored at the head before it"
time_end_to_end report "monthly, all four formats --out-dir --anchor" 5000 "$BIN/vtrack" report monthly --month "$month" "${all_formats[@]}" --out-dir "$SCRATCH/reports" --anchor "$SCRATCH/month-anchor.json"
runs=${BENCH_QUARTER_RUNS:-3} time_end_to_end report "quarterly, all four formats --out-dir --anchor" 5000 "$BIN/vtrack" report quarterly --quarter "$quarter" "${all_formats[@]}" --out-dir "$SCRATCH/reports" --anchor "$SCRATCH/quarter-anchor.json"
audit_line "monthly" "$SCRATCH/reports/$month.json"
audit_line "quarterly" "$SCRATCH/reports/$quarter.json"
