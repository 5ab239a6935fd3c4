# shellcheck shell=bash
# nginx from Debian's packages, for the test that runs two vtrack-server
# processes behind a reverse proxy. Only the binary is used, with a
# temporary configuration on loopback; no system site is set up.

ensure_nginx_installed() {
  if [ ! -x /usr/sbin/nginx ]; then
    log "installing nginx from Debian's packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  fi
  VTRACK_NGINX=/usr/sbin/nginx
  export VTRACK_NGINX
}
