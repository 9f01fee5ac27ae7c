#!/usr/bin/env bash
# Installs (only what is missing) the toolchain that builds and tests DevOps Lab,
# and puts ~/.cargo/bin and node_modules/.bin (npm's wasm-opt 132) on PATH.
#
#   bash scripts/setup.sh          # install what is missing
#   source scripts/setup.sh        # same, and keep the PATH in this shell
#
# Idempotent and quiet on a warm machine (one summary line). Knobs:
#   SETUP_BROWSER=0   skip Debian's chromium + chromium-driver (e.g. for serve.sh)
#   SETUP_QUIET=1     no summary line when nothing had to be installed
#
# Versions: trunk 0.21.14 (0.22 needs a newer rustc); wasm-bindgen-cli = the
# wasm-bindgen version in Cargo.lock; binaryen 132 and playwright-core from the
# committed package-lock.json. Playwright never downloads a browser here: the
# e2e test drives /usr/bin/chromium.
# Sourcing never leaks `set -e` into the caller: the work runs in a subshell.

_DEVOPS_LAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# PATH first, in the caller's shell, so that the checks below and the caller
# both see the same tools. Prepend only once.
case ":${PATH}:" in *":${HOME}/.cargo/bin:"*) ;; *) PATH="${HOME}/.cargo/bin:${PATH}" ;; esac
case ":${PATH}:" in *":${_DEVOPS_LAB_ROOT}/node_modules/.bin:"*) ;; *) PATH="${_DEVOPS_LAB_ROOT}/node_modules/.bin:${PATH}" ;; esac
export PATH

