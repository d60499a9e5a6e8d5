# shellcheck shell=bash disable=SC2034  # the bench_* variables set here are read by the sourcing script
# Shared by the benchmark scripts in scripts/bench/ (sourced, not run): error exits, option
# checks, the environment for mpirun, the temporary folder, timed commands under `timeout`,
# and the facts about the machine and the binary that every results line carries.
# The sourcing script sets bench_name (used in messages) first.

# Usage or set-up error: exit status 2.
bench_die() {
  echo "${bench_name:-bench}: $*" >&2
  exit 2
}

# bench_uint VALUE OPTION MIN [MAX]: prints VALUE as a plain decimal integer, or dies when it is
# not one within MIN..MAX ("08" would otherwise be read as octal in arithmetic).
bench_uint() {
  local value="$1" option="$2" min="$3" max="${4:-}"
  if ! [[ "$value" =~ ^[0-9]{1,6}$ ]] || ((10#$value < min)) || { [ -n "$max" ] && ((10#$value > max)); }; then
    if [ -n "$max" ]; then
      bench_die "$option must be an integer from $min to $max, got '$value'"
    fi
    bench_die "$option must be an integer of at least $min, got '$value'"
  fi
  echo $((10#$value))
}

# The options of every round-based benchmark: --repeat N, --results FILE, --timeout S, --check
# (also as --opt=value). bench_option "$@" reads the first argument into repeat, results,
# cmd_timeout or check and sets bench_shift to the arguments it used (0: not one of these).
bench_option() {
  bench_shift=1
  case "$1" in
    --repeat|--results|--timeout) [ $# -ge 2 ] || bench_die "$1 needs a value"; bench_shift=2 ;;
  esac
  case "$1" in
    --repeat) repeat="$2" ;;
    --repeat=*) repeat="${1#*=}" ;;
    --results) results="$2" ;;
    --results=*) results="${1#*=}" ;;
    --timeout) cmd_timeout="$2" ;;
    --timeout=*) cmd_timeout="${1#*=}" ;;
    --check) check=(--check) ;;
    *) bench_shift=0 ;;
  esac
}

# bench_options "$@": the defaults and the parsing of the shared options (--repeat, --results,
# --timeout, --check) and --help, which calls the script's usage. A script with a flag of its
# own names it in bench_flag (e.g. --quick) and finds bench_flag_given=1 when it was given.
# The defaults of --repeat and --timeout are $repeat and $cmd_timeout when the script set
# them, else 7 and 60.
bench_options() {
  repeat="${repeat:-7}"
  results="${PC_BENCH_RESULTS:-$repo/bench-results/results.jsonl}"
  cmd_timeout="${cmd_timeout:-60}"
  check=()
  bench_flag_given=0
  local flag="${bench_flag:-}"
  while [ $# -gt 0 ]; do
    case "$1" in
      -h|--help) usage; exit 0 ;;
      *) if [ -n "$flag" ] && [ "$1" = "$flag" ]; then
           bench_flag_given=1
           shift
           continue
         fi
         bench_option "$@"
         [ "$bench_shift" -gt 0 ] || bench_die "unknown argument '$1' (accepted: --repeat N,${flag:+ $flag,} --results FILE, --timeout S, --check, --help)"
         shift "$bench_shift" ;;
    esac
  done
}

# bench_rounds ENTRY...: round 0 (a warm-up: page cache, first exec) and then $repeat timed
# rounds, each calling the script's run_one ROUND ENTRY for every entry; each round starts
# one entry later, so none always runs right after the same neighbour.
bench_rounds() {
  local entries=("$@") n=$# round k
  for ((round = 0; round <= repeat; round++)); do
    bench_progress "$round" "$repeat"
    for ((k = 0; k < n; k++)); do
      run_one "$round" "${entries[$(((k + round) % n))]}"
    done
  done
  bench_progress
}

# bench_summarize SUMMARY.py [ARG...]: runs the script's summary over $tmp/raw.tsv with the
# facts every results line carries, appending to $results; its status is the script's.
bench_summarize() {
  local summary="$1"
  shift
  mkdir -p "$(dirname "$results")"
  "$python" "$here/$summary" --raw "$tmp/raw.tsv" --results "$results" \
    --machine "$bench_machine" --date "$bench_date" --run-id "$run_id" --repeat "$repeat" \
    --commit "$bench_commit" --version "$bench_version" --load "$bench_load" "${check[@]}" "$@"
}

# bench_start PREFIX: after the options: checks --repeat (1..30) and --timeout, sets up the
# environment, finds the tools and makes $tmp (with raw/ for the samples), removed on exit.
bench_start() {
  repeat="$(bench_uint "$repeat" --repeat 1 30)"
  cmd_timeout="$(bench_uint "$cmd_timeout" "--timeout (seconds)" 1)"
  bench_setup_env
  bench_find_tools
  bench_tmpdir "$1"
  tmp="$bench_tmp"
  mkdir -p "$tmp/raw"
}

