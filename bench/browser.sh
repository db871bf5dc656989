#!/usr/bin/env bash
# The figures that need a network, inside a private network namespace
# (bench/run.sh enters it): only loopback exists, so every socket stays on
# 127.0.0.1. The browser figures run against bench/server.mjs and a gateway
# (release build, development configuration); the gateway-scale figure then
# runs the load client against fresh gateways of its own, and so does the
# queue-status fan-out figure.
# Usage: bench/browser.sh BROWSER.json SCALE.json FANOUT.json
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
gateway_bin=$target_dir/gateway/agent-gateway
load_bin=$target_dir/gateway/examples/load
ip link set lo up
# Thousands of agent sessions: a socket each at both ends, so as many
# descriptors as this process may have.
ulimit -n "$(ulimit -Hn)"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done' EXIT

# Waits for `$1` in log file `$2`, written by process `$3`.
started() {
  local pattern=$1 log=$2 pid=$3
  for _ in $(seq 1 100); do
    if grep -q "$pattern" "$log"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; return 1; fi
    sleep 0.1
  done
  echo "not started: no '$pattern' in $log"; cat "$log"; return 1
}

# Appends run result `$2` (one JSON object) to the JSON array in `$1`.
append_run() {
  node -e 'const fs = require("fs"); const all = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    all.push(JSON.parse(fs.readFileSync(process.argv[2], "utf8"))); fs.writeFileSync(process.argv[1], JSON.stringify(all, null, 2) + "\n");' \
    "$1" "$2"
}

# Waits until the gateway `$2` answers on port `$1`.
answering() {
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$1/v1/scenario/calls" >/dev/null 2>&1; then return 0; fi
    kill -0 "$2" 2>/dev/null || { cat "$gateway_log"; return 1; }
    sleep 0.1
  done
  echo "the gateway on port $1 did not answer"; return 1
}

# Starts a gateway with "$config" on port `$1`, quiet but for errors, and
# waits until it answers; its pid is then in `$gateway`.
fresh_gateway() {
  RUST_LOG=error "$gateway_bin" --host 127.0.0.1 --port "$1" --config "$config" >"$gateway_log" 2>&1 &
  gateway=$!
  pids+=($gateway)
  answering "$1" "$gateway"
}

PORT=18090
server_log=$(mktemp)
node bench/server.mjs --port "$PORT" >"$server_log" 2>&1 &
pids+=($!)
started listening "$server_log" $!

GATEWAY_PORT=18091
gateway_log=$(mktemp)
RUST_LOG=warn "$gateway_bin" --host 127.0.0.1 --port "$GATEWAY_PORT" >"$gateway_log" 2>&1 &
gateway=$!
pids+=($gateway)
answering "$GATEWAY_PORT" "$gateway"

BENCH_GATEWAY="http://127.0.0.1:$GATEWAY_PORT" node bench/browser.mjs "http://127.0.0.1:$PORT" "$1"
kill $gateway; wait $gateway 2>/dev/null || true

# Gateway scale: a fresh gateway per run, configured with enough agents for
# the largest step; the load client stops at the first step that degrades.
steps=${BENCH_SCALE_STEPS:-250,500,1000,2000,4000,8000}
runs=${BENCH_SCALE_RUNS:-3}
config=$(mktemp)
"$load_bin" config "${steps##*,}" >"$config"
echo "[]" >"$2"
for run in $(seq 1 "$runs"); do
  echo "[bench] gateway scale, run $run of $runs: steps $steps"
  fresh_gateway 18092
  out=$(mktemp)
  "$load_bin" run --gateway 127.0.0.1:18092 --pid "$gateway" --steps "$steps" \
    --step-secs "${BENCH_SCALE_STEP_SECS:-10}" --push-interval-ms "${BENCH_SCALE_PUSH_MS:-1000}" >"$out"
  append_run "$2" "$out"
  kill $gateway; wait $gateway 2>/dev/null || true
done

# Queue-status fan-out: a fresh gateway per run whose queue 1 holds the
# agents, watched by one supervisor and then by 50.
fanout_agents=${BENCH_FANOUT_AGENTS:-200}
fanout_supervisors=${BENCH_FANOUT_SUPERVISORS:-1,50}
"$load_bin" config "$fanout_agents" --supervisors "${fanout_supervisors##*,}" >"$config"
echo "[]" >"$3"
for run in $(seq 1 "${BENCH_FANOUT_RUNS:-3}"); do
  echo "[bench] queue-status fan-out, run $run: $fanout_agents agents, supervisors $fanout_supervisors"
  fresh_gateway 18093
  out=$(mktemp)
  "$load_bin" fanout --gateway 127.0.0.1:18093 --pid "$gateway" --agents "$fanout_agents" \
    --supervisors "$fanout_supervisors" --secs "${BENCH_FANOUT_SECS:-10}" >"$out"
  append_run "$3" "$out"
  kill $gateway; wait $gateway 2>/dev/null || true
done
