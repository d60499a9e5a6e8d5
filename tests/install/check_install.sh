#!/usr/bin/env bash
# cmake --install into a temporary prefix, then build and run a consumer of the exported
# package. Usage: check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d /tmp/pc-install-XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -x "$work/prefix/bin/parcompute"
"$work/prefix/bin/parcompute" --version | grep -q '^parcompute '
cmake -S "$src/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
out=$("$work/consumer/consumer")
expected="333332833333500000"   # sum of i*i for i < 10^6 = (10^6-1)10^6(2*10^6-1)/6
[ "${out#* }" = "$expected" ] || { echo "consumer printed '$out', expected '... $expected'"; exit 1; }
echo "installed package works: $out"
