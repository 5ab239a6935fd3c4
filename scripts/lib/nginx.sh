# shellcheck shell=bash
# nginx from Debian's packages, for the test that runs two vtrack-server
# processes behind a reverse proxy. Only the binary is used, with a
# temporary configuration on loopback; no system site is set up.

ensure_nginx_installed() {
  ensure_command nginx nginx
  VTRACK_NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  export VTRACK_NGINX
}