# The C locale (EPOCHREALTIME must print a dot), bash 5, and Open MPI settings for running here.
bench_setup_env() {
  export LC_ALL=C
  [ -n "${EPOCHREALTIME:-}" ] || bench_die "bash 5 or later is needed (EPOCHREALTIME)"
  command -v timeout >/dev/null || bench_die "timeout not found (coreutils)"
  # Run from inside an MPI or Slurm job, the children would try to join that job instead of
  # starting their own.
  local name
  while IFS='=' read -r name _; do
    case "$name" in OMPI_*|PMIX_*|PMI_*) unset "$name" ;; esac
  done < <(env)
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  export OMPI_MCA_rmaps_base_oversubscribe=1  # -n 4 on fewer cores
  export OMPI_MCA_pml=ob1                     # faster start-up than the default here
}

# Sets $bin (the parcompute binary: $PARCOMPUTE or the release build) and $python (the
# system python3, on purpose: another python3 may come first on PATH), or dies saying why.
bench_find_tools() {
  bin="${PARCOMPUTE:-$repo/build/release/app/parcompute}"
  [ -x "$bin" ] || bench_die "no parcompute binary at $bin (build it: cmake --preset release && cmake --build --preset release, or set PARCOMPUTE)"
  python=/usr/bin/python3
  [ -x "$python" ] || bench_die "$python not found"
  command -v mpirun >/dev/null || bench_die "mpirun not found (apt-get install openmpi-bin)"
}

# bench_tmpdir PREFIX: makes the temporary folder $bench_tmp, removed on exit together with
# any command still running.
bench_child=""
bench_tmp=""
bench_cleanup() {
  # timeout runs in its own process group, so Ctrl-C does not reach the command by itself.
  if [ -n "$bench_child" ]; then
    kill -TERM "$bench_child" 2>/dev/null || true
    wait "$bench_child" 2>/dev/null || true
  fi
  if [ -n "$bench_tmp" ]; then rm -rf "$bench_tmp"; fi
}
bench_tmpdir() {
  bench_tmp="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# bench_run OUT ERR LIMIT COMMAND...: runs COMMAND under `timeout LIMIT` with stdout in OUT and
# stderr in ERR; sets bench_t0 and bench_t1 (EPOCHREALTIME around it) and returns its status.
# In the background and waited for, so that a signal to the script is handled at once.
# Variables assigned in front of the call (OMP_NUM_THREADS=2 bench_run ...) reach COMMAND.
bench_run() {
  local out="$1" err="$2" limit="$3"
  shift 3
  local rc=0
  bench_t0="$EPOCHREALTIME"
  timeout -k 5 "$limit" "$@" >"$out" 2>"$err" &
  bench_child=$!
  wait "$bench_child" || rc=$?
  bench_t1="$EPOCHREALTIME"
  bench_child=""
  return "$rc"
}

# bench_failed LABEL RC ERR LIMIT COMMAND...: reports a failed command (with the end of its
# stderr) and exits: 124 when it timed out, 1 otherwise.
bench_failed() {
  local label="$1" rc="$2" err="$3" limit="$4"
  shift 4
  local why="exit $rc"
  [ "$rc" -eq 124 ] && why="timed out after ${limit}s"
  echo "$bench_name: '$label' failed ($why): $*" >&2
  tail -n 5 "$err" >&2 || true
  [ "$rc" -eq 124 ] && exit 124
  exit 1
}

# bench_describe REPO BIN: sets bench_machine (hostname, CPU, nproc), bench_date (UTC, ISO 8601),
# bench_load (1-minute load average), bench_commit (-dirty with local changes) and bench_version.
bench_describe() {
  local repo="$1" bin="$2" cpu_model
  cpu_model="$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)"
  [ -n "$cpu_model" ] || cpu_model="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)"
  bench_machine="$(hostname), ${cpu_model:-unknown CPU}, nproc $(nproc)"
  bench_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  bench_load="$(cut -d ' ' -f 1 /proc/loadavg)"
  bench_commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ "$bench_commit" != unknown ] && ! git -C "$repo" diff --quiet HEAD -- 2>/dev/null; then
    bench_commit="$bench_commit-dirty"
  fi
  bench_version="$(timeout 10 "$bin" --version 2>/dev/null | head -n 1 || true)"
}

# Warns when the machine is busy: ratios are then noisy.
bench_warn_load() {
  if awk -v l="$bench_load" 'BEGIN { exit !(l > 1.0) }'; then
    echo "warning: load average is $bench_load (above 1.0): another job is running, ratios will be noisy" >&2
  fi
}

# Shows the round being run on a terminal (stderr): bench_progress ROUND REPEAT, or
# bench_progress to clear the line.
bench_progress() {
  [ -t 2 ] || return 0
  if [ $# -eq 0 ]; then
    printf '%40s\r' '' >&2
  else
    printf 'round %d/%d%s\r' "$1" "$2" "$([ "$1" -eq 0 ] && echo ' (warm-up)' || echo '           ')" >&2
  fi
}
