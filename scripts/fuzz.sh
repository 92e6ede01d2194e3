#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 60), seeded from the shared test data.
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]
# Needs the nightly toolchain (on these machines) and cargo-fuzz (installed if missing).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(classify tracking_params build_links postback estimate)
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
say "seeding the corpora from tests/cases/"
node scripts/fuzz-seed.mjs
for t in "${TARGETS[@]}"; do
  say "fuzzing $t for ${SECONDS_EACH}s"
  mkdir -p "fuzz/artifacts/$t"
  cargo +nightly fuzz run "$t" "target/fuzz-corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -max_len=8192 -print_final_stats=1 2>&1 | tee "target/fuzz-$t.log" | grep -E "^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|==[0-9]+==|SUMMARY)" || true
  if [ "${PIPESTATUS[0]}" != 0 ]; then
    say "fuzz target $t FAILED: see target/fuzz-$t.log and fuzz/artifacts/$t/"
    exit 1
  fi
done
say "fuzzing finished without findings"
