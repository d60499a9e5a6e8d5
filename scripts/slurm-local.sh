#!/usr/bin/env bash
# A real Slurm cluster on this machine for the slurm tests: our own munged, slurmctld and one
# or two slurmd (the second as host "nodeb" in its own UTS and mount namespace, with its own
# /tmp, like a second node). Usage: scripts/slurm-local.sh up|down|status [--nodes 1|2]
#
# Everything lives under $PC_SLURM_DIR (default /run/parcompute-slurm): the slurm.conf made
# from tests/fixtures/slurm.conf.in, pid files, spool, logs; munge's key, socket and log in
# /run/parcompute-munge-<checksum of that folder's path>. Clients use
# it through SLURM_CONF (`status` prints the line to export). Ports: slurmctld $PC_SLURM_PORT
# and slurmd the next one or two when it is set, else free ones picked at `up`, so clusters of
# different state folders (two checkouts' test runs) can run at once. Installs nothing:
# scripts/install-deps.sh does.
# Needs root (two slurmd and namespaces). Exit status: 0 done, 1 failed, 2 usage.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
template=$here/../tests/fixtures/slurm.conf.in
state=${PC_SLURM_DIR:-/run/parcompute-slurm}
conf=$state/slurm.conf
# munged runs as the munge user, which cannot reach a state folder inside a private home
# (/root is 0700), and its socket's path must stay under 108 bytes: its files go under /run,
# in a folder named for the state folder, so two state folders never share one.
munge=/run/parcompute-munge-$(printf '%s' "$(realpath -m "$state")" | cksum | cut -d' ' -f1)
first=$(hostname -s)
second=nodeb
export SLURM_CONF=$conf

die() { echo "slurm-local.sh: $*" >&2; exit 1; }
usage() { echo "slurm-local.sh: $* (usage: slurm-local.sh up|down|status [--nodes 1|2])" >&2; exit 2; }

action=${1:-}
[ $# -gt 0 ] && shift
nodes=
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) [ $# -ge 2 ] || usage "--nodes needs a value"; nodes=$2; shift 2 ;;
    --nodes=*) nodes=${1#--nodes=}; shift ;;
    *) usage "unknown argument '$1'" ;;
  esac
done
case "$action" in up | down | status) ;; "") usage "no action given" ;; *) usage "unknown action '$action'" ;; esac
case "${nodes:-1}" in 1 | 2) ;; *) usage "--nodes: '$nodes' is not 1 or 2" ;; esac

# The PID in pid file $1 if that process is alive and is program $2 started with our
# slurm.conf or our munge socket ($3); nothing otherwise. /run survives reboots here, so a
# stale file may name a recycled PID: that process is never ours. A <defunct> one has no exe.
our_pid() {
  local file=$1 program=$2 mark=$3 pid
  [ -r "$file" ] || return 0
  pid=$(tr -dc 0-9 <"$file")
  [ -n "$pid" ] || return 0
  # Debian installs the daemons as alternatives: /usr/sbin/slurmd -> slurmd-wlm.
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$program")" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$mark" || return 0
  echo "$pid"
}

munged_pid() { our_pid "$munge/munged.pid" /usr/sbin/munged "$munge/munge.socket"; }
ctld_pid() { our_pid "$state/slurmctld.pid" /usr/sbin/slurmctld "$conf"; }
slurmd_pid() { our_pid "$state/slurmd-$1.pid" /usr/sbin/slurmd "$conf"; }
node_names() { if [ "$(cat "$state/nodes" 2>/dev/null || echo 1)" = 2 ]; then echo "$first $second"; else echo "$first"; fi; }

# Sends TERM to `pid`, waits up to 10 s, then KILL. Only ever a PID that our_pid vouched for.
stop_pid() {
  local what=$1 pid=$2
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" ] || { echo "slurm-local.sh: stopped $what (pid $pid)" >&2; return 0; }
    sleep 0.1
  done
  echo "slurm-local.sh: $what (pid $pid) ignored TERM for 10 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

do_down() {
  # Jobs first, through Slurm, so that no slurmstepd or task of a failed test outlives the
  # daemons; bounded, since a daemon may already be gone.
  if [ -n "$(ctld_pid)" ]; then
    scancel --full --quiet --user=root 2>/dev/null || true
    for _ in $(seq 50); do
      [ -z "$(squeue -h -o %i -t PD,R,CG,S 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  for node in $second $first; do stop_pid "slurmd $node" "$(slurmd_pid "$node")"; done
  stop_pid slurmctld "$(ctld_pid)"
  stop_pid munged "$(munged_pid)"
  rm -f "$state"/slurmd-*.pid "$state/slurmctld.pid" "$munge/munged.pid"
}

# One status line; returns 1 when `pid` is empty.
report() {
  if [ -n "$2" ]; then printf '%-18s running (pid %s)\n' "$1" "$2"; else printf '%-18s stopped\n' "$1"; return 1; fi
}

do_status() {
  local ok=0
  report munged "$(munged_pid)" || ok=1
  report slurmctld "$(ctld_pid)" || ok=1
  for node in $(node_names); do report "slurmd $node" "$(slurmd_pid "$node")" || ok=1; done
  if [ $ok -eq 0 ]; then sinfo -N -h -o '%N %T %c CPUs' 2>/dev/null | sed 's/^/node /'; fi
  echo "export SLURM_CONF=$conf"
  return $ok
}

# Three ports for slurmctld and two slurmd: $PC_SLURM_PORT and the next two, or free ones.
pick_ports() {
  if [ -n "${PC_SLURM_PORT:-}" ]; then
    echo "$PC_SLURM_PORT $((PC_SLURM_PORT + 1)) $((PC_SLURM_PORT + 2))"
    return
  fi
  python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))'
}

