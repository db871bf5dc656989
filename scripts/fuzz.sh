#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 20) on the committed
# corpus, and fails on the first crash. A long run: scripts/fuzz.sh 3600.
# cargo-fuzz needs unstable compiler flags; RUSTC_BOOTSTRAP lets the one
# stable toolchain accept them for this build only.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_EACH="${1:-20}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.1
fi

export RUSTC_BOOTSTRAP=1
for target in $(cargo fuzz list); do
  echo "--- fuzz $target for ${SECONDS_EACH}s"
  # A scratch copy of the corpus: new inputs found in CI are not committed.
  scratch=$(mktemp -d)
  cp -r "corpus/$target/." "$scratch/" 2>/dev/null || true
  cargo fuzz run "$target" "$scratch" -- -max_total_time="$SECONDS_EACH" -print_final_stats=1 2>&1 \
    | grep -E "^(Done|stat::number_of_executed_units|==|SUMMARY)|panicked" || true
  rm -rf "$scratch"
  if ls "artifacts/$target"/crash-* >/dev/null 2>&1; then
    echo "crash found in $target:"; ls "artifacts/$target"; exit 1
  fi
done
