#!/usr/bin/env bash
# Benchmarks parcompute under a real Slurm, in one run, round by round: the start-up of
# `srun -n 4 parcompute run sumsq` against `srun -n 4` of an MPI hello world, and the farm
# on two nodes against one node for sleeping exec tasks.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench_name=slurm.sh
# shellcheck source=scripts/bench/lib.sh
. "$here/lib.sh"

usage() {
  cat <<EOF2
Usage: scripts/bench/slurm.sh [--repeat N] [--results FILE] [--timeout S] [--check] [--help]

Needs a Slurm cluster of at least two nodes that SLURM_CONF (or the default configuration)
names: on one machine, scripts/slurm-local.sh up --nodes 2 and the SLURM_CONF line it
prints. Times, interleaved round by round, each a whole srun (its job allocation included):
  - srun -n 4 of scripts/bench/mpi_hello.c (mpicc), and srun -n 4 parcompute run sumsq;
  - parcompute farm over TASKS exec tasks of 'sleep 0.02' (2000), 8 slots a worker: on one
    node (srun -N 1 -n 1, the farm alone) and on two (srun -N 2 -n 3: rank 0 manages, one
    worker per node); and the same over 400 tasks of 'sleep 0.2'. The tasks sleep, so the
    two nodes' shared cores limit only what it costs to start them (fork and exec).

Targets:
  (a) srun -n 4 parcompute run sumsq within 0.2 s of srun -n 4 of the MPI hello world;
  (b) the farm on two nodes at least 1.7x as fast as on one.

Options:
  --repeat N      timed rounds, after one untimed warm-up round (default 5, 1..30)
  --results FILE  JSON lines file to append to
                  (default \$PC_BENCH_RESULTS, else bench-results/results.jsonl in the repo)
  --timeout S     limit for each single command, in seconds (default 120)
  --check         exit 1 when a target fails
  -h, --help      show this help

The temporary folder is made under \$PC_BENCH_TMP (default bench-results/ in the repository),
not /tmp: every node must see the task file and the results. Exit status: 0 done; 1 a wrong
answer (or, with --check, a missed target); 2 usage or set-up error; 124 a command timed out.
EOF2
}

repeat=5
cmd_timeout=120
bench_options "$@"
export TMPDIR="${PC_BENCH_TMP:-$repo/bench-results}"
mkdir -p "$TMPDIR"
bench_start pc-bench-slurm
for tool in srun sinfo mpicc; do
  command -v "$tool" >/dev/null || bench_die "$tool not found (./scripts/install-deps.sh; then scripts/slurm-local.sh up --nodes 2)"
done
nodes="$(timeout 30 sinfo -h -N -o %N 2>/dev/null | sort -u | wc -l)" || bench_die "sinfo failed: is SLURM_CONF set?"
[ "$nodes" -ge 2 ] || bench_die "needs a cluster of two nodes, found $nodes (scripts/slurm-local.sh up --nodes 2)"
timeout "$cmd_timeout" mpicc -O2 -o "$tmp/mpi_hello" "$here/mpi_hello.c" || bench_die "mpicc could not build $here/mpi_hello.c"
tasks=2000 long_tasks=400
for ((i = 0; i < tasks; i++)); do echo "exec -- sleep 0.02"; done >"$tmp/tasks.txt"
for ((i = 0; i < long_tasks; i++)); do echo "exec -- sleep 0.2"; done >"$tmp/long.txt"
# Open MPI between two hostnames of one machine: over loopback (platform.md).
export OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_oob_tcp_if_include=lo

bench_describe "$repo" "$bin"
run_id="slurm-$(date -u +%Y%m%dT%H%M%SZ)-$$"
echo "slurm benchmark: $bench_date on $bench_machine ($nodes Slurm nodes)"
echo "binary: $bin (${bench_version:-version unknown}, commit $bench_commit); rounds: 1 warm-up + $repeat timed"
bench_warn_load

configs=(hello4 sumsq4 farm1 farm2 long1 long2)

task_file() { case "$1" in long*) echo long.txt ;; *) echo tasks.txt ;; esac; }

run_one() {
  local round="$1" id="$2" cmd=()
  local out="$tmp/raw/$id-$round.out" err="$tmp/raw/$id-$round.err"
  case "$id" in
    hello4) cmd=(srun --overcommit -n 4 --mpi=pmix "$tmp/mpi_hello") ;;
    sumsq4) cmd=(srun --overcommit -n 4 --mpi=pmix "$bin" run sumsq -o "$tmp/sumsq.h5" --force --json) ;;
    farm1 | long1)
      cmd=(srun -N 1 -n 1 "$bin" farm "$tmp/$(task_file "$id")" --slots 8 -o "$tmp/$id.h5" --force --json) ;;
    farm2 | long2)
      cmd=(srun -N 2 -n 3 --overcommit --mpi=pmix "$bin" farm "$tmp/$(task_file "$id")" --slots 8 -o "$tmp/$id.h5"
           --force --json) ;;
    *) bench_die "internal: unknown configuration $id" ;;
  esac
  local rc=0
  OMP_NUM_THREADS=1 bench_run "$out" "$err" "$cmd_timeout" "${cmd[@]}" || rc=$?
  [ "$rc" -eq 0 ] || bench_failed "$id" "$rc" "$err" "$cmd_timeout" "${cmd[@]}"
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$id" "$bench_t0" "$bench_t1" "$out" >>"$tmp/raw.tsv"
}

bench_rounds "${configs[@]}"
bench_summarize slurm_summary.py --tasks "$tasks" --long-tasks "$long_tasks"
