#!/usr/bin/env bash
# The test command: `bash scripts/test.sh`. Installs what is missing
# (scripts/setup.sh), then runs, stopping at the first failure:
#   fmt, clippy (native), clippy (wasm32), cargo test (native),
#   browser tests (wasm32, headless Chromium), trunk release build,
#   size report, end-to-end test (last: its summary is the final line).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

T0=$SECONDS
FMT_COLOR=auto
if [ "${CI:-}" = "true" ]; then
  export CARGO_TERM_COLOR=never
  FMT_COLOR=never # rustfmt colours its diff even into a file otherwise
fi
# Browser tests: the runner finds chromedriver on PATH; be explicit anyway.
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# A cold Chromium start plus a large test module can exceed the runner's 20 s.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"

echo "==> [0/8] setup (installs only what is missing)"
t=$SECONDS
# shellcheck disable=SC1091 # scripts/setup.sh, checked on its own
source scripts/setup.sh
echo "    setup: $((SECONDS - t)) s"

STAGE_NO=0
STAGE_COUNT=8
stage() {
  local name=$1 t0=$SECONDS rc=0
  shift
  STAGE_NO=$((STAGE_NO + 1))
  echo
  echo "==> [${STAGE_NO}/${STAGE_COUNT}] ${name}: $*"
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAILED: ${name} (exit ${rc}) after $((SECONDS - t0)) s; total $((SECONDS - T0)) s" >&2
    exit "$rc"
  fi
  echo "    ${name}: $((SECONDS - t0)) s"
}

stage "format" cargo fmt --all -- --check --color "$FMT_COLOR"
stage "clippy native" cargo clippy --workspace --all-targets --all-features -- -D warnings
stage "clippy wasm32" cargo clippy --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings
stage "unit tests native" cargo test --workspace --all-features
stage "browser tests wasm32" cargo test --target wasm32-unknown-unknown
stage "release build" trunk build index.html --release
stage "size report" node scripts/size-report.mjs dist --budget 350 --baseline scripts/size-baseline.json

# Last stage: no line after it, so the e2e summary ("e2e: N passed, N failed")
# closes the output. The harness prints its own elapsed time before that line.
STAGE_NO=$((STAGE_NO + 1))
echo
echo "==> [${STAGE_NO}/${STAGE_COUNT}] end-to-end: node tests/e2e/run.mjs (elapsed so far $((SECONDS - T0)) s)"
exec node tests/e2e/run.mjs
