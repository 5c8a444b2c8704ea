# Sourced by the project's scripts: installs Debian packages that are missing.
# shellcheck shell=bash

# The local cloud: Keystone, Glance, the openstack CLI as an independent checker.
CLOUD_PACKAGES=(python3-keystone python3-glance python3-openstackclient python3-psycopg2)
# End-to-end tests drive Debian's Chromium (Playwright cannot download a browser here).
BROWSER_PACKAGES=(chromium)
# The deployment test puts two production instances behind a real reverse proxy.
PROXY_PACKAGES=(nginx)

ensure_apt_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "[setup] installing ${missing[*]} (apt)" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "[setup] error: installing packages needs root: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_postgres() {
  command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ensure_apt_packages postgresql
}

# `npm install` from the committed lock, not `npm ci`: the registry this machine
# reaches serves only the Linux builds of optional platform packages (Next's SWC,
# Tailwind's oxide), so the lock cannot list the others and `npm ci` refuses it.
install_node_modules() { # project root
  (cd "$1" && npm install --no-audit --no-fund)
}

ensure_node_modules() { # project root
  [ -x "$1/node_modules/.bin/next" ] && [ -x "$1/node_modules/.bin/tsx" ] && return 0
  echo "[setup] installing npm dependencies" >&2
  install_node_modules "$1" >/dev/null
}
