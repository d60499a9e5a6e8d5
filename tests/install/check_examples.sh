#!/usr/bin/env bash
# Builds examples/ against the installed package, as a user would, and runs each with its
# output checked: pool_map alone and under mpiexec -n 2, the fetch examples against the
# test nginx. Usage: check_examples.sh BUILD_DIR SOURCE_DIR MPIEXEC SERVERS_DIR
set -euo pipefail
build=$1 src=$2 mpiexec=$3 servers=$4
work=$(mktemp -d /tmp/pc-examples-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_examples: $*" >&2; exit 1; }
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/../examples" -B "$work/examples" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/examples" >/dev/null
ex=$work/examples

# Sum of i*i for i < 10^7 is (10^7-1) 10^7 (2*10^7-1) / 6; for i < 1000, 332833500.
expected=$(for t in 0 1 2 3; do echo "task $t: 333333283333335000000"; done)
[ "$(OMP_NUM_THREADS=2 "$ex/pool_map")" = "$expected" ] || fail "pool_map alone"
[ "$(OMP_NUM_THREADS=1 "$mpiexec" -n 2 "$ex/pool_map")" = "$expected" ] || fail "pool_map under mpiexec -n 2"
[ "$("$ex/pool_map" 3 1000)" = "$(printf 'task %s: 332833500\n' 0 1 2)" ] || fail "pool_map 3 1000"

base="http://127.0.0.1:$(cat "$servers/nginx/port")"
out=$("$ex/threads_fetch" "$base/1k.bin" "$base/64k.bin" "$base/f7.txt" "$base/1k.bin" "$base/no-such-file") && rc=0 || rc=$?
[ "$rc" = 1 ] || fail "threads_fetch: exit $rc with a missing file among the URLs, expected 1"
[ "$(grep -c ' status 200, ' <<<"$out")" = 4 ] || fail "threads_fetch: $out"
grep -q "^$base/64k.bin status 200, 65536 bytes" <<<"$out" || fail "threads_fetch 64k: $out"
grep -q "^$base/no-such-file status 404, .*error: " <<<"$out" || fail "threads_fetch 404: $out"

sha=$(sha256sum "$servers/nginx/html/1k.bin" | cut -c1-16)
out=$("$ex/async_fetch" -k 2 "$base/1k.bin" "$base/1k.bin" "$base/64k.bin" "$base/1k.bin" "$base/empty.bin")
[ "$(grep -c "1k.bin status 200, 1024 bytes, sha256 $sha" <<<"$out")" = 3 ] || fail "async_fetch: $out"
[ "$(tail -1 <<<"$out")" = "5 URL(s), $((3 * 1024 + 65536)) bytes, 0 failed" ] || fail "async_fetch summary: $out"
# The README's program, as a user copies it from there.
mkdir -p "$work/readme"
awk '/^```cpp$/ {on = 1; next} /^```$/ {if (on) exit} on' "$src/../README.md" >"$work/readme/main.cpp"
cat >"$work/readme/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(readme LANGUAGES C CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(parcompute REQUIRED)
add_executable(readme main.cpp)
target_compile_options(readme PRIVATE -Wall -Wextra -Werror)
target_link_libraries(readme PRIVATE parcompute::parcompute)
CMAKE
cmake -S "$work/readme" -B "$work/readme/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/readme/build" >/dev/null
[ "$(OMP_NUM_THREADS=2 "$work/readme/build/readme")" = "$(sed 's/^task [0-9]: //' <<<"$expected")" ] ||
  fail "the README's program"
echo "examples and the README's program built against the installed package and gave the expected output"
