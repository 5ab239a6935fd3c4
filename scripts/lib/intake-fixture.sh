# shellcheck shell=bash
# Shared by scripts/bench intake and scripts/chaos: a database ready to take
# applications through vtrack-server.
#
# seed_intake DATABASE: migrates the (existing, empty) DATABASE; adds a
# coordinator with three keys, the skill 'translation', the open position
# 'bench', and a login for the server in vtrack_api and vtrack_sealer
# (add_server_login). Needs
# BIN, PG_BIN, PORT, PASSWORD (the cluster's superuser's) and SCRATCH. Sets
# SERVER_USER, SERVER_PASSWORD and SERVER_URL (the password in it: pass it
# to the server in its environment only).
seed_intake() {
  local database=$1 admin_url coordinator_url name
  admin_url="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/$database?sslmode=disable"
  DATABASE_URL=$admin_url "$BIN/vtrack" migrate >/dev/null
  coordinator_url=$(DATABASE_URL=$admin_url "$BIN/vtrack" coordinators add "${database}_coordinator" \
    | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
  for name in first second third; do
    DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name "$name" \
      --key-file "$SCRATCH/$database-$name.key" --no-passphrase >/dev/null
  done
  PGPASSWORD=$PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d "$database" <<SQL
INSERT INTO skills (slug, label) VALUES ('translation', 'Translation');
INSERT INTO positions (slug, title, team) VALUES ('bench', 'Bench', 'Bench');
UPDATE positions SET status = 'open';
SQL
  SERVER_USER="${database}_server"
  # shellcheck disable=SC2034  # for the scripts that source this file
  SERVER_URL=$(DATABASE_URL=$admin_url add_server_login "$BIN/vtrack" "$SERVER_USER" "$SCRATCH/$SERVER_USER.password")
  # shellcheck disable=SC2034  # for the scripts that source this file
  SERVER_PASSWORD=$(sed -n 's/^PGPASSWORD=//p' "$SCRATCH/$SERVER_USER.password")
}
