#!/usr/bin/env bash
# Runs the app locally: `bash scripts/serve.sh`, then open http://127.0.0.1:8080/
# Rebuilds and reloads on change (trunk serve). Extra arguments go to trunk,
# e.g. `bash scripts/serve.sh --release`. PORT=9000 picks another port.
# Browser set-up (Chromium, for the tests only) is skipped unless SETUP_BROWSER=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export SETUP_BROWSER="${SETUP_BROWSER:-0}"
# shellcheck disable=SC1091 # scripts/setup.sh, checked on its own
source scripts/setup.sh

exec trunk serve --address 127.0.0.1 --port "${PORT:-8080}" index.html "$@"
