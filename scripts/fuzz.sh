#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 60), seeded from the shared test data.
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]
# Needs the nightly toolchain (on these machines) and cargo-fuzz (installed if missing).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(classify tracking_params build_links postback estimate convert rewrite)
# The longest input per target. URLs longer than MAX_URL_LEN (4096) are refused at once, so
# a little more than that covers every path; estimate inputs are a card and a few orders.
max_len() {
  case "$1" in
    estimate) echo 4096 ;;
    *) echo 4608 ;;
  esac
}
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
say "seeding the corpora from tests/cases/"
node scripts/fuzz-seed.mjs
for t in "${TARGETS[@]}"; do
  say "fuzzing $t for ${SECONDS_EACH}s"
  mkdir -p "fuzz/artifacts/$t" target/fuzz-logs
  # With pipefail the pipeline fails when cargo fuzz does (a crash or a broken invariant).
  status=0
  cargo +nightly fuzz run "$t" "target/fuzz-corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" -print_final_stats=1 2>&1 | tee "target/fuzz-logs/$t.log" |
    { grep -E "^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==|SUMMARY)" || true; } || status=$?
  if [ "$status" != 0 ]; then
    say "fuzz target $t FAILED: see target/fuzz-logs/$t.log and fuzz/artifacts/$t/"
    exit 1
  fi
done
say "fuzzing finished without findings"
