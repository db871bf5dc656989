#!/usr/bin/env bash
# The benchmark suite, in one command: builds the release artefacts, runs
# the browser figures in headless Chromium on loopback (inside a private
# network namespace), then prints and writes docs/performance.md and
# bench/results.json.
#
# Exits non-zero when the SDK is over its size budget (bench/budget.json),
# after writing the report. The tests (scripts/test.sh) do not run this.
#
# Environment: CARGO_TARGET_DIR (honoured, as by scripts/build-pkg.sh);
# BENCH_RUNS (5), BENCH_STARTUP_RUNS (10), BENCH_EVENTS (20000), BENCH_PACED_EVENTS (3000),
# BENCH_PACED_RATE (1000), BENCH_ANSWER_CALLS (6), BENCH_MEMORY_CALLS (10000),
# BENCH_MEMORY_EVENTS (1000000), BENCH_SCALE_RUNS (3), BENCH_SCALE_STEPS
# (250,500,1000,2000,4000,8000), BENCH_SCALE_STEP_SECS (10), BENCH_SCALE_PUSH_MS
# (1000) to change the amount of work (docs/performance.md, "Running it").
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { echo; echo "=== $* ==="; }

step "tools"
scripts/install-tools.sh
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v ip >/dev/null || missing+=(iproute2)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [[ ! -d bench/node_modules ]] || [[ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

target_dir=${CARGO_TARGET_DIR:-target}
wasm_dir=$target_dir/wasm32-unknown-unknown/release
wasm_opt=(node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
rm -rf bench/build
mkdir -p bench/build

step "the package (scripts/build-pkg.sh)"
scripts/build-pkg.sh

step "the same wasm with its names, for the size breakdown"
# The release wasm before wasm-bindgen still has its name section; keep it
# through wasm-bindgen (--keep-debug) and wasm-opt (-g) so function sizes are
# those of the optimised module the package ships.
wasm-bindgen --keep-debug --target web --out-dir bench/build/names "$wasm_dir/agent_sdk.wasm"
"${wasm_opt[@]}" -g bench/build/names/agent_sdk_bg.wasm -o bench/build/names/agent_sdk_bg.wasm

step "the SIP-parse module (bench/sip-parse-wasm)"
# A target directory of its own: built as a dependency here, the SDK would
# also write its cdylib, wasm32-unknown-unknown/release/agent_sdk.wasm, over
# the one scripts/build-pkg.sh packages.
sip_target=$target_dir/bench-sip-parse
cargo build --release --target wasm32-unknown-unknown --manifest-path bench/sip-parse-wasm/Cargo.toml \
  --target-dir "$sip_target"
wasm-bindgen --target web --out-dir bench/build/sip-parse \
  "$sip_target/wasm32-unknown-unknown/release/agent_sdk_bench_sip.wasm"
# Optimised as the package is, so the parser runs as it would ship.
"${wasm_opt[@]}" --strip-debug bench/build/sip-parse/agent_sdk_bench_sip_bg.wasm \
  -o bench/build/sip-parse/agent_sdk_bench_sip_bg.wasm

step "JsSIP's browser bundle"
node bench/build-jssip.mjs

step "the gateway and its load client (profile gateway)"
cargo build --profile gateway -p agent-gateway --bin agent-gateway --example load

step "size"
node bench/size.mjs bench/build/size.json

step "browser and gateway figures (private network namespace)"
cat /proc/loadavg >bench/build/loadavg-before
if [[ "$(id -u)" == 0 ]]; then userns=(); else userns=(-r); fi
measured=$(date +%s)
unshare "${userns[@]}" -n -p -f --mount-proc bench/browser.sh "$PWD/bench/build/browser.json" \
  "$PWD/bench/build/scale.json" "$PWD/bench/build/fanout.json"
echo "$(($(date +%s) - measured))" >bench/build/measure-seconds
cat /proc/loadavg >bench/build/loadavg-after

step "report"
echo "$(($(date +%s) - started))" >bench/build/wall-seconds
echo "wall time: $(cat bench/build/wall-seconds) s"
node bench/report.mjs
