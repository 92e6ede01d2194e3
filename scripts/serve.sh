#!/usr/bin/env bash
# The main job: builds everything and serves the demo page on 127.0.0.1.
# Usage: bash scripts/serve.sh [PORT]   (default 8080; 0 picks a free port)
source "$(dirname "$0")/lib.sh"
bash "$ROOT/scripts/build.sh"
if ! command -v node >/dev/null; then apt_install nodejs; fi
exec node "$ROOT/scripts/serve.mjs" "$ROOT/dist" "${1:-${PORT:-8080}}"
