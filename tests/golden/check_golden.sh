#!/usr/bin/env bash
# Golden test: cleaning samples/<name>.txt (or <name>.html) must give
# samples/<name>.expected.txt byte for byte, with nothing on stderr.
# Usage: check_golden.sh BOILERSTRIP SAMPLE.txt|SAMPLE.html
set -u
bin=$1 sample=$2
expected=${sample%.*}.expected.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" clean "$sample" >"$tmp/out" 2>"$tmp/err"
code=$?
if [ $code -ne 0 ]; then echo "exit code $code"; cat "$tmp/err"; exit 1; fi
if [ -s "$tmp/err" ]; then echo "unexpected stderr:"; cat "$tmp/err"; exit 1; fi
if ! cmp -s "$tmp/out" "$expected"; then
  echo "output differs from $expected:"
  diff "$tmp/out" "$expected" | head -40
  exit 1
fi
