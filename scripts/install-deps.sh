#!/usr/bin/env bash
# Installs the Debian packages parcompute needs to build, test and benchmark.
# Idempotent: installs only what is missing; uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  openmpi-bin libopenmpi-dev
  libhdf5-openmpi-dev hdf5-tools
  libcurl4-openssl-dev libssl-dev
  catch2 libcli11-dev nlohmann-json3-dev
  python3 python3-h5py python3-numpy
  openssl nginx
  # The slurm tests run a real slurmctld and slurmd here (scripts/slurm-local.sh); slurmd's
  # pmix plugin loads libpmix, which libopenmpi-dev pulls in but is named so as not to rely on it.
  munge slurmctld slurmd slurm-client libpmix-dev
)
# Extra groups, selected by name: ./scripts/install-deps.sh bench
for group in "$@"; do
  case "$group" in
    bench) packages+=(hyperfine time libopenblas-dev) ;;
    *) echo "install-deps.sh: unknown group '$group' (accepted: bench)" >&2; exit 2 ;;
  esac
done
# What scripts/bench/fetch.sh compares parcompute fetch with.
for group in "$@"; do
  if [ "$group" = bench ]; then packages+=(wrk curl python3-aiohttp); fi
done
# What scripts/bench/farm.sh compares parcompute farm with (xargs comes with findutils).
for group in "$@"; do
  if [ "$group" = bench ]; then packages+=(python3-mpi4py parallel); fi
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

# libhdf5-dev (serial) must not be present: its h5cc wins CMake's search over the parallel one.
if dpkg-query -W -f='${Status}' libhdf5-dev 2>/dev/null | grep -q 'install ok installed'; then
  echo "install-deps.sh: warning: libhdf5-dev (serial HDF5) is installed; CMake is told to prefer the parallel one" >&2
fi

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "install-deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
