#!/usr/bin/env bash
# Packaging tests: the npm package as consumers get it. Packs pkg/ into a
# tarball, installs that tarball (never the folder) into three consumer
# apps under tests/packaging/ (a Vite + TypeScript build, a script-tag page,
# an import-map page), type-checks and builds them, lints the tarball with
# publint and attw, then opens every app in Chromium under a strict
# Content-Security-Policy against a live gateway, inside a private network
# namespace (see scripts/test-browser.sh).
# Usage: scripts/test-packaging.sh        (builds pkg/ first when it is stale)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=18080
gateway_bin=${CARGO_TARGET_DIR:-target}/debug/agent-gateway

if [[ "${1:-}" == "--in-namespace" ]]; then
  # Inside the namespace: only loopback exists, nothing can be installed.
  ip link set lo up
  log=$(mktemp)
  "$gateway_bin" --host 127.0.0.1 --port "$PORT" >"$log" 2>&1 &
  gateway=$!
  trap 'kill $gateway 2>/dev/null || true; wait $gateway 2>/dev/null || true; rm -f "$log"' EXIT
  for _ in $(seq 1 100); do
    if grep -q "listening" "$log"; then break; fi
    if ! kill -0 $gateway 2>/dev/null; then cat "$log"; exit 1; fi
    sleep 0.1
  done
  grep -q "listening" "$log" || { echo "the gateway did not start"; cat "$log"; exit 1; }
  node tests/packaging/packaging.test.mjs "http://127.0.0.1:$PORT"
  exit
fi

started=$(date +%s)
step() { echo; echo "=== $* ($(($(date +%s) - started)) s) ==="; }

scripts/install-tools.sh --browser

step "package build (when stale)"
# The global build is the last file build-pkg.sh writes: its presence means
# the last build finished.
stamp=pkg/agent-sdk.global.js
if [[ ! -f $stamp ]] || [[ -n "$(find src Cargo.toml Cargo.lock pkg-template scripts/build-pkg.sh \
    scripts/pkg-global.mjs -newer "$stamp" -print -quit)" ]]; then
  scripts/build-pkg.sh
else
  echo "pkg/ is up to date"
fi
cargo build -p agent-gateway

step "npm pack"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# `./pkg`, not `pkg`: a bare name is looked up in the registry, and `pkg` is
# an unrelated package there.
tarball="$work/$(npm pack ./pkg --pack-destination "$work" --silent)"
echo "$tarball"

step "publint and attw on the tarball"
node_modules/.bin/publint run --strict "$tarball"
# The package is ESM-only (its entry loads the wasm with a top-level await,
# which no CommonJS build could do), so the `esm-only` profile leaves out
# the node10 and node16-from-CJS resolutions. `./wasm` is the raw module for
# bundlers and preload links, not JavaScript, so it has no types to check.
node_modules/.bin/attw "$tarball" --profile esm-only --exclude-entrypoints ./wasm

step "install the tarball into the consumer apps"
# --no-save: the committed lockfiles pin the apps' own dev tools, not the
# SDK. A lockfile entry for a local tarball pins its integrity, and npm then
# keeps installing the old cached contents after every rebuild of pkg/.
for app in vite-app script-tag import-map; do
  (cd "tests/packaging/$app" &&
    npm install --no-audit --no-fund --prefer-offline --no-save --loglevel=error "$tarball")
  for file in wasm/agent_sdk_bg.wasm wasm/agent_sdk.d.ts agent-sdk.global.js; do
    cmp -s "pkg/$file" "tests/packaging/$app/node_modules/agent-desk-sdk/$file" ||
      { echo "$app: the installed $file is not the one just packed"; exit 1; }
  done
done

step "type-check and build the Vite app; type-check the script-tag app"
(cd tests/packaging/vite-app && node_modules/.bin/tsc --noEmit && node_modules/.bin/vite build --logLevel warn)
node_modules/.bin/tsc -p tests/packaging/script-tag

step "the consumer apps in Chromium (private network namespace)"
if [[ "$(id -u)" == 0 ]]; then userns=(); else userns=(-r); fi
unshare "${userns[@]}" -n -p -f --mount-proc scripts/test-packaging.sh --in-namespace

step "packaging tests passed"
