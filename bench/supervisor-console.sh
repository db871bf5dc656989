#!/usr/bin/env bash
# The supervisor console with 200 agents (bench/supervisor-console.mjs):
# builds the gateway and the package if missing, then runs a gateway with
# a generated 200-agent configuration and the measurement inside a private
# network namespace. Prints the figures and writes them to
# bench/build/supervisor-console.json. Not part of bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != inside ]]; then
  [[ -x target/debug/agent-gateway ]] || cargo build -p agent-gateway
  [[ -f pkg/agent-sdk.global.js ]] || scripts/build-pkg.sh
  mkdir -p bench/build
  node bench/supervisor-console.mjs config bench/build/supervisor-config.json
  if [[ "$(id -u)" == 0 ]]; then userns=(); else userns=(-r); fi
  exec unshare "${userns[@]}" -n -p -f --mount-proc "$0" inside
fi

ip link set lo up
PORT=18090
log=bench/build/supervisor-gateway.log
target/debug/agent-gateway --host 127.0.0.1 --port "$PORT" --www www --pkg pkg \
  --config bench/build/supervisor-config.json >"$log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null || true; wait $gateway 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q listening "$log" && break; sleep 0.1; done
grep -q listening "$log" || { cat "$log"; exit 1; }
node --experimental-websocket --no-warnings bench/supervisor-console.mjs "http://127.0.0.1:$PORT" \
  bench/build/supervisor-console.json
