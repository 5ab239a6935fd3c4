# shellcheck shell=bash
# The applicants' pages in a real browser: headless Chromium from Debian's
# packages, driven over WebDriver (chromedriver) by
# scripts/lib/browser-tests.py, against vtrack-server on a seeded database
# of its own (scripts/lib/contract.sh's seed_database). Sourced by
# scripts/test after scripts/lib/postgres.sh and scripts/lib/contract.sh.

SELENIUM_VERSION=4.51.0
# Only for the axe-core it bundles (axe.min.js, 4.12); playwright is not used.
AXE_BUNDLE_VERSION=0.1.8

# ensure_browser: Chromium and its driver, and a virtual environment with
# selenium and axe-core's script. Sets BROWSER_PYTHON and AXE_SCRIPT.
ensure_browser() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    log "installing chromium and chromium-driver from Debian's packages"
    apt_install chromium chromium-driver
  fi
  local venv=.build/browser-tests
  if [ ! -x "$venv/bin/python3" ] ||
    ! "$venv/bin/pip" freeze 2>/dev/null | grep -qx "selenium==$SELENIUM_VERSION" ||
    ! "$venv/bin/pip" freeze 2>/dev/null | grep -qx "axe-playwright-python==$AXE_BUNDLE_VERSION"; then
    log "installing selenium $SELENIUM_VERSION and axe-core (axe-playwright-python $AXE_BUNDLE_VERSION) from PyPI"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
      apt_install python3-venv
      python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q "selenium==$SELENIUM_VERSION"
    "$venv/bin/pip" install -q --no-deps "axe-playwright-python==$AXE_BUNDLE_VERSION"
  fi
  BROWSER_PYTHON="$PWD/$venv/bin/python3"
  AXE_SCRIPT=$("$BROWSER_PYTHON" -c 'import axe_playwright_python, os; print(os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js"))')
  [ -f "$AXE_SCRIPT" ] || die "axe-core's axe.min.js is not where axe-playwright-python keeps it"
}

# run_browser_tests BIN_DIR: fails on any failed check, any serious or
# critical axe violation, or any error the server logged. Screenshots go to
# .build/screenshots/ (git-ignored with .build/).
run_browser_tests() {
  local bin=$1 status=0
  ensure_browser
  BROWSER_LOG="$SCRATCH/browser-server.log"
  seed_database "$bin" browser
  start_seeded_server "$bin" "$BROWSER_LOG"
  rm -rf .build/screenshots
  mkdir -p .build/screenshots
  log "the applicants' pages in headless Chromium (WebDriver, axe-core)"
  VTRACK_BROWSER_BASE="http://127.0.0.1:$SEEDED_HTTP_PORT" VTRACK_BROWSER_SCREENSHOTS="$PWD/.build/screenshots" \
    VTRACK_BROWSER_AXE="$AXE_SCRIPT" VTRACK_BROWSER_PSQL="$PG_BIN/psql" \
    PGPASSWORD=$PASSWORD VTRACK_BROWSER_DATABASE="$(url_without_password "$SEEDED_ADMIN_URL")" \
    "$BROWSER_PYTHON" scripts/lib/browser-tests.py || status=$?
  stop_seeded_server
  if server_logged_errors "$BROWSER_LOG"; then
    log "(during the browser run)"
    status=1
  fi
  [ "$status" -eq 0 ] || { log "the browser tests failed (screenshots in .build/screenshots/)"; return 1; }
  log "browser tests passed; screenshots in .build/screenshots/"
}
