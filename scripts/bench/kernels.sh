#!/usr/bin/env bash
# Benchmarks the kernels of `parcompute run` (nstream, dgemm, transpose, stencil, mandelbrot)
# against hand-written baselines (a plain OpenMP triad, OpenBLAS cblas_dgemm, dd) and against
# the Parallel Research Kernels' figures, all in one run, so that ratios are taken on the same
# (noisy) machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench_name=kernels.sh
# shellcheck source=scripts/bench/lib.sh
. "$here/lib.sh"

usage() {
  cat <<EOF
Usage: scripts/bench/kernels.sh [--repeat N] [--quick] [--results FILE] [--timeout S] [--check] [--help]

Times, in one run and interleaved round by round, in four configurations (1 rank x 1 thread,
1 rank x 2 threads, 2 ranks x 1 thread, 4 ranks x 1 thread oversubscribed):
  - parcompute run nstream (16,777,216 elements, 10 iterations) against scripts/bench/triad.c,
    a plain OpenMP triad a[i] = b[i] + s*c[i] with the same length and iterations, on 1 and 2
    threads (the 4-rank configuration is compared with 2 threads: there are 2 cores);
  - parcompute run dgemm --size 2048 (3 iterations) against scripts/bench/blas_dgemm.c,
    OpenBLAS cblas_dgemm on 1 and 2 threads, once with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
    as in the environment and once with both unset (in that command only);
  - transpose order 4096, stencil radius 2 order 4096, dgemm order 1024 (PRK's sizes, their
    figures printed beside ours) and mandelbrot 1024 x 1024 (1 iteration); transpose also
    with --exchange alltoall (shown beside the default, not a target);
then, when \`parcompute run stencil --help\` offers --save-field, saving a ~1 GiB field
(stencil --size 11586, 2 ranks) against dd if=/dev/zero bs=16M count=64 conv=fdatasync, as
alternating runs in the same folder.
The C baselines are compiled at run time (gcc -O3 -march=native; -fopenmp; -lopenblas).
Prints tables of medians and ratios, checks the targets and appends JSON lines to the results
file. Meant to take under 8 minutes on a quiet 2-core machine with the default 5 rounds
(9 min 20 s measured at load average ~6; --quick: about 25 s).

Targets (ratios of medians from this run):
  nstream >= 90% of the triad's bandwidth on the same threads (same byte count);
  dgemm n=2048 >= 50% of OpenBLAS on the same threads (as set, and unset: both reported);
  transpose, stencil, dgemm at PRK's sizes >= PRK's figures (1x2 vs PRK OpenMP 2 threads,
  2x1 vs PRK MPI 2 ranks);
  2 ranks x 1 thread within 10% of 1 rank x 2 threads (dgemm, stencil, transpose, mandelbrot);
  saving the field (write + fsync) >= 80% of dd's bandwidth (median of per-pair ratios).

Options:
  --repeat N      timed rounds, after one untimed warm-up round (default 5, 1..30)
  --quick         a smoke test: small sizes, 1 timed round, 2 save/dd pairs of 32 MiB
                  (its targets are printed but mean nothing)
  --results FILE  JSON lines file to append to
                  (default \$PC_BENCH_RESULTS, else bench-results/results.jsonl in the repo)
  --timeout S     limit for each single command, in seconds (default 60)
  --check         exit 1 when a target fails (by default only wrong answers exit non-zero)
  -h, --help      show this help

Environment:
  PARCOMPUTE        the binary (default build/release/app/parcompute in the repo)
  PC_BENCH_RESULTS  the results file, when --results is not given

Needs: mpirun, gcc, OpenBLAS headers and library (./scripts/install-deps.sh bench), bash 5.
Exit status: 0 done; 1 a wrong answer (or, with --check, a missed target); 2 usage or
set-up error; 124 a command timed out.
Render the results as markdown with: /usr/bin/python3 scripts/bench/report.py --bench kernels
EOF
}

repeat=5
bench_flag=--quick
bench_options "$@"
quick=$bench_flag_given
bench_start pc-bench-kernels
command -v gcc >/dev/null || bench_die "gcc not found (apt-get install build-essential)"
command -v dd >/dev/null || bench_die "dd not found (coreutils)"

timeout "$cmd_timeout" gcc -O3 -march=native -fopenmp -o "$tmp/triad" "$here/triad.c" \
  || bench_die "gcc could not build $here/triad.c"
timeout "$cmd_timeout" gcc -O3 -march=native -o "$tmp/blas_dgemm" "$here/blas_dgemm.c" -lopenblas -lm \
  || bench_die "gcc could not build $here/blas_dgemm.c against OpenBLAS (install it: ./scripts/install-deps.sh bench)"

# Sizes: PRK's for the comparison; --quick shrinks everything for a smoke test.
if [ "$quick" -eq 1 ]; then
  repeat=1
  nstream_n=2097152 nstream_k=5 big_n=512 big_k=3 prk_n=1024 dgemm_n=256 mandel_n=256
  save_n=2048 dd_count=2 pairs=2
else
  nstream_n=16777216 nstream_k=10 big_n=2048 big_k=3 prk_n=4096 dgemm_n=1024 mandel_n=1024
  save_n=11586 dd_count=64 pairs="$repeat"
fi

# --save-field is new: measured only when this binary has it.
save=0
if timeout 10 "$bin" run stencil --help 2>/dev/null | grep -q -- '--save-field'; then save=1; fi

bench_describe "$repo" "$bin"
run_id="kernels-$(date -u +%Y%m%dT%H%M%SZ)-$$"
echo "kernel benchmark: $bench_date on $bench_machine"
echo "binary: $bin (${bench_version:-version unknown}, commit $bench_commit); rounds: 1 warm-up + $repeat timed$([ "$quick" -eq 1 ] && echo ' (--quick)')"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}"
[ "$save" -eq 1 ] || echo "this binary has no --save-field: the field-saving comparison is left out"
bench_warn_load

# Configurations: id|label|ranks|threads. One rank runs without mpirun (a singleton is not
# bound, so 2 threads get both cores); 2 ranks are bound one per core by Open MPI; 4 ranks
# are bound to the socket and share the 2 cores.
configs=(
  "c11|1 rank x 1 thread|1|1"
  "c12|1 rank x 2 threads|1|2"
  "c21|2 ranks x 1 thread|2|1"
  "c41|4 ranks x 1 thread (oversubscribed)|4|1"
)
# Kernels: metric|arguments of parcompute run.
kernels=(
  "nstream|nstream --size $nstream_n --iterations $nstream_k"
  "dgemm_$big_n|dgemm --size $big_n --iterations $big_k"
  "transpose_$prk_n|transpose --size $prk_n --iterations 10"
  "transpose_${prk_n}_alltoall|transpose --size $prk_n --iterations 10 --exchange alltoall"
  "stencil_$prk_n|stencil --size $prk_n --radius 2 --iterations 10"
  "dgemm_$dgemm_n|dgemm --size $dgemm_n --iterations 10"
  "mandelbrot_$mandel_n|mandelbrot --size $mandel_n --iterations 1"
)

# Every command of a round: id|label|kind|ranks|threads|metric|arguments.
jobs=()
for c in "${configs[@]}"; do
  IFS='|' read -r cid clabel cranks cthreads <<<"$c"
  for k in "${kernels[@]}"; do
    IFS='|' read -r metric kargs <<<"$k"
    jobs+=("$cid-$metric|$clabel|parcompute|$cranks|$cthreads|$metric|$kargs")
  done
done
for t in 1 2; do
  s=$([ "$t" -eq 1 ] && echo thread || echo threads)
  jobs+=("triad$t|triad (OpenMP), $t $s|triad|1|$t|nstream|$nstream_n $nstream_k")
  jobs+=("blasset$t|OpenBLAS as set, $t $s|blas|1|$t|dgemm_$big_n|$big_n $big_k")
  jobs+=("blasunset$t|OpenBLAS, CORETYPE and L2_SIZE unset, $t $s|blas_unset|1|$t|dgemm_$big_n|$big_n $big_k")
done

# Runs one command once, appending a line to raw.tsv:
# round, id, label, kind, ranks, threads, metric, t0, t1, stdout file.
run_one() {
  local round="$1" entry="$2"
  local id label kind ranks threads metric args
  IFS='|' read -r id label kind ranks threads metric args <<<"$entry"
  local out="$tmp/raw/$id-$round.out" err="$tmp/raw/$id-$round.err"
  local h5="$tmp/$id.h5"
  local cmd=() a=()
  read -r -a a <<<"$args"
  case "$kind" in
    parcompute|save|nosave)
      [ "$kind" = save ] && a+=(--save-field)
      if [ "$ranks" -eq 1 ]; then
        cmd=("$bin" run "${a[@]}" -o "$h5" --force --json)
      else
        cmd=(mpirun -n "$ranks" -x OMP_NUM_THREADS="$threads" "$bin" run "${a[@]}" -o "$h5" --force --json)
      fi ;;
    triad) cmd=("$tmp/triad" "${a[@]}") ;;
    blas) cmd=("$tmp/blas_dgemm" "${a[@]}") ;;
    blas_unset) cmd=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$tmp/blas_dgemm" "${a[@]}") ;;
    dd) cmd=(dd if=/dev/zero of="$tmp/dd.out" bs=16M count="$args" conv=fdatasync) ;;
    *) bench_die "internal: unknown kind $kind" ;;
  esac
  local rc=0
  OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
    bench_run "$out" "$err" "$cmd_timeout" "${cmd[@]}" || rc=$?
  [ "$rc" -eq 0 ] || bench_failed "$label" "$rc" "$err" "$cmd_timeout" "${cmd[@]}"
  # Each write starts from an absent file, for dd and parcompute alike.
  case "$kind" in dd) rm -f "$tmp/dd.out" ;; save|nosave) rm -f "$h5" ;; esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$round" "$id" "$label" "$kind" "$ranks" "$threads" "$metric" "$bench_t0" "$bench_t1" "$out" >>"$tmp/raw.tsv"
}

bench_rounds "${jobs[@]}"  # round 0 also brings the CPU clocks up

# Saving a field, after the compute rounds so that write-back does not disturb them. Each
# round is a stencil run without the field (its time is subtracted), one with it, and dd;
# pair 0 is a warm-up (platform.md: the first large write after a pause is slow).
if [ "$save" -eq 1 ]; then
  save_args="stencil --size $save_n --radius 2 --iterations 1"
  for ((round = 0; round <= pairs; round++)); do
    [ -t 2 ] && printf 'save pair %d/%d\r' "$round" "$pairs" >&2
    run_one "$round" "nosave|stencil $save_n, 2 ranks, no field|nosave|2|1|save|$save_args"
    run_one "$round" "save|stencil $save_n, 2 ranks, --save-field|save|2|1|save|$save_args"
    run_one "$round" "dd|dd bs=16M count=$dd_count conv=fdatasync|dd|1|1|save|$dd_count"
  done
  bench_progress
fi

quick_flag=()
[ "$quick" -eq 1 ] && quick_flag=(--quick)
bench_summarize kernels_summary.py "${quick_flag[@]}" \
  --openblas-env "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}"
