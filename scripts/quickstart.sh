#!/usr/bin/env bash
# From a fresh Debian 12 machine to a first result: install the packages, build a Release
# binary, run the classic four-task sum of squares on four MPI ranks, inspect the file.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh release
. scripts/mpi-env.sh
bin=$PWD/build/release/app/parcompute
mkdir -p runs
cd runs
echo "+ mpirun -n 4 parcompute run sumsq"
mpirun -n 4 "$bin" run sumsq
latest=$(ls -t parcompute-sumsq-*.h5 | head -n 1)
echo "+ parcompute inspect runs/$latest"
"$bin" inspect "$latest"
