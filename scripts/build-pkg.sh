#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen glue,
# wasm-opt, the ES module entry, the script-tag build and the typings.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  echo "wasm-bindgen $WASM_BINDGEN_VERSION is missing: run scripts/install-tools.sh" >&2
  exit 1
fi

cargo build --lib --release --target wasm32-unknown-unknown
# Honour CARGO_TARGET_DIR, so worktrees building into their own target
# directories package what they just built.
target_dir=${CARGO_TARGET_DIR:-target}
rm -rf pkg
mkdir -p pkg/wasm
wasm-bindgen --target web --out-dir pkg/wasm "$target_dir/wasm32-unknown-unknown/release/agent_sdk.wasm"

# AgentSDK has a private constructor and only static members, so the
# instance `free()` and `[Symbol.dispose]()` wasm-bindgen declares for it can
# never be called; the latter also fails `tsc` for every consumer who checks
# library declarations (skipLibCheck: false) without the esnext.disposable
# lib, as Vite's own TypeScript template sets it up.
dts=pkg/wasm/agent_sdk.d.ts
sed -i -e '/^export class AgentSDK {$/,/^}$/{/^    free(): void;$/d;/^    \[Symbol\.dispose\](): void;$/d;}' "$dts"
if grep -q 'Symbol\.dispose\|^    free(): void;$' "$dts"; then
  echo "$dts: wasm-bindgen's AgentSDK declarations changed; update the edit above" >&2
  exit 1
fi

# Debian's binaryen is too old for this module; the npm one is pinned in package.json.
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/wasm/agent_sdk_bg.wasm -o pkg/wasm/agent_sdk_bg.wasm

# Comments out of every shipped JavaScript file (the typings keep the docs).
# The glue first: pkg-global.mjs then loads the stripped glue, which checks
# that it still runs.
node scripts/strip-comments.mjs pkg/wasm/agent_sdk.js pkg/wasm/snippets/*/src/web/*.js
cp pkg-template/package.json pkg-template/index.js pkg-template/index.d.ts pkg-template/agent-sdk.global.d.ts \
  pkg-template/LICENSE pkg/
cp pkg-template/README.md pkg/ 2>/dev/null || cp README.md pkg/
node scripts/pkg-global.mjs pkg
node scripts/strip-comments.mjs pkg/index.js pkg/agent-sdk.global.js

echo "pkg/ built: $(gzip -9c pkg/wasm/agent_sdk_bg.wasm | wc -c) bytes of wasm gzipped"
