#!/usr/bin/env bash
# Builds the two WebAssembly modules, the npm package (pkg/) and the static site (dist/).
#
# - The full build (feature `tools`): the npm package in pkg/, used by the demo tools.
# - The conversion-only build (no features): dist/convert/, all a blog page that only
#   converts links loads (see docs/WIDGET.md).
#
# Both modules are built at `opt-level = "z"`, the afflink crate too (Cargo.toml gives it
# opt-level 3 for native builds only). The full module adds the feature `speed` (nightly):
# the classifier's hot path is `#[optimize(speed)]` (+1.2 KB brotli, `classifyUrls` about a
# quarter faster; docs/BENCHMARKS.md). The conversion-only module does not carry it.
#
# The npm package's Node entry loads a third build of the full module, for speed: the afflink
# crate at `opt-level = 3` (pkg/afflink_wasm_node.wasm, about 770 KB raw against 566 KB; the
# WebAssembly batch call about a sixth faster). Node reads it from disk, so its size costs no
# download; browsers and bundlers keep the size-built module. Its wasm-bindgen glue must be
# the same file as the size-built module's (checked below): one glue serves both.
#
# Release modules are built with the nightly toolchain's `-Z build-std` and
# `-C panic=immediate-abort`, which drops the panic-message machinery (measured: the
# conversion-only module 48,568 → 42,650 B brotli). The core never panics; an abort would
# trap the module, which the JavaScript side reports. Nor do they carry the file, line and
# column of the code that would panic (`-Z location-detail=none`): an abort prints nothing,
# and a line added to a source file no longer changes the modules' bytes (measured: the
# conversion-only module 45,136 → 44,996 B brotli).
source "$(dirname "$0")/lib.sh"
ensure_rust_wasm
ensure_nightly_build_std
ensure_node_deps
cd "$ROOT"

# Source paths that end up in the module (the standard library's and the crates' file names)
# are remapped to fixed prefixes, so that the module's size does not depend on where the
# project, the toolchain or the crate registry live (a longer clone path once cost 124 bytes).
SYSROOT="$(rustc +nightly --print sysroot)"
CARGO_DIR="${CARGO_HOME:-$HOME/.cargo}"
REMAP="--remap-path-prefix=$ROOT=/afflink --remap-path-prefix=$SYSROOT=/rust --remap-path-prefix=$CARGO_DIR=/cargo"

build_wasm() { # $1: target dir, $2…: cargo feature arguments
  local dir="$1"
  shift
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none $REMAP" \
    cargo +nightly build --quiet --lib --release --target wasm32-unknown-unknown \
    -Z build-std=std,panic_abort --target-dir "$dir" --no-default-features \
    --config 'profile.release.package.afflink.opt-level="z"' "$@"
}

say "building the WebAssembly modules (release): full, conversion-only, rewrite (Node only), full for Node"
# The full module's standard library (core, alloc, compiler_builtins: memcmp, memcpy, UTF-8
# checks) at `opt-level = 3` too: `classifyUrls` a further 7 % faster for +974 B brotli.
STD_AT_3=(
  --config 'profile.release.package.core.opt-level=3'
  --config 'profile.release.package.alloc.opt-level=3'
  --config 'profile.release.package.compiler_builtins.opt-level=3'
)
build_wasm target/wasm-full --features tools,speed "${STD_AT_3[@]}"
build_wasm target/wasm-convert
build_wasm target/wasm-rewrite --features rewrite
# The Node module (see the top). Its dependencies are built as for the full module (the same
# flags): a first build starts from a copy of that target folder and compiles only the
# afflink crate again (about 20 s instead of about 90).
[ -d target/wasm-node ] || cp -a target/wasm-full target/wasm-node
build_wasm target/wasm-node --features tools "${STD_AT_3[@]}" \
  --config 'profile.release.package.afflink.opt-level=3'

say "assembling the npm package in pkg/"
rm -rf pkg
wasm-bindgen target/wasm-full/wasm32-unknown-unknown/release/afflink.wasm \
  --out-dir pkg --out-name afflink_wasm --target web \
  --no-typescript --remove-name-section --remove-producers-section
