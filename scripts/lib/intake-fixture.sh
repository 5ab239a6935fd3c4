# shellcheck shell=bash
# Shared by scripts/bench intake and scripts/chaos: a database ready to take
# applications through vtrack-server.
#
# seed_intake DATABASE [KEYS]: migrates the (existing, empty) DATABASE; adds a
# coordinator with KEYS keys (3), all holding the organisation key, the skill 'translation', the open position
# 'bench', and a login for the server in vtrack_api and vtrack_sealer
# (add_server_login). Needs
# BIN, PG_BIN, PORT, PASSWORD (the cluster's superuser's) and SCRATCH. Sets
# SERVER_USER, SERVER_PASSWORD and SERVER_URL (the password in it: pass it
# to the server in its environment only).
seed_intake() {
  local database=$1 keys=${2:-3} admin_url coordinator_url name n
  admin_url="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/$database?sslmode=disable"
  DATABASE_URL=$admin_url "$BIN/vtrack" migrate >/dev/null
  coordinator_url=$(DATABASE_URL=$admin_url "$BIN/vtrack" coordinators add "${database}_coordinator" \
    | sed -n "s/^  export DATABASE_URL='\(.*\)'\$/\1/p")
  for n in $(seq "$keys"); do
    name="key$n"
    DATABASE_URL=$coordinator_url "$BIN/vtrack" keys init --name "$name" \
      --key-file "$SCRATCH/$database-$name.key" --no-passphrase >/dev/null
    # The first key gets the organisation key; the others are granted it.
    [ "$n" -eq 1 ] || DATABASE_URL=$coordinator_url "$BIN/vtrack" keys grant "$name" \
      --key-file "$SCRATCH/$database-key1.key" >/dev/null
  done
  PGPASSWORD=$PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d "$database" <<SQL
INSERT INTO skills (slug, label) VALUES ('translation', 'Translation');
INSERT INTO privacy_notices (version, url) VALUES ('2026-01', 'https://example.org/privacy/2026-01');
INSERT INTO positions (slug, title, team) VALUES ('bench', 'Bench', 'Bench');
UPDATE positions SET status = 'open';
SQL
  SERVER_USER="${database}_server"
  # shellcheck disable=SC2034  # for the scripts that source this file
  SERVER_URL=$(DATABASE_URL=$admin_url add_server_login "$BIN/vtrack" "$SERVER_USER" "$SCRATCH/$SERVER_USER.password")
  # shellcheck disable=SC2034  # for the scripts that source this file
  SERVER_PASSWORD=$(sed -n 's/^PGPASSWORD=//p' "$SCRATCH/$SERVER_USER.password")
}
