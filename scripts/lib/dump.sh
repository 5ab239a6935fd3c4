# shellcheck shell=bash
# Shared by scripts/backup and scripts/restore. Uses scripts/lib/postgres.sh.

# with_url_password URL COMMAND...: runs COMMAND with URL's password in
# PGPASSWORD (url_without_password keeps it off the command line); a URL
# without one leaves the caller's PGPASSWORD, if any, as libpq would.
with_url_password() {
  local url=$1 password
  shift
  password=$(url_password "$url" || true)
  if [ -n "$password" ]; then PGPASSWORD=$password "$@"
  else "$@"
  fi
}
