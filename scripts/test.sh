#!/usr/bin/env bash
# Installs what is missing, builds (preset release unless PRESET is set) and runs every test
# with ctest. Extra arguments go to ctest (e.g. -L unit, -R integration).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${PRESET:-release}
./scripts/install-deps.sh
./scripts/build.sh "$preset"
. scripts/mpi-env.sh
# Open MPI's own allocations outlive MPI_Finalize: leak reports would hide real findings.
if [ "$preset" = asan ]; then export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}; fi
ctest --preset "$preset" "$@"
