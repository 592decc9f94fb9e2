#!/usr/bin/env bash
# Throughput of the default pipeline over a generated corpus, per format and thread count.
# Usage: bench/run.sh BOILERSTRIP [MB [RUNS]]   (default 1024 MB, 1 run; make bench: 3). With RUNS > 1
# every figure is the fastest of RUNS runs, made in rounds of every configuration: on a
# shared VM whose speed moves from one minute to the next, the fastest run is the one
# least slowed by others. The corpus is made once in
# bench/corpus/MB/ by make_corpus.py: the same pages as text files, JSONL parts and WET.gz
# parts (delete the folder to make it again).
#
# Before any figure is printed, outputs are checked: the sample pages in the corpus must
# clean to their golden files in every format, and the -j 2 run of each format must equal
# the -j 1 run byte for byte. "text stdout" measures the pipeline (pages read, cleaned and
# written to one stream); "text files" adds one output file per page, mostly the file
# system's cost on small pages. MB/s counts the pages' text, so formats compare; "input"
# is the bytes read from disk.
set -euo pipefail
bin=$(realpath "$1")
mb=${2:-1024}
runs=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus/$mb
# Outputs go to memory (/dev/shm) when it has room for three times the corpus: on ext4,
# creating many files within a minute or more of deleting many (an earlier run's
# outputs) is several times slower, which made "text files" measure the last run's
# clean-up. BENCH_TMP=DIR puts them elsewhere.
tmp_parent=${BENCH_TMP:-}
if [ -z "$tmp_parent" ] && [ -d /dev/shm ] &&
   [ "$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')" -gt $((3 * mb * 1024)) ]; then
  tmp_parent=/dev/shm
fi
work=$(mktemp -d -p "${tmp_parent:-${TMPDIR:-/tmp}}")
in_memory=0
[ "$(stat -f -c %T "$work")" = tmpfs ] && in_memory=1
trap 'rm -rf "$work"' EXIT

if [ ! -f "$corpus/.done" ]; then
  rm -rf "$corpus"
  python3 "$here/make_corpus.py" "$corpus" --mb "$mb"
  touch "$corpus/.done"
fi
text_bytes=$(find "$corpus/text" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
pages=$(find "$corpus/text" -name '*.txt' | wc -l)

fail() { echo "FAIL: $*" >&2; exit 1; }

# Golden samples, in the text output and in the records of JSONL and WET outputs.
check_samples() {  # format output
  python3 - "$1" "$2" "$here/../samples" <<'PY'
import gzip, json, pathlib, sys
fmt, out, samples = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
golden = {p.name[:-len(".expected.txt")]: p.read_text() for p in samples.glob("*.expected.txt")
          if p.with_name(p.name[:-len(".expected.txt")] + ".txt").exists()}  # the corpus has the text samples
found = {}
if fmt == "text":
    for name in golden:
        found[name] = (out / "samples" / f"{name}.txt").read_text()
else:
    for part in sorted(out.iterdir()):
        data = gzip.decompress(part.read_bytes()) if part.name.endswith(".gz") else part.read_bytes()
        for line in data.decode().splitlines():
            record = json.loads(line)
            if record["id"].startswith("sample-"):
                found[record["id"][len("sample-"):]] = record["text"]
            elif "samples.invalid/" in record.get("url", ""):
                found[record["url"].rsplit("/", 1)[1]] = record["text"]
bad = [n for n in golden if found.get(n) != golden[n]]
if bad:
    sys.exit(f"FAIL: {fmt}: samples differ from their golden files: {bad}")
PY
}

results=()
line() {  # label threads secs rss input_bytes
  awk -v l="$1" -v t="$2" -v s="$3" -v rss="$4" -v b="$text_bytes" -v in_b="$5" -v p="$pages" 'BEGIN {
    mbs = b / 1e6 / s;
    printf "%-12s -j %d  %7.1f MB/s  %6.1f MB/s per core  %7.1f MB/s input  %8.0f docs/s  %6.1f s  peak RSS %4.0f MB\n",
           l, t, mbs, mbs / t, in_b / 1e6 / s, p / s, s, rss / 1024 }'
}

input_size() { du -sb "$1" | cut -f1; }

# The fastest time (s) and largest peak RSS (KB) of each configuration, by name.
declare -A best_secs best_rss
# Times one run of "$@" as configuration $1.
measure() {
  local name=$1 start end s
  shift
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$@"
  end=$(date +%s.%N)
  s=$(echo "$end - $start" | bc)
  local old=${best_secs[$name]:-}
  if [ -z "$old" ] || [ "$(echo "$s < $old" | bc)" = 1 ]; then best_secs[$name]=$s; fi
  if [ "$(cat "$work/rss")" -gt "${best_rss[$name]:-0}" ]; then best_rss[$name]=$(cat "$work/rss"); fi
}

# Round after round of every configuration, rather than the repeats of one after
# another: the VM's slow minutes then fall on different configurations' runs, not on all
# of one's. The first round's outputs are kept to be checked.
for ((r = 0; r < runs; r++)); do
  for t in 1 2; do
    out=$work/text-$t.out
    [ "$r" -gt 0 ] && out=$work/again.out
    measure "text stdout $t" sh -c 'exec "$0" clean "$1" -j "$2" -q > "$3"' "$bin" "$corpus/text" "$t" "$out"
    rm -f "$work/again.out"
  done
  for fmt in text jsonl wet; do
    for t in 1 2; do
      # Each run writes a new folder: creating many files where as many were just
      # deleted is several times slower on ext4, which would measure the deletion.
      out=$work/$fmt-$t
      [ "$r" -gt 0 ] && out=$work/$fmt-$t-again-$r
      measure "$fmt $t" "$bin" clean "$corpus/$fmt" -o "$out" -j "$t" -q
      # In memory, a repeat's output goes at once: kept, each run wrote into memory the
      # VM had never touched (gigabytes by the last format), and on this VM the first
      # touch of a page costs more than the write (JSONL at -j 2: 4.8 s kept, 3.8 s not).
      [ "$r" -gt 0 ] && [ "$in_memory" = 1 ] && rm -rf "$out"
    done
  done
done

cmp -s "$work/text-1.out" "$work/text-2.out" || fail "text stdout: -j 2 differs from -j 1"
for t in 1 2; do
  results+=("$(line "text stdout" "$t" "${best_secs[text stdout $t]}" "${best_rss[text stdout $t]}" \
                    "$(input_size "$corpus/text")")")
done
for fmt in text jsonl wet; do
  diff -rq "$work/$fmt-1" "$work/$fmt-2" >/dev/null || fail "$fmt: -j 2 output differs from -j 1"
  check_samples "$fmt" "$work/$fmt-1"
  label=$fmt; [ "$fmt" = text ] && label="text files"; [ "$fmt" = wet ] && label="wet.gz"
  for t in 1 2; do
    results+=("$(line "$label" "$t" "${best_secs[$fmt $t]}" "${best_rss[$fmt $t]}" "$(input_size "$corpus/$fmt")")")
  done
done

echo "corpus: $corpus ($pages pages, $((text_bytes / 1000000)) MB of page text); outputs checked"
printf '%s\n' "${results[@]}"
