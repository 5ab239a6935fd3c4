# shellcheck shell=bash
# Shared by scripts/start and scripts/test: install PostgreSQL from Debian's
# packages if it is missing, and run a private cluster in a folder of ours.
# PostgreSQL refuses to run as root, so when we are root the cluster belongs
# to the unprivileged `postgres` system user.

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root or sudo to run: $*"
  fi
}

# shellcheck source=scripts/lib/packages.sh
. "$(dirname "${BASH_SOURCE[0]}")/packages.sh"
# shellcheck source=scripts/lib/ports.sh
. "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

ensure_postgres_installed() {
  if ! ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian's packages"
    # The Debian package would create and start a system cluster on 5432; we
    # run our own, so ask it not to.
    as_root mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | as_root tee /etc/postgresql-common/createcluster.d/vtrack.conf >/dev/null
    apt_install postgresql
  fi
  PG_BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  export PG_BIN
  # Login passwords reach PostgreSQL as SCRAM verifiers, computed with python3.
  ensure_command python3 python3
}

ensure_swift() {
  command -v swift >/dev/null 2>&1 || die "the Swift toolchain (6.1 or later) is not on PATH; see README.md"
}

# Run a command as the cluster's owner.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else "$@"
  fi
}

# prepare_cluster_dir DIR: an empty folder the cluster's owner can enter.
# As root, when a folder above DIR is closed to other users (a clone under
# /root, say), the cluster lives under /var/lib/vtrack and DIR links to it.
prepare_cluster_dir() {
  local dir=$1
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] || return 0
  id postgres >/dev/null 2>&1 \
    || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
  chown postgres: "$dir"
  chmod 700 "$dir"
  if ! runuser -u postgres -- test -x "$dir"; then
    local home
    home="/var/lib/vtrack/$(realpath "$dir" | sha256sum | cut -c1-16)"
    log "$(dirname "$dir") is closed to the postgres user; the cluster lives in $home"
    mkdir -p "$home"
    chown postgres: "$home"
    chmod 700 "$home"
    rmdir "$dir"
    ln -s "$home" "$dir"
  fi
}

# init_cluster DIR SUPERUSER_PASSWORD [initdb options...]
# Only TCP on 127.0.0.1 with SCRAM passwords: no Unix socket, no trust.
init_cluster() {
  local dir=$1 password=$2
  shift 2
  local pwfile
  pwfile=$(mktemp)
  printf '%s\n' "$password" >"$pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
  as_cluster_owner "$PG_BIN/initdb" --pgdata="$dir" --username=postgres --pwfile="$pwfile" \
    --auth-local=reject --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 "$@" >/dev/null \
    || { rm -f "$pwfile"; die "initdb failed for $dir"; }
  rm -f "$pwfile"
}

# configure_cluster DIR PORT [setting ...]: settings go into postgresql.auto.conf.
configure_cluster() {
  local dir=$1 port=$2
  shift 2
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = ''"
    for setting in "$@"; do echo "$setting"; done
  } | as_cluster_owner tee "$dir/postgresql.auto.conf" >/dev/null
}

# serving_shared_buffers: the shared_buffers setting for a cluster that
# serves vtrack: a quarter of the memory (the machine's, or the container's
# limit when that is less), between 128 MB and 8 GB, the usual advice.
# PostgreSQL's default of 128 MB keeps the audit log's indexes out of its
# cache once the log holds millions of events, and every query that walks
# them then copies pages from the kernel's cache.
serving_shared_buffers() {
  local limit
  limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || true)
  case "$limit" in '' | max) limit=0 ;; esac
  awk -v limit="$limit" '/^MemTotal:/ {
    bytes = $2 * 1024; if (limit > 0 && limit < bytes) bytes = limit
    mb = int(bytes / 1048576 / 4); if (mb < 128) mb = 128; if (mb > 8192) mb = 8192
    printf "shared_buffers = %dMB\n", mb }' /proc/meminfo
}

start_cluster() {
  local dir=$1 logfile=$2
  as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$dir" --log="$logfile" --wait --timeout=60 start >/dev/null \
    || { tail -n 20 "$logfile" >&2; die "PostgreSQL did not start; its log is $logfile"; }
}

