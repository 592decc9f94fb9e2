#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS from its seeds: run-fuzz.sh BUILD SECONDS TARGET...
# FUZZ_JOBS targets run at once (default: the number of cores). The corpus each run grows
# is kept in BUILD/corpus/<target> and reused by the next run. Exits 1 naming the targets
# that crashed, leaked, timed out or tripped a sanitizer; the input is in BUILD/artifacts/:
# add it to tests/fuzz/<target>/ with the fix.
set -uo pipefail
build=$1 seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${FUZZ_JOBS:-$(nproc)}
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
declare -A seeds=(
  [text]="$root/samples $root/fuzz/seeds/text"
  [jsonl]="$root/fuzz/seeds/jsonl" [warc]="$root/fuzz/seeds/warc"
  [rules]="$root/fuzz/seeds/rules" [config]="$root/fuzz/seeds/config"
  [html]="$root/samples $root/fuzz/seeds/html"
  [regex]="$root/fuzz/seeds/regex"
)
mkdir -p "$build/artifacts"

fuzz() {
  local t=$1 corpus="$build/corpus/$1"
  mkdir -p "$corpus"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one using 2 GB is a bomb.
  # shellcheck disable=SC2086
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
    "$corpus" "$root/tests/fuzz/$t" ${seeds[$t]} > "$build/fuzz_$t.log" 2>&1
}

declare -A pids=()
for t in "$@"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  echo "fuzz_$t: ${seconds}s" >&2
  fuzz "$t" &
  pids[$t]=$!
done
failed=()
for t in "$@"; do
  if ! wait "${pids[$t]}"; then
    failed+=("$t")
    tail -n 60 "$build/fuzz_$t.log" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz_$t.log" | tail -n 1)
  echo "fuzz_$t: ${runs:-?} inputs in ${seconds}s" >&2
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz: $* ran ${seconds}s each, no finding" >&2
