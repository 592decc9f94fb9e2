#!/usr/bin/env bash
# HTML: boilerstrip and readability-lxml (Debian's python3-readability) side by side on
# the same pages, in one run: speed (MB of HTML per second on one core) and snippet F1.
# Usage: bench/html_vs_readability.sh BOILERSTRIP [PAGES_DIR] [EVALDATA]
# Defaults to ../shared/data/trafilatura-eval (not part of the project).
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../../shared/data/trafilatura-eval
pages=${2:-$data/pages}
evaldata=${3:-$data/evaldata.json}
score=$here/../../shared/tools/score.py
[ -d "$pages" ] || { echo "no pages at $pages" >&2; exit 1; }
# Debian's python3-readability lives in the system interpreter, not in a pyenv one.
py=/usr/bin/python3
if ! $py -c 'import readability' 2>/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "run as root or: apt-get install python3-readability" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-readability >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bytes=$(find "$pages" -name '*.html' -printf '%s\n' | awk '{s+=$1} END {print s}')
n=$(find "$pages" -name '*.html' | wc -l)

start=$(date +%s.%N)
"$bin" clean "$pages" -o "$work/boilerstrip" -j 1 -q || true
end=$(date +%s.%N)
bs_secs=$(echo "$end - $start" | bc)

$py - "$pages" "$work/readability" > "$work/readability.time" <<'PY'
import pathlib, sys, time
import lxml.html
from readability import Document
pages, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir()
start = time.perf_counter()
for p in sorted(pages.glob("*.html")):
    raw = p.read_bytes()
    try:
        summary = Document(raw).summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    except Exception:
        text = ""
    (out / (p.stem + ".txt")).write_text(text)
print(time.perf_counter() - start)
PY
rd_secs=$(cat "$work/readability.time")

report() {  # name secs dir
  local f1
  f1=$(python3 "$score" snippets "$3" "$evaldata" 2>/dev/null | tr '\n' ' ')
  awk -v name="$1" -v s="$2" -v b="$bytes" -v n="$n" -v f="$f1" 'BEGIN {
    printf "%-14s %6.1f MB/s of HTML  %6.0f pages/s  %6.1f s   %s\n", name, b / 1e6 / s, n / s, s, f }'
}
echo "$n pages, $((bytes / 1000000)) MB of HTML, one core each"
report boilerstrip "$bs_secs" "$work/boilerstrip"
report readability "$rd_secs" "$work/readability"
