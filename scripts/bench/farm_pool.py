"""The multiprocessing baseline of scripts/bench/farm.sh: Pool(2).map of a no-op over N items
with chunksize=1 (one item per hand-out, as the farm's tasks are one line each), and prints
how many results came back.

Run as: /usr/bin/python3 scripts/bench/farm_pool.py N
"""
import multiprocessing
import sys


def noop(i):
    return i


def main():
    n = int(sys.argv[1])
    with multiprocessing.Pool(2) as pool:
        got = len(pool.map(noop, range(n), chunksize=1))
    print(got)
    return 0 if got == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
