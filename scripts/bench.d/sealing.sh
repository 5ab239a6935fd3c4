# shellcheck shell=bash
# scripts/bench sealing: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.
#
# Sealing one application with 1, 3 and 10 coordinator keys, once for the
# organisation key and, as before it, for each key; then, over
# $BENCH_APPLICANTS applicants sealed for the organisation key: list and
# list --reveal, `keys grant` (one row, whatever the number of applicants),
# `keys revoke` (a rotation) and `keys rewrap` of every applicant.

applicants=${BENCH_APPLICANTS:-100000}
runs=${BENCH_RUNS:-21}

for keys in 1 3 10; do
  log "sealing cost per application, $keys coordinator keys"
  "$BIN/vtrack-bench" seal --keys "$keys" --iterations 20000
  "$BIN/vtrack-bench" seal --keys "$keys" --iterations 20000 --per-coordinator-key
done

log "a coordinator with a key (which gets the organisation key), and two more keys granted it"
coordinator_url=$("$BIN/vtrack" coordinators add bench_coordinator | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
export VTRACK_KEY_FILE="$SCRATCH/bench.key"
DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name bench --no-passphrase >/dev/null
for name in second third; do
  DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name "$name" --key-file "$SCRATCH/$name.key" --no-passphrase >/dev/null
  DATABASE_URL=$coordinator_url "$BIN/vtrack" keys grant "$name" >/dev/null
done

log "seeding $applicants applicants sealed for the organisation key"
psql_bench -d bench -c "INSERT INTO positions (slug, title, team) VALUES ('bench', 'Bench', 'Bench')" \
  -c "UPDATE positions SET status = 'open'"
seed_start=${EPOCHREALTIME/[.,]/}
"$BIN/vtrack-bench" seed-organisation --count "$applicants"
echo "sealing: seeded $applicants applicants in $(((${EPOCHREALTIME/[.,]/} - seed_start) / 1000000)) s"
psql_bench -d bench -c "VACUUM ANALYZE"

log "timing vtrack applications list --limit 50, with and without --reveal"
time_end_to_end sealing "list 50 rows" 50 "$BIN/vtrack" applications list --limit 50
time_end_to_end sealing "list 50 rows --reveal" 50 "$BIN/vtrack" applications list --limit 50 --reveal
reveals=$(psql_bench -d bench -Atc "SELECT count(*) FROM events WHERE event_type = 'personal_data.revealed'")
echo "sealing: reveal events logged: $reveals (expected $(((runs + 1) * 50)))"

# time_once LABEL TARGET_MS COMMAND...: one run as the coordinator, end to end.
time_once() {
  local label=$1 target=$2 start
  shift 2
  start=${EPOCHREALTIME/[.,]/}
  DATABASE_URL=$coordinator_url "$@" >"$SCRATCH/once.out" 2>"$SCRATCH/once.err" || { cat "$SCRATCH/once.err" >&2; die "$label failed"; }
  awk -v label="$label" -v target="$target" -v us=$((${EPOCHREALTIME/[.,]/} - start)) \
    'BEGIN { printf "sealing: %s: %.1f ms (target %d ms)\n", label, us / 1000, target }'
  tail -n 1 "$SCRATCH/once.out"
}

log "keys grant to new keys, with $applicants applicants"
for n in 1 2 3 4 5; do
  DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name "new$n" --key-file "$SCRATCH/new$n.key" --no-passphrase >/dev/null
  time_once "keys grant new$n" 100 "$BIN/vtrack" keys grant "new$n"
done

log "keys revoke third (rotates the organisation key), then keys rewrap of $applicants applicants"
time_once "keys revoke third" 1000 "$BIN/vtrack" keys revoke third
time_once "keys rewrap" 60000 "$BIN/vtrack" keys rewrap
left=$(psql_bench -d bench -Atc "SELECT count(*) FROM applicant_data_keys d JOIN organisation_keys o ON o.id = d.organisation_key_id WHERE o.retired_at IS NOT NULL")
echo "sealing: applicants left on a retired organisation key: $left (expected 0)"
time_end_to_end sealing "list 50 rows --reveal, after the rewrap" 50 "$BIN/vtrack" applications list --limit 50 --reveal
