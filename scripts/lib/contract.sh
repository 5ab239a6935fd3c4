# shellcheck shell=bash
# The API against its contract: vtrack-server on a database of its own in the
# throwaway cluster, schemathesis with every check on. Sourced by scripts/test
# after scripts/lib/postgres.sh; uses PG_BIN, PORT, PASSWORD, SCRATCH.

SCHEMATHESIS_VERSION=4.32.5

ensure_schemathesis() {
  local venv=.build/schemathesis
  if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    log "installing schemathesis $SCHEMATHESIS_VERSION from PyPI"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
      apt_install python3-venv
      python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  SCHEMATHESIS="$PWD/$venv/bin/schemathesis"
}

# seed_database BIN_DIR NAME: a database NAME in the throwaway cluster,
# migrated, with a coordinator login NAME_coordinator, a server login
# NAME_server, skills, privacy notice 2026-01, open positions `editor` and
# `translator` and an organisation key. Sets SEEDED_SERVER_URL (the server
# login's DATABASE_URL) and SEEDED_ADMIN_URL (the database as postgres).
# The one home of the seeded database the contract and browser steps use.
seed_database() {
  local bin=$1 name=$2 coordinator_password
  coordinator_password=$(random_secret)
  local admin="postgres://postgres@127.0.0.1:$PORT"
  PGPASSWORD=$PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$admin/postgres?sslmode=disable" -c "CREATE DATABASE $name"
  # The migrations make the group roles (on a cluster of its own, no test has yet).
  DATABASE_URL="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/$name?sslmode=disable" "$bin/vtrack" migrate >/dev/null
  # Passwords in the environment, never in arguments; verifiers in the SQL, never passwords.
  PGPASSWORD=$PASSWORD COORDINATOR_VERIFIER=$(SCRAM_PASSWORD="$coordinator_password" scram_verifier) \
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -v coordinator="${name}_coordinator" -d "$admin/postgres?sslmode=disable" <<'SQL'
\getenv coordinator_verifier COORDINATOR_VERIFIER
CREATE ROLE :"coordinator" LOGIN PASSWORD :'coordinator_verifier' IN ROLE vtrack_coordinator;
SQL
  SEEDED_SERVER_URL=$(DATABASE_URL="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/$name?sslmode=disable" \
    add_server_login "$bin/vtrack" "${name}_server" "$SCRATCH/${name}_server.password")
  # shellcheck disable=SC2034  # for scripts/lib/browser.sh
  SEEDED_ADMIN_URL="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/$name?sslmode=disable"
  PGPASSWORD=$PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$admin/$name?sslmode=disable" <<'SQL'
INSERT INTO skills (slug, label) VALUES ('editing', 'Editing'), ('translation', 'Translation');
INSERT INTO privacy_notices (version, url) VALUES ('2026-01', 'https://example.org/privacy/2026-01');
INSERT INTO positions (slug, title, team, description, languages) VALUES
  ('editor', 'Editor', 'Editorial', 'Edit our articles.', '{en,uk}'),
  ('translator', 'Translator', 'Editorial', 'Translate into English.', '{en,ru}');
INSERT INTO position_skills (position_id, skill) SELECT id, 'editing' FROM positions;
UPDATE positions SET status = 'open';
SQL
  local coordinator_url="postgres://${name}_coordinator:$coordinator_password@127.0.0.1:$PORT/$name?sslmode=disable"
  DATABASE_URL=$coordinator_url "$bin/vtrack" keys init --name "$name" --key-file "$SCRATCH/$name.key" --no-passphrase >/dev/null
}

# start_seeded_server BIN_DIR LOG: vtrack-server on the database
# seed_database made, without rate limits, logging to LOG. Sets
# SEEDED_SERVER_PID, SEEDED_HTTP_PORT and SEEDED_METRICS_PORT (reserved;
# release them after stopping it).
start_seeded_server() {
  local bin=$1 log_file=$2
  reserve_port
  SEEDED_HTTP_PORT=$RESERVED_PORT
  reserve_port
  SEEDED_METRICS_PORT=$RESERVED_PORT
  DATABASE_URL=$SEEDED_SERVER_URL \
    VTRACK_BLIND_INDEX_KEY="$(head -c 32 /dev/urandom | base64)" VTRACK_HTTP_PORT=$SEEDED_HTTP_PORT \
    VTRACK_METRICS_ADDRESS="127.0.0.1:$SEEDED_METRICS_PORT" \
    VTRACK_RATE_LIMIT_PER_CLIENT=0 VTRACK_RATE_LIMIT_GLOBAL=0 \
    "$bin/vtrack-server" >"$log_file" 2>&1 &
  SEEDED_SERVER_PID=$!
  wait_until_ready "$SEEDED_HTTP_PORT" "$log_file"
}