write_conf() {
  local count=$1 cpus layout mem node_lines names ports ctld_port
  cpus=$(nproc)
  # The socket/core layout as slurmd sees it; used only when it adds up to nproc's CPUs, since
  # slurmd refuses a layout that contradicts CPUs.
  layout=$(slurmd -C | head -1 | tr ' ' '\n' | grep -E '^(Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore)=' | tr '\n' ' ')
  if ! slurmd -C | head -1 | grep -qw "CPUs=$cpus"; then layout=; fi
  # Below what is free now (80% of "available"), or slurmd marks the node invalid.
  mem=$(free -m | awk '/^Mem:/ {print int($7 * 0.8)}')
  read -r -a ports <<<"$(pick_ports)"
  ctld_port=${ports[0]}
  node_lines=
  names=
  local i=0
  for node in $first $second; do
    [ $i -lt "$count" ] || break
    node_lines+="NodeName=$node NodeAddr=127.0.0.1 Port=${ports[$((i + 1))]} CPUs=$cpus ${layout}RealMemory=$mem State=UNKNOWN"$'\n'
    names+="${names:+,}$node"
    i=$((i + 1))
  done
  local text
  text=$(<"$template")
  text=${text//@STATE@/"$state"}
  text=${text//@MUNGE@/"$munge"}
  text=${text//@CTLD_HOST@/"$first"}
  text=${text//@CTLD_PORT@/"$ctld_port"}
  # Job ids from a random start: the first node's steps make /tmp/spmix_appdir_<uid>_<job>.<step>
  # in the machine's /tmp, where another cluster's job of the same id would collide.
  text=${text//@FIRST_JOB_ID@/"$((RANDOM * 1000 + 1000))"}
  text=${text//@NODES@/"${node_lines%$'\n'}"}
  text=${text//@NODE_NAMES@/"$names"}
  printf '%s\n' "$text" >"$conf.new"
  mv "$conf.new" "$conf"
  echo "$count" >"$state/nodes"
}

# Waits until every node is idle: bounded, and on failure says which node is in what state
# and where the logs are.
wait_idle() {
  local want=$1 states
  for _ in $(seq 150); do
    states=$(sinfo -N -h -o '%N %T' 2>/dev/null | sort -u || true)
    if [ -n "$states" ] && [ "$(grep -c ' idle$' <<<"$states")" -eq "$want" ]; then return 0; fi
    sleep 0.2
  done
  die "nodes not idle after 30 s (${states:-slurmctld does not answer}); logs in $state/log"
}

do_up() {
  local count=$1 pid
  [ "$(id -u)" -eq 0 ] || die "needs root (it runs slurmd, and a second node needs namespaces)"
  for program in /usr/sbin/munged /usr/sbin/slurmctld /usr/sbin/slurmd /usr/bin/sbatch /usr/sbin/mungekey; do
    [ -x "$program" ] || die "$program is missing: run scripts/install-deps.sh"
  done
  # A cluster of another size is replaced: the nodes are in slurm.conf.
  if [ -n "$(ctld_pid)" ] && [ "$(cat "$state/nodes" 2>/dev/null)" != "$count" ]; then
    echo "slurm-local.sh: replacing the $(cat "$state/nodes" 2>/dev/null || echo '?')-node cluster by a $count-node one" >&2
    do_down
  fi
  mkdir -p "$state/ctld" "$state/log" "$munge"
  for node in $first $second; do mkdir -p "$state/spool/$node"; done
  chmod 0755 "$state"
  chown munge:munge "$munge"
  chmod 0755 "$munge"
  [ -n "$(ctld_pid)" ] || write_conf "$count"

  if [ -z "$(munged_pid)" ]; then
    [ -s "$munge/munge.key" ] || runuser -u munge -- /usr/sbin/mungekey -c -k "$munge/munge.key"
    runuser -u munge -- /usr/sbin/munged --socket="$munge/munge.socket" \
      --key-file="$munge/munge.key" --pid-file="$munge/munged.pid" \
      --log-file="$munge/munged.log" --seed-file="$munge/munged.seed" ||
      die "munged did not start; see $munge/munged.log"
  fi
  if [ -z "$(ctld_pid)" ]; then
    # -c: no jobs from an earlier cluster are recovered; each `up` starts clean.
    /usr/sbin/slurmctld -c -f "$conf" || die "slurmctld did not start; see $state/log/slurmctld.log"
  fi
  if [ -z "$(slurmd_pid "$first")" ]; then
    /usr/sbin/slurmd -f "$conf" || die "slurmd $first did not start; see $state/log/slurmd-$first.log"
  fi
  if [ "$count" = 2 ] && [ -z "$(slurmd_pid "$second")" ]; then
    # The second node: its own hostname (Open MPI and Slurm tell nodes apart by it) and its
    # own /tmp (the PMIx plugin makes /tmp/spmix_appdir_* per step; two nodes sharing /tmp
    # collide). slurmd forks into the background and keeps both namespaces.
    unshare -um bash -c "mount --make-rprivate / && mount -t tmpfs tmpfs /tmp && hostname $second &&
      exec /usr/sbin/slurmd -f '$conf'" || die "slurmd $second did not start; see $state/log/slurmd-$second.log"
  fi
  for _ in $(seq 50); do
    [ -n "$(ctld_pid)" ] && [ -n "$(slurmd_pid "$first")" ] && { [ "$count" = 1 ] || [ -n "$(slurmd_pid "$second")" ]; } && break
    sleep 0.1
  done
  wait_idle "$count"
  echo "slurm-local.sh: $count node(s) idle: $(node_names | tr ' ' ,); export SLURM_CONF=$conf" >&2
}

case "$action" in
  up) do_up "${nodes:-1}" ;;
  down) do_down ;;
  status) do_status ;;
esac
