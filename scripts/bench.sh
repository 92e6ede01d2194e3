#!/usr/bin/env bash
# The benchmark of issue 6: builds in release mode, then measures classification, deep
# links, commission estimation, the blog widget and the sizes in one run on this machine.
# Prints the table, writes benches/results.json and rewrites the table in
# docs/BENCHMARKS.md. See docs/BENCHMARKS.md.
#
#   bash scripts/bench.sh                 # the full run (about 4 minutes after the build)
#   BENCH_QUICK=1 bash scripts/bench.sh   # a tenth of the work; writes target/bench/ only
source "$(dirname "$0")/lib.sh"
ensure_node_deps
ensure_chromium
cd "$ROOT"

bash scripts/build.sh

say "building the native examples (release): estimation, real-world classification"
cargo build --release --example bench_estimate --example bench_classify

say "running the benchmark"
node benches/bench.mjs "$@"
