# shellcheck shell=bash disable=SC2154
# (name, kind, option, period and pattern are set by the script that sources this.)
# The body of scripts/weekly-report and scripts/monthly-report: write
# DIR/PERIOD.md, .html and .json, verifying the audit chain from the head the
# newest earlier report of the same kind in DIR published, and mail the
# Markdown when VTRACK_REPORT_MAILTO is set. The caller sets:
#   name     the script's name, for messages (weekly-report)
#   kind     vtrack's report command (weekly, monthly)
#   option   its period option (--week, --month)
#   period   the period, checked (2026-W48, 2026-11)
#   pattern  a find -name pattern matching the kind's report files
#   root     the checkout
# and then calls run_period_report. Exits with vtrack's status (69: database
# unreachable, 65: the chain did not verify, the report written all the
# same), 1 if mailing failed.

fail() { echo "$name: $*" >&2; exit "${status:-1}"; }

run_period_report() {
  local zone=${VTRACK_TIMEZONE:-UTC}
  local dir=${VTRACK_REPORT_DIR:-$root/reports}
  mkdir -p "$dir" || status=73 fail "cannot create $dir"

  local vtrack=${VTRACK_BIN:-}
  if [ -z "$vtrack" ]; then
    if [ -x "$root/.build/release/vtrack" ]; then vtrack=$root/.build/release/vtrack
    elif command -v vtrack >/dev/null; then vtrack=$(command -v vtrack)
    else status=69 fail "no vtrack binary: run 'swift build -c release' in $root or set VTRACK_BIN"
    fi
  fi

  if [ -z "${DATABASE_URL:-}" ] && [ -f "$root/.data/vtrack.env" ]; then
    # shellcheck disable=SC1091
    . "$root/.data/vtrack.env"
  fi
  [ -n "${DATABASE_URL:-}" ] || [ -n "${PGHOST:-}" ] || status=64 fail "no database: set DATABASE_URL to a coordinator's login"

  # Period names sort in time order: the newest report of this kind before this one.
  local anchor=() previous
  previous=$(find "$dir" -maxdepth 1 -name "$pattern" -printf '%f\n' | sort | awk -v p="$period.json" '$0 < p' | tail -n 1)
  [ -z "$previous" ] || anchor=(--anchor "$dir/$previous")

  set +e
  VTRACK_TIMEZONE=$zone "$vtrack" report "$kind" "$option" "$period" --format markdown --format html --format json \
    --out-dir "$dir" "${anchor[@]}"
  status=$?
  set -e
  case $status in
    0 | 65) ;;
    69) fail "the database is unreachable; no report for $period was written" ;;
    *) fail "vtrack report $kind failed (exit $status); no report for $period was written" ;;
  esac
  echo "$name: wrote $dir/$period.md, .html and .json${previous:+ (chain verified from $previous)}"
  [ "$status" -eq 0 ] || echo "$name: the audit chain did NOT verify; see the report" >&2

  if [ -n "${VTRACK_REPORT_MAILTO:-}" ]; then
    local sendmail
    sendmail=$(command -v sendmail || { [ -x /usr/sbin/sendmail ] && echo /usr/sbin/sendmail; } || true)
    [ -n "$sendmail" ] || status=1 fail "VTRACK_REPORT_MAILTO is set but there is no sendmail; the report is in $dir"
    {
      printf 'To: %s\nSubject: vtrack %s report %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n' \
        "$VTRACK_REPORT_MAILTO" "$kind" "$period"
      cat "$dir/$period.md"
    } | "$sendmail" -i -- "$VTRACK_REPORT_MAILTO" || status=1 fail "sendmail failed; the report is in $dir"
    echo "$name: mailed to $VTRACK_REPORT_MAILTO"
  fi
  exit "$status"
}