# stop_seeded_server: SIGTERM by process id, then its ports back.
stop_seeded_server() {
  kill -TERM "$SEEDED_SERVER_PID" 2>/dev/null || true
  wait "$SEEDED_SERVER_PID" 2>/dev/null || true
  release_port "$SEEDED_HTTP_PORT" "$SEEDED_METRICS_PORT"
}

# server_logged_errors LOG: whether the server logged an error or worse
# (and if so, shows the first few).
server_logged_errors() {
  grep -q '"level":"error"\|"level":"critical"' "$1" || return 1
  log "the server logged errors:"
  grep '"level":"error"\|"level":"critical"' "$1" | head -n 5 >&2
}

# run_contract_tests BIN_DIR: exits non-zero on any schemathesis failure or
# any error the server logged. Leaves the server's log in $CONTRACT_LOG, and
# a scrape of its metrics taken after the canary applied in $CONTRACT_METRICS.
run_contract_tests() {
  local bin=$1
  ensure_schemathesis
  CONTRACT_METRICS="$SCRATCH/contract-metrics.txt"
  CONTRACT_LOG="$SCRATCH/contract-server.log"
  seed_database "$bin" contract
  start_seeded_server "$bin" "$CONTRACT_LOG"
  local base="http://127.0.0.1:$SEEDED_HTTP_PORT"

  # Real applicants, so that the /me operations have something to find:
  # erasing and withdrawing each get their own (scripts/schemathesis.toml),
  # or the first erasure would leave the other operations nothing but 404.
  local token withdraw_token erase_token
  token=$(contract_applicant "$base" reader)
  withdraw_token=$(contract_applicant "$base" withdrawer)
  erase_token=$(contract_applicant "$base" eraser)

  log "schemathesis: every check, against the live server"
  set +e
  VTRACK_CONTRACT_WITHDRAW_TOKEN=$withdraw_token VTRACK_CONTRACT_ERASE_TOKEN=$erase_token \
    "$SCHEMATHESIS" --config-file scripts/schemathesis.toml run "$base/openapi.yaml" --url "$base" \
    --checks all -H "Authorization: Bearer $token" \
    --max-examples "${VTRACK_SCHEMATHESIS_EXAMPLES:-100}" --seed "${VTRACK_SCHEMATHESIS_SEED:-20261127}" \
    --report ndjson --report-ndjson-path "$SCRATCH/schemathesis.ndjson" \
    --no-color >"$SCRATCH/schemathesis.log" 2>&1
  local contract_status=$?
  set -e
  python3 scripts/lib/contract-acceptance.py "$SCRATCH/schemathesis.ndjson" >&2 ||
    { log "could not read schemathesis' report"; contract_status=1; }
  post_canary_application "$base"
  curl -fsS "http://127.0.0.1:$SEEDED_METRICS_PORT/metrics" >"$CONTRACT_METRICS" || { log "could not scrape the metrics"; return 1; }
  grep -q '^vtrack_applications_accepted_total [1-9]' "$CONTRACT_METRICS" || { log "the metrics did not count the canary's application"; return 1; }
  stop_seeded_server
  if [ "$contract_status" -ne 0 ]; then
    cat "$SCRATCH/schemathesis.log"
    log "schemathesis reported failures (report above, seed ${VTRACK_SCHEMATHESIS_SEED:-20261127})"
    return 1
  fi
  grep -E "generated|passed|failures|Seed" "$SCRATCH/schemathesis.log" | tail -n 4
  if server_logged_errors "$CONTRACT_LOG"; then
    log "(during the contract run)"
    return 1
  fi
}

# contract_applicant BASE_URL NAME: applies as NAME; prints the status token.
contract_applicant() {
  curl -fs -X POST "$1/v1/applications" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: contract-$(random_secret)" \
    -d '{"position": "editor", "name": "Contract '"$2"'", "contact": {"email": "'"$2"'@example.org"},
         "languages": ["en"], "time_zone": "Europe/Prague",
         "consent": {"privacy_policy_version": "2026-01", "accepted": true}}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["status_token"])'
}

# The canary applicant through the server, so that its log is searched too.
post_canary_application() {
  local base=$1
  python3 - "$base" Tests/canary-strings.txt <<'PY'
import json, sys, urllib.request, uuid
base, path = sys.argv[1], sys.argv[2]
lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l and not l.startswith("#")]
name, email, telegram, signal, motivation = lines[:5]
body = {"position": "editor", "name": name, "contact": {"email": email, "telegram": telegram, "signal": signal},
        "languages": ["uk"], "time_zone": "Europe/Kyiv", "motivation": motivation,
        "consent": {"privacy_policy_version": "2026-01", "accepted": True}}
request = urllib.request.Request(base + "/v1/applications?email=" + email.replace("@", "%40"), method="POST",
                                 data=json.dumps(body).encode(), headers={"Content-Type": "application/json",
                                 "Idempotency-Key": str(uuid.uuid4())})
try:
    urllib.request.urlopen(request).read()
except urllib.error.HTTPError as error:
    sys.exit(f"the canary application was refused: {error.code}")
PY
}
