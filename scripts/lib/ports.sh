# shellcheck shell=bash
# Ports for the servers the scripts start (PostgreSQL, vtrack-server),
# chosen so that nothing else can take them meanwhile. A port found by
# binding a socket and closing it is free for anyone until the server binds
# it, and parallel test runs, or the tests' own servers, take such ports.
# Here a small holder process keeps a socket bound to the port the kernel
# chose, with SO_REUSEADDR and not listening: Linux then skips that port for
# every bind to port 0 and refuses it to any other bind, except to a socket
# with SO_REUSEADDR asking for it by number, which may listen on it.
# PostgreSQL and vtrack-server (SwiftNIO) set SO_REUSEADDR, so the server we
# give the port to gets it however long it takes to start, and gets it back
# when a script restarts it. (PostgreSQL cannot bind port 0 and say which
# port it got; the tests' TLS checks need TCP, so no Unix socket alone.)
# Tests/VolunteerTestSupport/ReservedPort.swift does the same for the tests.
# Sourced by scripts/lib/postgres.sh (uses its die).

declare -gA PORT_HOLDERS=()

# reserve_port: sets RESERVED_PORT to a port on 127.0.0.1, reserved until
# release_port, or until this shell exits. Call it directly, never in $(…):
# the holder watches the shell that called it, and goes with it.
reserve_port() {
  local holder_output holder_pid
  exec {holder_output}< <(exec python3 -c '
import os, socket, time
parent = os.getppid()
held = socket.socket()
held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
held.bind(("127.0.0.1", 0))
print(held.getsockname()[1], flush=True)
while os.getppid() == parent:
    time.sleep(0.5)
')
  holder_pid=$!
  read -r RESERVED_PORT <&"$holder_output" || die "could not reserve a port"
  exec {holder_output}<&-
  PORT_HOLDERS[$RESERVED_PORT]=$holder_pid
}

# release_port PORT...: stops holding the ports (their server is gone for good).
release_port() {
  local port pid
  for port in "$@"; do
    pid=${PORT_HOLDERS[$port]:-}
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PORT_HOLDERS[$port]"
  done
}
