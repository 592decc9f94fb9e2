#!/usr/bin/env bash
# Installs the Debian packages boilerstrip needs to build and test. Idempotent: it
# installs only what is missing. Needs root for apt-get; otherwise prints the command.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config python3 time
  libicu-dev libre2-dev libspdlog-dev libfmt-dev doctest-dev libxml2-dev
  libcli11-dev libtomlplusplus-dev libcld2-dev zlib1g-dev libdeflate-dev libisal-dev libzstd-dev libsimdjson-dev libxxhash-dev liburing-dev
  libmimalloc-dev
  libbenchmark-dev
  clang-14 libclang-rt-14-dev  # make fuzz: libFuzzer, ASan, UBSan
)
# `install-deps.sh bench`: also the packaged documentation whose prose the benchmark
# corpus is made of (bench/prose.py lists why each).
if [ "${1:-}" = bench ]; then
  packages+=($(cd "$(dirname "$0")/../bench" && python3 -c 'import prose; print(" ".join(prose.PACKAGES))'))
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "boilerstrip: missing packages: ${missing[*]}" >&2
  echo "boilerstrip: run as root: apt-get update && $cmd" >&2
  exit 1
fi
echo "boilerstrip: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd >/dev/null
