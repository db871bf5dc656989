#!/usr/bin/env bash
# The browser figures, inside a private network namespace (bench/run.sh
# enters it): only loopback exists, so every socket stays on 127.0.0.1.
# Usage: bench/browser.sh OUT.json
set -euo pipefail
cd "$(dirname "$0")/.."

ip link set lo up
PORT=18090
log=$(mktemp)
node bench/server.mjs --port "$PORT" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if grep -q "listening" "$log"; then break; fi
  if ! kill -0 $server 2>/dev/null; then cat "$log"; exit 1; fi
  sleep 0.1
done
grep -q "listening" "$log" || { echo "the bench server did not start"; cat "$log"; exit 1; }

node bench/browser.mjs "http://127.0.0.1:$PORT" "$1"
