#!/usr/bin/env bash
# A private single-node Slurm cluster on 127.0.0.1, to try contrib/slurm/ without a real one.
#
#   contrib/slurm/local-cluster.sh install     # apt-get slurmctld slurmd slurm-client munge (root)
#   contrib/slurm/local-cluster.sh start DIR   # config, state, logs and sockets all in DIR
#   export SLURM_CONF=DIR/slurm.conf           # every client command (sbatch, squeue…) needs it
#   contrib/slurm/local-cluster.sh stop DIR    # cancels its jobs, stops the daemons it started
#
# start runs its own munged, slurmctld and slurmd as root (install first if they are
# missing), on a free port pair, and returns once the node takes jobs. Nothing system-wide is
# touched: no /etc/slurm, no /etc/munge, no system service. stop ends only the processes
# whose PIDs start wrote to DIR/pids/. Slurm 22.05 (Debian 12).
set -euo pipefail

die() { echo "local-cluster: $*" >&2; exit 1; }
packages=(slurmctld slurmd slurm-client munge)
node=boilerstrip-node

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

# The packages' postinst would start system-wide daemons; a policy-rc.d that says no stops
# that. One that was there already is left as it was.
policy=/usr/sbin/policy-rc.d our_policy=0
remove_policy() { if [ "$our_policy" = 1 ]; then rm -f "$policy"; our_policy=0; fi; }

# A start that fails half-way stops what it had started.
starting=0
on_exit() {
  remove_policy
  if [ "$starting" = 1 ]; then cmd_stop "$dir" >/dev/null 2>&1 || true; fi
}
trap on_exit EXIT

cmd_install() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "$missing" ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages: $missing; run as root: apt-get install $missing"
  echo "local-cluster: installing $missing" >&2
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    our_policy=1
    chmod 755 "$policy"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get may hold the lock for a while (another user, unattended upgrades).
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $missing >/dev/null
  remove_policy
}

# Two free TCP ports p, p+1 on 127.0.0.1 below the ephemeral range.
free_ports() {
  python3 - <<'EOF'
import random, socket
for _ in range(200):
    p = random.randrange(20000, 30000)
    try:
        socks = [socket.socket() for _ in range(2)]
        for s, port in zip(socks, (p, p + 1)):
            s.bind(("127.0.0.1", port))
        print(p, p + 1)
        break
    except OSError:
        pass
    finally:
        for s in socks:
            s.close()
EOF
}

write_config() {
  local dir=$1 ports hw
  ports=$(free_ports)
  [ -n "$ports" ] || die "no free port pair found"
  # The node line describes this machine as slurmd sees it, so the node is not drained.
  hw=$(slurmd -C | head -1 | sed -e 's/^NodeName=[^ ]* //')
  cat > "$dir/slurm.conf" <<EOF
# Written by contrib/slurm/local-cluster.sh: a private single-node cluster.
ClusterName=boilerstrip
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=${ports% *}
SlurmdPort=${ports#* }
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket.2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=localhost $hw State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  local dir=$1
  # munged checks that only root can write to the key's folder and the socket's folder;
  # clients need to reach the socket, so every folder on its path is a+x.
  mkdir -p "$dir/munge" "$dir/munge-key"
  chmod 0755 "$dir/munge"
  chmod 0700 "$dir/munge-key"
  [ -f "$dir/munge-key/munge.key" ] || mungekey --create --keyfile="$dir/munge-key/munge.key"
  chmod 0400 "$dir/munge-key/munge.key"
  munged -F --socket="$dir/munge/munge.socket.2" --key-file="$dir/munge-key/munge.key" \
    --pid-file="$dir/munge/munged.pid" \
    --seed-file="$dir/munge/munged.seed" </dev/null >>"$dir/log/munged.out" 2>&1 &
  echo $! > "$dir/pids/munged"
  wait_for 10 munged test -S "$dir/munge/munge.socket.2"
}

# wait_for SECONDS DAEMON COMMAND...: polls COMMAND every 0.2 s while DAEMON (a name in
# pids/) runs.
wait_for() {
  local seconds=$1 daemon=$2 i
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    running "$(cat "$dir/pids/$daemon")" || die "$daemon exited; see $dir/log/$daemon.*"
    sleep 0.2
  done
  die "$daemon not ready after ${seconds}s; see $dir/log/$daemon.*"
}

node_idle() { sinfo -h -n "$node" -o %T | grep -qx idle; }

cmd_start() {
  dir=$1
  [ "$(id -u)" -eq 0 ] || die "start needs root (the daemons run as root)"
  [ -z "$(missing_packages)" ] || cmd_install
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -s "$dir/pids/slurmctld" ] || die "$dir already has a cluster; stop it first"
  # munged refuses a socket that not everyone can reach.
  local d=$dir
  while [ "$d" != / ]; do
    [ "$(( 0$(stat -c %a "$d") & 0111 ))" = 73 ] || die "munged needs every folder above its socket to be a+x: chmod a+x $d"
    d=$(dirname "$d")
  done
  starting=1
  mkdir -p "$dir/state" "$dir/spool" "$dir/run" "$dir/log" "$dir/pids"
  write_config "$dir"
  export SLURM_CONF=$dir/slurm.conf
  start_munge "$dir"
  slurmctld -D -i </dev/null >>"$dir/log/slurmctld.out" 2>&1 &
  echo $! > "$dir/pids/slurmctld"
  wait_for 20 slurmctld scontrol ping
  slurmd -D -N "$node" </dev/null >>"$dir/log/slurmd.out" 2>&1 &
  echo $! > "$dir/pids/slurmd"
  wait_for 30 slurmd node_idle
  starting=0
  echo "local-cluster: up in $dir; run: export SLURM_CONF=$dir/slurm.conf" >&2
}

# running PID: whether PID is a process that has not ended (an ended daemon stays a zombie
# until init reaps it).
running() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# stop_pid NAME EXE: TERM, then KILL after 10 s, the PID in pids/NAME if it still runs EXE.
stop_pid() {
  local file=$dir/pids/$1 exe=$2 pid i
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$exe" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      echo "local-cluster: $1 ($pid) ignored SIGTERM for 5 s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

cmd_stop() {
  dir=$1
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd)
  export SLURM_CONF=$dir/slurm.conf
  # Jobs first, so that no slurmstepd of this cluster outlives its slurmd.
  if [ -s "$dir/pids/slurmctld" ] && scontrol ping >/dev/null 2>&1; then
    local jobs i
    jobs=$(squeue -h -o %A 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$jobs" ] || scancel $jobs 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  stop_pid slurmd "$(realpath "$(command -v slurmd)")"
  stop_pid slurmctld "$(realpath "$(command -v slurmctld)")"
  stop_pid munged "$(realpath "$(command -v munged)")"
}

case "${1:-}" in
  install) cmd_install ;;
  start) [ $# -eq 2 ] || die "usage: $0 start DIR"; cmd_start "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; cmd_stop "$2" ;;
  *) die "usage: $0 install | start DIR | stop DIR" ;;
esac
