#!/usr/bin/env bash
# Runs every test: formatting and lints, native unit and gateway
# integration tests, the package build, the TypeScript check, and the
# browser tests (wasm-bindgen-test and Playwright) against a live gateway
# inside a private network namespace.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh --browser

step() { echo; echo "=== $* ==="; }

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --lib --tests --target wasm32-unknown-unknown -- -D warnings

step "native tests: protocol, core, gateway"
cargo test --workspace

step "package build and TypeScript check"
scripts/build-pkg.sh
node_modules/.bin/tsc -p tests/typings

step "packaging: the packed tarball in Vite, a script tag and an import map; publint, attw"
scripts/test-packaging.sh

step "fuzzing: every target briefly (scripts/fuzz.sh 3600 for a long run)"
scripts/fuzz.sh 20

step "browser tests (private network namespace)"
cargo build -p agent-gateway
# Everything the namespace needs is fetched and built first: it has no
# network, and wasm-pack's `cargo metadata` wants every platform's crates.
cargo fetch
cargo test --target wasm32-unknown-unknown --no-run
if [[ "$(id -u)" == 0 ]]; then userns=(); else userns=(-r); fi
unshare "${userns[@]}" -n -p -f --mount-proc scripts/test-browser.sh
