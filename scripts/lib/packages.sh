# shellcheck shell=bash
# What the scripts need from Debian's packages, installed when missing.
# Sourced by scripts/lib/postgres.sh (uses its log and as_root).

apt_updated=""

# apt_install PACKAGE...: quietly, after one `apt-get update` per run.
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ensure_command COMMAND PACKAGE: installs PACKAGE when COMMAND is not on PATH.
ensure_command() {
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 from Debian's packages (for $1)"
  apt_install "$2"
}