# The package's `afflink/rewrite` entry: a module of its own, for Node build pipelines.
wasm-bindgen target/wasm-rewrite/wasm32-unknown-unknown/release/afflink.wasm \
  --out-dir pkg --out-name afflink_rewrite --target web \
  --no-typescript --remove-name-section --remove-producers-section
# The Node entry's module (see the top): the same exports, so the same glue.
rm -rf target/wasm-node/bindgen
wasm-bindgen target/wasm-node/wasm32-unknown-unknown/release/afflink.wasm \
  --out-dir target/wasm-node/bindgen --out-name afflink_wasm --target web \
  --no-typescript --remove-name-section --remove-producers-section
if ! cmp -s target/wasm-node/bindgen/afflink_wasm.js pkg/afflink_wasm.js; then
  echo "build: the Node module's glue differs from the browser module's (pkg/afflink_wasm.js)" >&2
  exit 1
fi
cp target/wasm-node/bindgen/afflink_wasm_bg.wasm pkg/afflink_wasm_node.wasm
cp js/api.js js/init.js js/node.js js/browser.js js/afflink.d.ts js/wasm.d.ts js/package.json js/README.md pkg/
cp js/rewrite.js js/rewrite.d.ts LICENSE-MIT LICENSE-APACHE pkg/

say "assembling the demo site in dist/"
rm -rf dist
# www/ is organised in folders (widget/, elements/<name>/, elements/shared/, demo/); the site
# is one flat folder, so every URL a blog uses stays the same (scripts/flatten-www.mjs).
node scripts/flatten-www.mjs www dist
# The loader is one classic script with the converter's page side (afflink-links.js) bundled
# in: a page with product links fetches one file fewer before its links are read. The module
# afflink-links.js stays in the site for loaders of earlier builds, which import it.
node_modules/.bin/esbuild www/widget/afflink.js --bundle --format=iife --legal-comments=inline \
  --log-level=warning --outfile=dist/afflink.js
cp -R pkg dist/pkg
# No page loads the rewrite module (it is for Node): the site does not carry it.
rm -f dist/pkg/afflink_rewrite.js dist/pkg/afflink_rewrite_bg.wasm dist/pkg/rewrite.js dist/pkg/rewrite.d.ts
# Nor does it load the Node entry and its module.
rm -f dist/pkg/node.js dist/pkg/afflink_wasm_node.wasm
wasm-bindgen target/wasm-convert/wasm32-unknown-unknown/release/afflink.wasm \
  --out-dir dist/convert --out-name afflink_convert --target web \
  --no-typescript --remove-name-section --remove-producers-section
node scripts/flatten-www.mjs --check dist

say "minifying the site's scripts (terser)"
# www/ and pkg/ keep the readable sources; the site in dist/ is minified: the loader (a
# classic script) and every module (the converter, its worker, the tools, the glue).
TERSER="$ROOT/node_modules/.bin/terser"
"$TERSER" dist/afflink.js --compress --mangle --comments '/^!/' -o dist/afflink.js
find dist -name '*.js' ! -path dist/afflink.js -print0 | while IFS= read -r -d '' f; do
  "$TERSER" "$f" --module --compress --mangle --comments '/^!/' -o "$f"
done

# Explicit compile hints (V8, Chromium 136 and later; other engines ignore the comment): the
# loader's functions, and the glue's for the page-thread path, are compiled with the script
# on the streaming thread instead of one by one on the page's thread when first called.
# Measured on the same-origin 1,000-link page, old files against new, alternating, 8 and 10
# pairs: 24.2 -> 21.8 and 29.3 -> 24.7 ms of main-thread time.
for f in dist/afflink.js dist/convert/afflink_convert.js; do
  { printf '//# allFunctionsCalledOnLoad\n'; cat "$f"; } > "$f.tmp" && mv "$f.tmp" "$f"
done

say "the versioned CDN folder (dist/cdn/afflink@VERSION/, with sri.json)"
node scripts/cdn.mjs dist
