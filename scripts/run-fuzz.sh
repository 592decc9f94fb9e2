#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS from its seeds: run-fuzz.sh BUILD SECONDS TARGET...
# The corpus each run grows is kept in BUILD/corpus/<target> and reused by the next run.
# Exits 1 naming the targets that crashed, leaked, timed out or tripped a sanitizer; the
# input is in BUILD/artifacts/: add it to tests/fuzz/<target>/ with the fix.
set -uo pipefail
build=$1 seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
declare -A seeds=(
  [text]="$root/samples $root/fuzz/seeds/text"
  [jsonl]="$root/fuzz/seeds/jsonl" [warc]="$root/fuzz/seeds/warc"
  [rules]="$root/fuzz/seeds/rules" [config]="$root/fuzz/seeds/config"
)
failed=()
mkdir -p "$build/artifacts"
for t in "$@"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  echo "fuzz_$t: ${seconds}s" >&2
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one using 2 GB is a bomb.
  # shellcheck disable=SC2086
  if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
      "$corpus" $root/tests/fuzz/$t ${seeds[$t]} 2> "$build/fuzz_$t.log"; then
    failed+=("$t")
    tail -n 60 "$build/fuzz_$t.log" >&2
  fi
  grep -E '^stat::number_of_executed_units|^Done|^#[0-9]+.*DONE' "$build/fuzz_$t.log" | tail -n 2 >&2
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz: $* ran ${seconds}s each, no finding" >&2
