#!/usr/bin/env bash
# The main job: builds the SDK package and the gateway, then starts the
# Agent Gateway on 127.0.0.1 serving the demo agent desk.
# Usage: scripts/run.sh [PORT]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8080}"

scripts/install-tools.sh
scripts/build-pkg.sh
cargo build -p agent-gateway --profile gateway

cat <<MSG

  Agent desk:  http://127.0.0.1:$PORT/
  Sign in as tenant t1, agent 0001, session key dev-key-0001
  (more agents: 0000, 1001..1020 with dev-key-<agentNo>; see docs/gateway.md).
  Stop with Ctrl-C.

MSG
exec target/gateway/agent-gateway --host 127.0.0.1 --port "$PORT" --www www --pkg pkg
