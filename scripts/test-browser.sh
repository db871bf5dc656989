#!/usr/bin/env bash
# The browser tests, run inside a private network namespace (see
# scripts/test.sh): only loopback exists, so every ICE candidate and socket
# stays on 127.0.0.1, and nothing can reach the outside.
set -euo pipefail
cd "$(dirname "$0")/.."

ip link set lo up
PORT=18080
log=$(mktemp)
target/debug/agent-gateway --host 127.0.0.1 --port "$PORT" --www www --pkg pkg >"$log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null || true; wait $gateway 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if grep -q "listening" "$log"; then break; fi
  if ! kill -0 $gateway 2>/dev/null; then cat "$log"; exit 1; fi
  sleep 0.1
done
grep -q "listening" "$log" || { echo "the gateway did not start"; cat "$log"; exit 1; }

echo "--- wasm-bindgen-test in headless Chromium"
export AGENT_GATEWAY_URL="http://127.0.0.1:$PORT"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=120
wasm-pack test --headless --chrome --mode no-install

echo "--- Playwright: the demo desk"
node tests/e2e/desk.test.mjs "http://127.0.0.1:$PORT"
echo "--- Playwright: a full shift at the desk, by clicking"
node tests/e2e/shift.test.mjs "http://127.0.0.1:$PORT"
echo "--- Playwright: the supervisor console"
node tests/e2e/supervisor.test.mjs "http://127.0.0.1:$PORT"

if grep -E "dev-key-|\"token\":\"[0-9a-f]{16}" "$log"; then
  echo "a secret reached the gateway log"; exit 1
fi
