#!/usr/bin/env bash
# Submits boilerstrip's three steps over a corpus as one Slurm job chain:
#   count (array of N tasks) → merge (afterok) → clean (array of N tasks, afterok)
#
#   contrib/slurm/submit.sh --inputs LIST_OR_DIR --out OUT -n N [options] [-- SBATCH_OPTION...]
#
#   --inputs PATH      a folder of inputs, or a file listing input files or folders, one a line
#                      (relative lines are taken from the folder you submit in)
#   --out DIR          where the cleaned files go (the same relative paths as the inputs')
#   -n N               shards: array tasks per step (at most the cluster's MaxArraySize - 1)
#   --bin PATH         the boilerstrip binary the nodes run (default: the one on PATH)
#   --work DIR         count files, logs and reports (default: OUT.slurm beside OUT)
#   --cpus C           CPUs per task, and clean's -j (default 1)
#   --max-running M    at most M tasks of an array at once
#   --wait             return when the chain has ended; exit 1 unless every job completed
#   -- SBATCH_OPTION…  passed to every sbatch (e.g. --partition=batch --time=2:00:00)
#
# Prints the three job ids, one "step id" a line. Paths must be the same on every node (a
# shared file system). Submitting again with the same arguments resumes: counts and merge are
# redone, clean skips the outputs already written.
set -euo pipefail

die() { echo "submit: $*" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
inputs="" out="" n="" bin="" work="" cpus=1 max_running="" wait=0 sbatch_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --inputs) inputs=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -n) n=${2:?}; shift 2 ;;
    --bin) bin=${2:?}; shift 2 ;;
    --work) work=${2:?}; shift 2 ;;
    --cpus) cpus=${2:?}; shift 2 ;;
    --max-running) max_running=${2:?}; shift 2 ;;
    --wait) wait=1; shift ;;
    --) shift; sbatch_args=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[ -z "$inputs" ] || [ -z "$out" ] || [ -z "$n" ] && die "usage: $0 --inputs LIST_OR_DIR --out OUT -n N [--bin PATH] (see --help)"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "-n must be a positive integer: $n"
[[ "$cpus" =~ ^[1-9][0-9]*$ ]] || die "--cpus must be a positive integer: $cpus"
[ -e "$inputs" ] || die "no such input list or folder: $inputs"
bin=$(command -v "${bin:-boilerstrip}") || die "boilerstrip not found; give --bin PATH"
bin=$(realpath "$bin")
mkdir -p "$out"
out=$(realpath "$out")
work=$(realpath -m "${work:-$out.slurm}")
mkdir -p "$work/counts" "$work/reports" "$work/logs"

# The tasks read the inputs from one file of absolute paths.
if [ -d "$inputs" ]; then
  realpath "$inputs" > "$work/inputs.txt"
else
  grep -v '^[[:space:]]*$' "$inputs" | while IFS= read -r p; do realpath -m "$p"; done > "$work/inputs.txt"
  [ -s "$work/inputs.txt" ] || die "$inputs lists no inputs"
fi

array=0-$((n - 1))${max_running:+%$max_running}
common=(--parsable --chdir="$work" --cpus-per-task="$cpus" "${sbatch_args[@]}")
job_id() { cut -d';' -f1; }  # --parsable prints "id" or "id;cluster"
count=$(sbatch "${common[@]}" --array="$array" --output="$work/logs/count-%a.out" \
  "$here/count.sbatch" "$bin" "$work" "$n" | job_id)
merge=$(sbatch "${common[@]}" --dependency="afterok:$count" --kill-on-invalid-dep=yes \
  --output="$work/logs/merge.out" "$here/merge.sbatch" "$bin" "$work" "$n" | job_id)
clean=$(sbatch "${common[@]}" --array="$array" --dependency="afterok:$merge" --kill-on-invalid-dep=yes \
  --output="$work/logs/clean-%a.out" "$here/clean.sbatch" "$bin" "$work" "$n" "$out" | job_id)
printf 'count %s\nmerge %s\nclean %s\n' "$count" "$merge" "$clean"
[ "$wait" = 1 ] || exit 0

# squeue every half second ends sooner than sbatch --wait. Without accounting, scontrol
# knows a finished job for MinJobAge seconds (300 by default): enough to read its state.
while [ -n "$(squeue -h -j "$count,$merge,$clean" -o %i 2>/dev/null)" ]; do sleep 0.5; done
failed=$(for id in "$count" "$merge" "$clean"; do scontrol -o show job "$id" || true; done |
  awk '{ f = ""; for (i = 1; i <= NF; i++) if ($i ~ /^(JobId|JobName|ArrayTaskId|JobState|Reason)=/) f = f " " $i }
       f !~ / JobState=COMPLETED/ { print f }')
if [ -n "$failed" ]; then
  echo "submit: the chain did not complete; logs are in $work/logs/" >&2
  echo "$failed" >&2
  exit 1
fi
echo "submit: done: $out" >&2
