#!/usr/bin/env bash
# The browser tests, run inside a private network namespace (see
# scripts/test.sh): only loopback exists, so every ICE candidate and socket
# stays on 127.0.0.1, and nothing can reach the outside.
set -euo pipefail
cd "$(dirname "$0")/.."

ip link set lo up
PORT=18080
# Kamailio (tests/kamailio/) and a second gateway whose softphones go
# through it; the WebSocket port is the one in tests/kamailio/gateway.json.
KAMAILIO_WS_PORT=18090
KAMAILIO_GATEWAY_PORT=18081
log=$(mktemp)
kamailio_log=$(mktemp)
kamailio_gateway_log=$(mktemp)
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

# wait_for LOG PATTERN PID WHAT: at most 10 s until PATTERN is in LOG.
wait_for() {
  for _ in $(seq 1 100); do
    if grep -q "$2" "$1"; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "$4 did not start"; cat "$1"; exit 1
}

target/debug/agent-gateway --host 127.0.0.1 --port "$PORT" --www www --pkg pkg >"$log" 2>&1 &
pids+=($!)
wait_for "$log" "listening" $! "the gateway"

kamailio -f tests/kamailio/kamailio.cfg -DD -E -A "WS_PORT=$KAMAILIO_WS_PORT" >"$kamailio_log" 2>&1 &
pids+=($!)
wait_for "$kamailio_log" "Listening on" $! "Kamailio"
target/debug/agent-gateway --host 127.0.0.1 --port "$KAMAILIO_GATEWAY_PORT" \
  --config tests/kamailio/gateway.json >"$kamailio_gateway_log" 2>&1 &
pids+=($!)
wait_for "$kamailio_gateway_log" "connected to the SIP proxy" $! "the gateway behind Kamailio"

echo "--- wasm-bindgen-test in headless Chromium"
export AGENT_GATEWAY_URL="http://127.0.0.1:$PORT"
export AGENT_GATEWAY_KAMAILIO_URL="http://127.0.0.1:$KAMAILIO_GATEWAY_PORT"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=120
wasm-pack test --headless --chrome --mode no-install

echo "--- Playwright: the demo desk"
node tests/e2e/desk.test.mjs "http://127.0.0.1:$PORT"
echo "--- Playwright: a full shift at the desk, by clicking"
node tests/e2e/shift.test.mjs "http://127.0.0.1:$PORT"
echo "--- Playwright: a softphone call at the desk, with its quality chart"
node tests/e2e/softphone.test.mjs "http://127.0.0.1:$PORT"
echo "--- Playwright: the autoplay policy enforced, a call ringing before any click"
node tests/e2e/autoplay.test.mjs "http://127.0.0.1:$PORT"
echo "--- Playwright: page freeze, a broken connection while frozen, no secret in the console"
node tests/e2e/lifecycle.test.mjs target/debug/agent-gateway
echo "--- Playwright: loopback down for 3 s during a softphone call"
node tests/e2e/outage.test.mjs "http://127.0.0.1:$PORT"
echo "--- Playwright: the supervisor console"
node tests/e2e/supervisor.test.mjs "http://127.0.0.1:$PORT"

if grep -E "dev-key-|sip-pw-|\"token\":\"[0-9a-f]{16}" "$log" "$kamailio_gateway_log"; then
  echo "a secret reached a gateway log"; exit 1
fi

# Both Contact paths were taken through Kamailio: a BYE to a softphone's
# GRUU, and one to its `.invalid` Contact by the alias Kamailio added.
grep -q "in-dialog BYE to sip:[0-9]*@127.0.0.1;[^ ]*gr=urn:uuid:" "$kamailio_log" \
  || { echo "no BYE went to a GRUU through Kamailio"; exit 1; }
grep -q "in-dialog BYE to sip:[^ ]*\.invalid[^ ]*;alias=" "$kamailio_log" \
  || { echo "no BYE went to a .invalid Contact through Kamailio"; exit 1; }
