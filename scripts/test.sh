#!/usr/bin/env bash
# Runs every test: native Rust (unit, integration, property, doc, CLI), clippy and rustfmt,
# the wasm binding in Node and in headless Chromium, the `dom` feature in headless Chromium,
# the packed npm package in a scratch consumer project (Node tests + tsc), and the demo page
# in Chromium via Playwright.
# Installs what is missing first (idempotent).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Stage timing: `stage NAME` ends the previous stage and starts the next; at exit (pass or
# fail) one line per stage with its seconds, so the next person sees where the minutes go.
STAGE_NAMES=()
STAGE_SECS=()
STAGE_NAME=""
STAGE_START=0
RUN_START=$(date +%s)
stage_end() {
  if [ -n "$STAGE_NAME" ]; then
    STAGE_NAMES+=("$STAGE_NAME")
    STAGE_SECS+=($(($(date +%s) - STAGE_START)))
    STAGE_NAME=""
  fi
}
stage() {
  stage_end
  STAGE_NAME="$*"
  STAGE_START=$(date +%s)
  say "$*"
}
stage_report() {
  local status=$?
  stage_end
  printf '\n%s\n' "stage times (seconds):" >&2
  for i in "${!STAGE_NAMES[@]}"; do
    printf '%6d  %s\n' "${STAGE_SECS[$i]}" "${STAGE_NAMES[$i]}" >&2
  done
  printf '%6d  %s\n' "$(($(date +%s) - RUN_START))" "total ($([ "$status" = 0 ] && echo passed || echo "FAILED, exit $status"))" >&2
}
trap stage_report EXIT

stage "checking tools"
# A run from a fresh clone writes about 5 GB (target/, fuzz/target/, node_modules/). With
# too little room the linker dies with a bus error halfway through: say so up front.
free_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ -n "$free_kb" ] && [ "$free_kb" -lt 6000000 ]; then
  echo "warning: $((free_kb / 1024)) MB free on this disk; a run from a fresh clone writes about 5 GB" >&2
fi
ensure_rust_wasm
ensure_chromium
ensure_node_deps
if ! cargo clippy --version >/dev/null 2>&1; then rustup component add clippy; fi
if ! cargo fmt --version >/dev/null 2>&1; then rustup component add rustfmt; fi

stage "rustfmt and clippy"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features tools --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --quiet -- -D warnings
cargo clippy --lib --test dom --target wasm32-unknown-unknown --no-default-features --features dom --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features rewrite --quiet -- -D warnings

stage "native tests (unit, integration, properties, CLI, doc examples)"
cargo test
stage "the conversion-only library (no features) builds and its doc examples run"
cargo test --no-default-features --doc --quiet

stage "fuzz targets compile (fuzzing itself: bash scripts/fuzz.sh)"
cargo check --manifest-path fuzz/Cargo.toml --quiet

stage "wasm-bindgen tests in Node"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test --target wasm32-unknown-unknown --no-default-features --features tools --test wasm

stage "wasm-bindgen tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
  cargo test --target wasm32-unknown-unknown --no-default-features --features tools --test wasm

stage "the dom feature (afflink::dom) in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
  cargo test --target wasm32-unknown-unknown --no-default-features --features dom --test dom

stage "building the package and the demo site"
bash scripts/build.sh

stage "sizes"
node scripts/size.mjs --check

stage "packing the npm package and installing it into a scratch consumer project"
rm -rf target/consumer target/npm
mkdir -p target/npm
(cd pkg && npm pack --silent --pack-destination ../target/npm >/dev/null)
TARBALL="$(ls "$ROOT"/target/npm/afflink-*.tgz)"
cp -R tests/consumer target/consumer
cp -R tests/js target/consumer/js
cp -R tests/cases target/consumer/cases
(cd target/consumer && npm install --no-audit --no-fund --loglevel=error "$TARBALL")
node scripts/check-pack.mjs "$TARBALL"
# The package's metadata (publint: no error or warning) and its types for ESM consumers of
# both entries (are-the-types-wrong; CommonJS `require` is out of scope: the package is ESM).
node_modules/.bin/publint pkg --strict
node_modules/.bin/attw "$TARBALL" --profile esm-only --entrypoints . ./rewrite ./wasm

stage "JS tests against the installed package (Node)"
(cd target/consumer && node --test js/)

stage "TypeScript consumer type-checks (tsc --noEmit)"
(cd target/consumer && node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json)

stage "release checks: cargo publish --dry-run, npm publish --dry-run"
# Packages the crate as crates.io would and builds it from the package (an uncommitted tree
# is allowed: the check is the package, not the git state); packs the npm package as the
# registry would. Nothing is uploaded.
if ! cargo publish --dry-run --allow-dirty > target/publish-crate.log 2>&1; then
  cat target/publish-crate.log >&2
  exit 1
fi
(cd pkg && npm publish --dry-run --loglevel=error > ../target/publish-npm.log 2>&1) || {
  cat target/publish-npm.log >&2
  exit 1
}

stage "the plain-JS benchmark baseline still passes every shared case"
node benches/baseline/check.mjs

stage "demo page in headless Chromium (Playwright)"
node --test tests/e2e/

stage_end
say "all tests passed"
