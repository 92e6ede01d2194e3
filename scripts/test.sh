#!/usr/bin/env bash
# Runs every test: native Rust (unit, integration, property, doc, CLI), clippy and rustfmt,
# the wasm binding in Node and in headless Chromium, the packed npm package in a scratch
# consumer project (Node tests + tsc), and the demo page in Chromium via Playwright.
# Installs what is missing first (idempotent).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

say "checking tools"
ensure_rust_wasm
ensure_chromium
ensure_node_deps
if ! cargo clippy --version >/dev/null 2>&1; then rustup component add clippy; fi
if ! cargo fmt --version >/dev/null 2>&1; then rustup component add rustfmt; fi

say "rustfmt and clippy"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features tools --quiet -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --quiet -- -D warnings

say "native tests (unit, integration, properties, CLI, doc examples)"
cargo test
say "the conversion-only library (no features) builds and its doc examples run"
cargo test --no-default-features --doc --quiet

say "fuzz targets compile (fuzzing itself: bash scripts/fuzz.sh)"
cargo check --manifest-path fuzz/Cargo.toml --quiet

say "wasm-bindgen tests in Node"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test --target wasm32-unknown-unknown --no-default-features --features tools --test wasm

say "wasm-bindgen tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 \
  cargo test --target wasm32-unknown-unknown --no-default-features --features tools --test wasm

say "building the package and the demo site"
bash scripts/build.sh

say "sizes"
node scripts/size.mjs --check

say "packing the npm package and installing it into a scratch consumer project"
rm -rf target/consumer target/npm
mkdir -p target/npm
(cd pkg && npm pack --silent --pack-destination ../target/npm >/dev/null)
TARBALL="$(ls "$ROOT"/target/npm/afflink-*.tgz)"
cp -R tests/consumer target/consumer
cp -R tests/js target/consumer/js
cp -R tests/cases target/consumer/cases
(cd target/consumer && npm install --no-audit --no-fund --loglevel=error "$TARBALL")
node scripts/check-pack.mjs "$TARBALL"

say "JS tests against the installed package (Node)"
(cd target/consumer && node --test js/)

say "TypeScript consumer type-checks (tsc --noEmit)"
(cd target/consumer && node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json)

say "the plain-JS benchmark baseline still passes every shared case"
node benches/baseline/check.mjs

say "demo page in headless Chromium (Playwright)"
node --test tests/e2e/

say "all tests passed"