_devops_lab_setup() (
  set -euo pipefail
  cd "$_DEVOPS_LAB_ROOT"

  TRUNK_VERSION="0.21.14"
  WASM_OPT_VERSION="132"
  started=$SECONDS
  installed_any=0

  say() { printf 'setup: %s\n' "$*"; }
  die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

  # run_install "what" "rough time" cmd... : prints what and how long it took.
  run_install() {
    local what=$1 eta=$2 t0=$SECONDS
    shift 2
    say "installing ${what} (usually ${eta} on 2 cores): $*"
    "$@" || die "install of ${what} failed: $*"
    say "installed ${what} in $((SECONDS - t0)) s"
    installed_any=1
  }

  # If another `cargo install <crate>` is already running (a background
  # install, another terminal), wait for it instead of starting a second one.
  wait_for_running_cargo_install() {
    local crate=$1 waited=0
    while pgrep -f "cargo install.* ${crate}(@| |$)" >/dev/null 2>&1; do
      if [ $((waited % 60)) -eq 0 ]; then
        say "a 'cargo install ${crate}' is already running; waiting for it (${waited} s so far)"
      fi
      sleep 5
      waited=$((waited + 5))
      [ "$waited" -lt 3600 ] || die "gave up waiting for the running 'cargo install ${crate}'"
    done
  }

  command -v rustup >/dev/null || die "rustup not found (expected in ~/.cargo/bin)"
  command -v cargo >/dev/null || die "cargo not found"
  command -v node >/dev/null || die "node not found"
  command -v npm >/dev/null || die "npm not found"

  # --- Rust target and components -------------------------------------------
  if ! rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
    run_install "rust target wasm32-unknown-unknown" "~30 s" rustup target add wasm32-unknown-unknown
  fi
  components=$(rustup component list --installed 2>/dev/null || true)
  for c in rustfmt clippy; do
    if ! grep -q "^${c}" <<<"$components"; then
      run_install "rustup component ${c}" "~10 s" rustup component add "$c"
    fi
  done

  # --- trunk ------------------------------------------------------------------
  trunk_ok() { [ "$(trunk --version 2>/dev/null || true)" = "trunk ${TRUNK_VERSION}" ]; }
  if ! trunk_ok; then
    wait_for_running_cargo_install trunk
    if ! trunk_ok; then
      run_install "trunk ${TRUNK_VERSION}" "~13 min" \
        cargo install --locked "trunk@${TRUNK_VERSION}"
      trunk_ok || die "trunk --version is '$(trunk --version 2>&1 || true)', expected 'trunk ${TRUNK_VERSION}'"
    fi
  fi

  # --- wasm-bindgen-cli (same version as the wasm-bindgen crate in Cargo.lock) -
  [ -f Cargo.lock ] || die "Cargo.lock not found in ${_DEVOPS_LAB_ROOT}"
  WBG_VERSION=$(awk '
    /^\[\[package\]\]/ { name = "" }
    /^name = "wasm-bindgen"$/ { name = "wasm-bindgen"; next }
    name == "wasm-bindgen" && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock)
  [ -n "$WBG_VERSION" ] || die "no wasm-bindgen package found in Cargo.lock"
  wbg_ok() {
    [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen ${WBG_VERSION}" ] &&
      command -v wasm-bindgen-test-runner >/dev/null
  }
  if ! wbg_ok; then
    wait_for_running_cargo_install wasm-bindgen-cli
    if ! wbg_ok; then
      # No --locked: 0.2.130's own lockfile pins a webpki-roots release that
      # the registry does not have (see shared/TOOLCHAIN.md).
      run_install "wasm-bindgen-cli ${WBG_VERSION}" "~7 min" \
        cargo install "wasm-bindgen-cli@${WBG_VERSION}"
      wbg_ok || die "wasm-bindgen --version is '$(wasm-bindgen --version 2>&1 || true)', expected 'wasm-bindgen ${WBG_VERSION}'"
    fi
  fi

  # --- Chromium + chromedriver (Debian) ---------------------------------------
  if [ "${SETUP_BROWSER:-1}" != "0" ]; then
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
      sudo=()
      if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
      run_install "package lists (apt-get update)" "~15 s" \
        "${sudo[@]}" apt-get update -qq
      run_install "chromium and chromium-driver (Debian)" "~70 s" \
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq chromium chromium-driver
      if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        die "chromium/chromedriver still missing after apt-get install"
      fi
    fi
  fi

  # --- npm packages: binaryen (wasm-opt) and playwright-core --------------------
  [ -f package-lock.json ] || die "package-lock.json not found in ${_DEVOPS_LAB_ROOT}"
  # npm ci writes node_modules/.package-lock.json; older than the committed
  # lockfile (or missing) means node_modules is stale.
  # A node_modules that is a link (a git worktree sharing the main checkout's) is that
  # checkout's to keep current: npm ci through the link would empty it under the other checkout.
  if [ ! -L node_modules ] && { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    run_install "npm packages from package-lock.json" "~5 s" \
      npm ci --no-audit --no-fund --loglevel=error
  fi
  wasm_opt_version=$(node_modules/.bin/wasm-opt --version 2>/dev/null || true)
  case "$wasm_opt_version" in
    *"version ${WASM_OPT_VERSION} "* | *"version ${WASM_OPT_VERSION}") ;;
    *) die "node_modules/.bin/wasm-opt --version says '${wasm_opt_version}', expected version ${WASM_OPT_VERSION}" ;;
  esac
  first_wasm_opt=$(command -v wasm-opt || true)
  if [ "$first_wasm_opt" != "${_DEVOPS_LAB_ROOT}/node_modules/.bin/wasm-opt" ]; then
    die "the first wasm-opt on PATH is '${first_wasm_opt}', not node_modules/.bin/wasm-opt"
  fi

  # --- Template fixtures: real templates written by others, for the validator's tests ---
  # cfn-lint's own test templates, from its pinned source release on PyPI (checked by
  # SHA-256), unpacked under target/fixtures (never committed).
  CFN_LINT_VERSION="1.58.0"
  CFN_LINT_SHA256="ba02cd7f7e06c8bc160936051a03ec931af52943fcc9cc72ad2748caa0f2a103"
  fixtures="target/fixtures/cfn_lint-${CFN_LINT_VERSION}"
  if [ ! -d "${fixtures}/test/fixtures/templates/good" ]; then
    command -v python3 >/dev/null || die "python3 not found (needed to download the template fixtures)"
    mkdir -p target/fixtures
    archive="target/fixtures/cfn_lint-${CFN_LINT_VERSION}.tar.gz"
    if [ ! -f "$archive" ]; then
      run_install "cfn-lint ${CFN_LINT_VERSION} source release (template fixtures)" "~5 s" \
        python3 -m pip download --quiet --no-deps --no-binary :all: -d target/fixtures "cfn-lint==${CFN_LINT_VERSION}"
    fi
    echo "${CFN_LINT_SHA256}  ${archive}" | sha256sum -c --quiet - || die "${archive} does not have the expected SHA-256"
    tar -xzf "$archive" -C target/fixtures "cfn_lint-${CFN_LINT_VERSION}/test/fixtures/templates/good"
  fi

  if [ "$installed_any" = 1 ] || [ "${SETUP_QUIET:-0}" != "1" ]; then
    say "ready in $((SECONDS - started)) s: $(trunk --version), wasm-bindgen ${WBG_VERSION}, wasm-opt ${WASM_OPT_VERSION}$(
      [ "${SETUP_BROWSER:-1}" = "0" ] || printf ', %s' "$(/usr/bin/chromium --version 2>/dev/null | awk '{print $1, $2}')")"
  fi
)

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: keep PATH in the caller; return the status, never exit its shell.
  _devops_lab_setup
  return $?
else
  set -euo pipefail
  _devops_lab_setup
fi
