#!/usr/bin/env bash
# cmake --install into a temporary prefix, then build a consumer of the exported package that
# links every target, run it on 2 ranks and compare its lines with consumer/expected.txt.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR MPIEXEC
set -euo pipefail
build=$1 src=$2 mpiexec=$3
work=$(mktemp -d /tmp/pc-install-XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/parcompute"
"$work/prefix/bin/parcompute" --version | grep -q '^parcompute '
test -f "$work/prefix/include/parcompute/parcompute.hpp"
cmake -S "$src/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
# One thread per rank: two ranks already fill this machine's share, and the values do not
# depend on the thread count.
OMP_NUM_THREADS=1 "$mpiexec" -n 2 "$work/consumer/consumer" "$work/out.h5" >"$work/out.txt"
diff -u "$src/install/consumer/expected.txt" "$work/out.txt"
echo "installed package works: every target linked and gave the expected values"
