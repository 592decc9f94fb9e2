#!/usr/bin/env bash
# Throughput of the default pipeline over a generated corpus of >= 200 MB.
# Usage: bench/run.sh BOILERSTRIP [MB]. The corpus is made once in bench/corpus/
# (delete it to make it again from the current samples and rule packs).
#
# Before any speed is reported, outputs are checked: the sample pages in the corpus must
# clean to their golden files, and every timed run must equal the reference run byte for
# byte. "stdout" runs measure the pipeline (all pages read, cleaned and written to one
# stream); "files" runs add one output file per page, which on small pages is mostly the
# file system's cost.
set -euo pipefail
bin=$(realpath "$1")
mb=${2:-200}
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus/$mb
text=$corpus/text
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f "$corpus/.done" ]; then
  rm -rf "$corpus"
  python3 "$here/make_corpus.py" "$corpus" --mb "$mb"
  touch "$corpus/.done"
fi
bytes=$(find "$text" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
pages=$(find "$text" -name '*.txt' | wc -l)

"$bin" clean "$text" -o "$work/reference" -j "$(nproc)" -q
for page in "$text"/samples/*.txt; do
  name=$(basename "$page" .txt)
  golden=$here/../samples/$name.expected.txt
  [ -f "$golden" ] || continue
  cmp -s "$work/reference/samples/$name.txt" "$golden" || { echo "FAIL: sample $name differs from its golden file" >&2; exit 1; }
done
"$bin" clean "$text" -j "$(nproc)" -q > "$work/reference.txt"

report() {  # mode threads start end
  awk -v b="$bytes" -v p="$pages" -v m="$1" -v t="$2" -v s="$3" -v e="$4" -v rss="$(cat "$work/rss")" 'BEGIN {
    secs = e - s; mbs = b / 1e6 / secs;
    printf "%-6s -j %d  %7.1f MB/s  %6.1f MB/s per core  %8.0f pages/s  %.0f MB in %.1f s  peak RSS %.0f MB\n",
           m, t, mbs, mbs / t, p / secs, b / 1e6, secs, rss / 1024 }'
}
for threads in 1 2; do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$bin" clean "$text" -j "$threads" -q > "$work/out.txt"
  end=$(date +%s.%N)
  cmp -s "$work/reference.txt" "$work/out.txt" || { echo "FAIL: stdout -j $threads differs from the reference run" >&2; exit 1; }
  report stdout "$threads" "$start" "$end"
done
for threads in 1 2; do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$bin" clean "$text" -o "$work/out" -j "$threads" -q
  end=$(date +%s.%N)
  diff -rq "$work/reference" "$work/out" >/dev/null || { echo "FAIL: files -j $threads differs from the reference run" >&2; exit 1; }
  report files "$threads" "$start" "$end"
done
