#!/usr/bin/env bash
# Builds the WebAssembly npm package into pkg/ and the static demo site into dist/.
source "$(dirname "$0")/lib.sh"
ensure_rust_wasm
cd "$ROOT"

say "building the WebAssembly module (release)"
cargo build --lib --release --target wasm32-unknown-unknown --no-default-features

say "assembling the npm package in pkg/"
rm -rf pkg
wasm-bindgen target/wasm32-unknown-unknown/release/afflink.wasm \
  --out-dir pkg --out-name afflink_wasm --target web \
  --no-typescript --remove-name-section --remove-producers-section
cp js/api.js js/init.js js/node.js js/browser.js js/afflink.d.ts js/package.json js/README.md pkg/

say "assembling the demo site in dist/"
rm -rf dist
mkdir -p dist
cp -R www/. dist/
cp -R pkg dist/pkg