stop_cluster() {
  local dir=$1
  as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$dir" --mode=fast --wait stop >/dev/null 2>&1 || true
}

cluster_running() {
  as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$1" status >/dev/null 2>&1
}

random_secret() {
  head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | head -c 32
}

# Every user of the machine can read a process's arguments (ps); only its
# owner can read its environment. So a password goes to psql, pg_dump and
# pgbench in PGPASSWORD, and URLs on their command lines carry none:
#   PGPASSWORD=$(url_password "$url") pg_dump --dbname="$(url_without_password "$url")"
url_password() {
  [[ $1 =~ ^[a-z]+://[^:/@]+:([^@]*)@ ]] && printf '%s' "${BASH_REMATCH[1]}"
}

url_without_password() {
  if [[ $1 =~ ^([a-z]+://[^:/@]+):[^@]*@(.*)$ ]]; then
    printf '%s@%s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  else
    printf '%s' "$1"
  fi
}

# scram_verifier: the SCRAM-SHA-256 verifier (RFC 5802, RFC 7677) of the
# password in $SCRAM_PASSWORD, which is what PostgreSQL stores. CREATE and
# ALTER ROLE get it instead of the password, so that a failing statement,
# which PostgreSQL logs with its text, logs no password.
scram_verifier() {
  # shellcheck disable=SC2016  # Python's source, not the shell's: nothing to expand
  python3 -c '
import base64, hashlib, hmac, os
salt = os.urandom(16)
salted = hashlib.pbkdf2_hmac("sha256", os.environ["SCRAM_PASSWORD"].encode(), salt, 4096)
client = hmac.new(salted, b"Client Key", "sha256").digest()
server = hmac.new(salted, b"Server Key", "sha256").digest()
b64 = lambda data: base64.b64encode(data).decode()
print(f"SCRAM-SHA-256$4096:{b64(salt)}${b64(hashlib.sha256(client).digest())}:{b64(server)}")'
}

# add_server_login VTRACK NAME PASSWORD_FILE [--no-sealer]: `vtrack servers
# add`, as the schema's owner in the environment's DATABASE_URL (the one
# home of how the server's login is made); the password goes to the new
# file PASSWORD_FILE. Prints the login's DATABASE_URL with the password in
# it, for the scripts' own files.
add_server_login() {
  local vtrack=$1 name=$2 file=$3 url password
  shift 3
  url=$("$vtrack" servers add "$name" --password-file "$file" "$@" | sed -n "s/^DATABASE_URL='\(.*\)'\$/\1/p")
  [ -n "$url" ] || die "vtrack servers add $name printed no DATABASE_URL"
  password=$(sed -n 's/^PGPASSWORD=//p' "$file")
  printf '%s\n' "${url/:\/\/$name@/://$name:$password@}"
}

# start_throwaway_cluster [setting ...]: a cluster in a temporary folder on a
# port reserved for the whole run (scripts/chaos restarts it on that port),
# removed on exit. Sets SCRATCH, CLUSTER, PORT, PASSWORD and SUPERUSER_URL.
# Extra settings go to postgresql.auto.conf.
start_throwaway_cluster() {
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vtrack-pg.XXXXXX")
  chmod 755 "$SCRATCH"
  CLUSTER="$SCRATCH/postgres"
  trap 'stop_cluster "$CLUSTER"; rm -rf "$SCRATCH"' EXIT
  trap 'exit 130' INT TERM
  reserve_port
  PORT=$RESERVED_PORT
  PASSWORD=$(random_secret)
  log "starting a throwaway PostgreSQL on 127.0.0.1:$PORT"
  prepare_cluster_dir "$CLUSTER"
  init_cluster "$CLUSTER" "$PASSWORD" --no-sync
  configure_cluster "$CLUSTER" "$PORT" "max_connections = 400" "shared_buffers = 256MB" "$@"
  start_cluster "$CLUSTER" "$CLUSTER/server.log"
  # shellcheck disable=SC2034  # for the scripts that source this file
  SUPERUSER_URL="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/postgres?sslmode=disable"
}
