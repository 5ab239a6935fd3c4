# shellcheck shell=bash
# The embedded cluster's layout, shared by scripts/start and scripts/restore:
# DIR/postgres holds the cluster, DIR/superuser.env the superuser's password
# and DIR/owner.env the DATABASE_URL of the schema's owner `vtrack`, who owns
# the database `vtrack` and may create roles. Uses scripts/lib/postgres.sh.

# create_embedded_cluster DIR PORT [setting ...]: makes and starts it (the
# caller stops it). Extra settings go to postgresql.auto.conf after ours.
create_embedded_cluster() {
  local dir=$1 port=$2
  shift 2
  local cluster="$dir/postgres" superuser_password app_password
  log "creating the embedded PostgreSQL cluster in $cluster (port $port)"
  mkdir -p "$dir"
  chmod 755 "$dir"
  prepare_cluster_dir "$cluster"
  superuser_password=$(random_secret)
  app_password=$(random_secret)
  init_cluster "$cluster" "$superuser_password"
  # A forgotten open transaction would hold back the audit chain's sealing.
  configure_cluster "$cluster" "$port" "idle_in_transaction_session_timeout = '10min'" "$(serving_shared_buffers)" "$@"
  start_cluster "$cluster" "$cluster/server.log"
  # Passwords in the environment, never in arguments; a verifier in the SQL, never a password.
  PGPASSWORD="$superuser_password" APP_VERIFIER=$(SCRAM_PASSWORD="$app_password" scram_verifier) \
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres <<'SQL'
\getenv app_verifier APP_VERIFIER
CREATE ROLE vtrack LOGIN CREATEROLE PASSWORD :'app_verifier';
CREATE DATABASE vtrack OWNER vtrack;
SQL
  (
    umask 077
    printf 'PGSUPERUSER_PASSWORD=%s\n' "$superuser_password" >"$dir/superuser.env"
    printf 'export DATABASE_URL=postgres://vtrack:%s@127.0.0.1:%s/vtrack?sslmode=disable\n' \
      "$app_password" "$port" >"$dir/owner.env"
  )
}
