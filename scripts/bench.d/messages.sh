# shellcheck shell=bash
# scripts/bench messages: sourced by scripts/bench with BIN, PORT, PG_BIN,
# DATABASE_URL and SCRATCH set.
#
# BENCH_APPLICATIONS (20,000) applications with an inbox key each and
# BENCH_MESSAGES (100,000) real sealed messages among them (vtrack-bench
# seed-messages), all read but BENCH_UNREAD (50) replies. Then, end to end as
# a coordinator: `vtrack messages inbox`, and `vtrack messages send -
# --template NAME` to BENCH_RECIPIENTS (500) of the applications at once,
# their ids on standard input (each run sends 500 more messages).

applications=${BENCH_APPLICATIONS:-20000}
messages=${BENCH_MESSAGES:-100000}
unread=${BENCH_UNREAD:-50}
recipients=${BENCH_RECIPIENTS:-500}
inbox_runs=${BENCH_RUNS:-11}
send_runs=${BENCH_SEND_RUNS:-5}

log "a coordinator with a key (which gets the organisation key), an open position"
coordinator_url=$("$BIN/vtrack" coordinators add bench_coordinator | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
[ -n "$coordinator_url" ] || die "vtrack coordinators add printed no DATABASE_URL"
export VTRACK_KEY_FILE="$SCRATCH/bench.key"
DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name bench --no-passphrase >/dev/null
psql_bench -d bench -c "INSERT INTO positions (slug, title, team) VALUES ('bench', 'Bench', 'Bench')" \
  -c "UPDATE positions SET status = 'open'"

log "seeding $applications applications with inbox keys and $messages sealed messages, $unread replies unread"
seed_start=$EPOCHREALTIME
"$BIN/vtrack-bench" seed-messages --applications "$applications" --messages "$messages" --unread "$unread"
psql_bench -d bench -c "VACUUM ANALYZE"
seed_seconds=$(awk -v a="$seed_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
waiting=$(psql_bench -d bench -Atc "SELECT count(*) FROM messages WHERE direction = 'from_applicant' AND read_at IS NULL")
[ "$waiting" -eq "$unread" ] || die "$waiting replies are unread; $unread were meant to be"

log "a template in the applications' language, and $recipients of them to send it to"
printf '%s\n' 'Thank you for applying to be a {{position}}. We read every application and will write again within two weeks.' \
  >"$SCRATCH/template.txt"
DATABASE_URL=$coordinator_url "$BIN/vtrack" messages template set bench-thanks --lang en --file "$SCRATCH/template.txt" >/dev/null
recipients_file="$SCRATCH/recipients.txt"
psql_bench -d bench -Atc "SELECT id FROM applications ORDER BY md5(id::text) LIMIT $recipients" >"$recipients_file"

# The seeded messages are real: one read thread opens with the coordinator's key.
read_thread=$(psql_bench -d bench -Atc "
  SELECT application_id FROM messages GROUP BY application_id HAVING bool_and(read_at IS NOT NULL) ORDER BY application_id LIMIT 1")
opened=$(DATABASE_URL=$coordinator_url "$BIN/vtrack" messages thread "$read_thread" | grep -c "Thank you for your answer" || true)
[ "$opened" -gt 0 ] || die "messages thread $read_thread opened none of the seeded messages"
listed=$(DATABASE_URL=$coordinator_url "$BIN/vtrack" messages inbox --limit "$unread" --format csv | tail -n +2 | wc -l)
[ "$listed" -eq "$unread" ] || die "messages inbox listed $listed replies; $unread are unread"

echo
echo "messages benchmark ($(nproc) cores, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), durability on)"
echo "messages: seeded $applications applications and $messages sealed messages ($unread replies unread) in $seed_seconds s"
runs=$inbox_runs
time_end_to_end messages "messages inbox ($unread unread of $messages)" 100 "$BIN/vtrack" messages inbox
# shellcheck disable=SC2034  # time_end_to_end's, in scripts/bench
runs=$send_runs
timed_stdin=$recipients_file time_end_to_end messages "messages send - --template bench-thanks to $recipients applications" 5000 \
  "$BIN/vtrack" messages send - --template bench-thanks
sent=$(psql_bench -d bench -Atc "SELECT count(*) FROM messages WHERE template = 'bench-thanks'")
echo "messages: sent $sent templated messages (expected $(((send_runs + 1) * recipients)))"
