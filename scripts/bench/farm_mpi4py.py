"""The mpi4py.futures baseline of scripts/bench/farm.sh: maps a no-op over N items with
MPIPoolExecutor, one item per message (its default chunk size, as the farm's tasks are one
line each), and prints how many results came back.

Run as: mpiexec -n 3 /usr/bin/python3 -m mpi4py.futures scripts/bench/farm_mpi4py.py N
(rank 0 runs this script, the other ranks are the pool's workers).
"""
import sys

from mpi4py.futures import MPIPoolExecutor


def noop(i):
    return i


def main():
    n = int(sys.argv[1])
    with MPIPoolExecutor() as pool:
        got = sum(1 for _ in pool.map(noop, range(n)))
    print(got)
    return 0 if got == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
