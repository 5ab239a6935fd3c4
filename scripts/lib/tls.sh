# shellcheck shell=bash
# TLS for the throwaway cluster of scripts/test, so that the tests can prove
# that sslmode=verify-full is checked. Sourced after scripts/lib/postgres.sh;
# uses PG_BIN, PORT, PASSWORD, SCRATCH.

# make_test_certificates DIR: a CA (ca.crt), a certificate it signed for the
# name localhost only (server.crt, server.key), and a second CA that signed
# nothing (other-ca.crt). They live for one test run.
make_test_certificates() {
  local dir=$1
  mkdir -p "$dir"
  local ca
  for ca in ca other-ca; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -subj "/CN=vtrack test $ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$dir/$ca.key" -out "$dir/$ca.crt" 2>/dev/null
  done
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName = DNS:localhost" "basicConstraints = critical, CA:FALSE" \
    "keyUsage = critical, digitalSignature" "extendedKeyUsage = serverAuth" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  chmod 600 "$dir/server.key"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/server.key"
}

# enable_test_tls: certificates in $SCRATCH/tls, TLS on in the running
# throwaway cluster (plain connections still work), checked with psql's own
# verify-full. Exports VTRACK_TEST_TLS_DIR for the tests.
enable_test_tls() {
  ensure_command openssl openssl
  local dir="$SCRATCH/tls"
  make_test_certificates "$dir"
  PGPASSWORD=$PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -d "postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable" <<SQL
ALTER SYSTEM SET ssl_cert_file = '$dir/server.crt';
ALTER SYSTEM SET ssl_key_file = '$dir/server.key';
ALTER SYSTEM SET ssl = on;
SELECT pg_reload_conf();
SQL
  local _
  for _ in $(seq 50); do
    if PGPASSWORD=$PASSWORD "$PG_BIN/psql" -X -q -t -c 'SELECT 1' \
      -d "postgres://postgres@localhost:$PORT/postgres?sslmode=verify-full&sslrootcert=$dir/ca.crt" >/dev/null 2>&1; then
      export VTRACK_TEST_TLS_DIR=$dir
      return 0
    fi
    sleep 0.1
  done
  tail -n 5 "$CLUSTER/server.log" >&2
  die "the throwaway PostgreSQL did not take TLS with the test certificates"
}
