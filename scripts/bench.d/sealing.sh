# shellcheck shell=bash
# scripts/bench sealing: sourced by scripts/bench with BIN, PORT, PG_BIN, DATABASE_URL set.

applicants=${BENCH_APPLICANTS:-10000}
runs=${BENCH_RUNS:-21}

log "sealing cost per application, 3 registered keys"
"$BIN/vtrack-bench" seal --keys 3 --iterations 20000

log "a coordinator with a key, and two more keys"
coordinator_url=$("$BIN/vtrack" coordinators add bench_coordinator | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
export VTRACK_KEY_FILE="$SCRATCH/bench.key"
DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name bench --no-passphrase >/dev/null
DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name second --key-file "$SCRATCH/second.key" --no-passphrase >/dev/null
DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name third --key-file "$SCRATCH/third.key" --no-passphrase >/dev/null

log "seeding $applicants sealed applications"
"$BIN/vtrack-bench" seed-sealed --count "$applicants"
psql_bench -d bench -c "VACUUM ANALYZE"

# Milliseconds of each of $runs runs of a command, sorted.
time_runs() {
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    DATABASE_URL=$coordinator_url "$@" >/dev/null
    echo $((($(date +%s%N) - start) / 1000))
  done | sort -n | awk '{ printf "%.1f\n", $1 / 1000 }'
}
report() {
  local label=$1
  shift
  time_runs "$@" >"$SCRATCH/times"
  awk -v label="$label" -v n="$runs" '
    { t[NR] = $1 }
    END { printf "%s: median %.1f ms, worst %.1f ms (%d runs, end to end)\n", label, t[int((n + 1) / 2)], t[n], n }
  ' "$SCRATCH/times"
}

log "timing vtrack applications list --limit 50, with and without --reveal"
report "list 50 rows" "$BIN/vtrack" applications list --limit 50
report "list 50 rows --reveal" "$BIN/vtrack" applications list --limit 50 --reveal
reveals=$(psql_bench -d bench -Atc "SELECT count(*) FROM events WHERE event_type = 'personal_data.revealed'")
echo "reveal events logged: $reveals (expected $((runs * 50)))"
