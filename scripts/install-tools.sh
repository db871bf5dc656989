#!/usr/bin/env bash
# Installs what the build and the tests need, only when it is missing:
# the wasm target, wasm-bindgen-cli and wasm-pack at pinned versions,
# Debian's Chromium and ChromeDriver, iproute2, Kamailio with its WebSocket
# modules (the browser tests' SIP proxy), and the npm dev tools.
# Usage: scripts/install-tools.sh [--browser]   (--browser adds Chromium and Kamailio)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=..."` pin in Cargo.toml
WASM_PACK_VERSION=0.15.1

say() { echo "[install-tools] $*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

apt_install() {
  say "installing Debian packages: $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [[ "${1:-}" == "--browser" ]]; then
  if ! wasm-pack --version 2>/dev/null | grep -q " $WASM_PACK_VERSION"; then
    say "installing wasm-pack $WASM_PACK_VERSION"
    cargo install wasm-pack --version "$WASM_PACK_VERSION"
  fi
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v kamailio >/dev/null || missing+=(kamailio)
  compgen -G "/usr/lib/*/kamailio/modules/websocket.so" >/dev/null || missing+=(kamailio-websocket-modules)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm dev tools"
  npm ci --no-audit --no-fund --loglevel=error
fi
