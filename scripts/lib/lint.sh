# shellcheck shell=bash
# What scripts/test checks besides the tests: shellcheck on every shell
# script, swift format on the Swift sources, and no process stopped by name.
# Sourced after scripts/lib/postgres.sh (uses its log, die, ensure_command).

# shell_scripts: every shell script in scripts/, .ci/ and deploy/, one a
# line: by name (*.sh) or by its #! line.
shell_scripts() {
  local file
  find scripts .ci deploy -type f | sort | while IFS= read -r file; do
    if [[ $file == *.sh ]] || head -n 1 "$file" | grep -qE '^#!.*[/ ](ba)?sh$'; then
      printf '%s\n' "$file"
    fi
  done
}

check_shell_scripts() {
  ensure_command shellcheck shellcheck
  local scripts
  mapfile -t scripts < <(shell_scripts)
  log "shellcheck on ${#scripts[@]} shell scripts"
  shellcheck --external-sources "${scripts[@]}" || die "shellcheck found the problems above"
}

# A name can match another's process: scripts and tests stop theirs by
# process id or group. (The pattern is split so that this file passes.)
check_no_kill_by_name() {
  if grep -rnwE 'p''kill|kill''all' scripts .ci Tests Sources; then
    die "the lines above stop processes by name; stop them by process id or group"
  fi
}

# The configuration is .swift-format. `swift format --in-place --recursive
# Sources Tests Package.swift` fixes what it reports.
check_swift_format() {
  log "swift format lint"
  swift format lint --strict --parallel --recursive Sources Tests Package.swift \
    || die "swift format found the problems above; swift format --in-place --recursive Sources Tests Package.swift fixes them"
}
