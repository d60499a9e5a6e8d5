"""The naive Python baseline for the sumsq benchmark: multiprocessing.Pool(4) over pure-Python sums.

Prints one JSON object on stdout; compute_seconds covers only pool.map, so the comparison
with parcompute's compute phase leaves out interpreter and pool start-up.
"""
import json
import multiprocessing
import time

TASKS = 4
SIZE = 10_000_000


def f(n):
    return sum(i * i for i in range(n))


def main():
    with multiprocessing.Pool(4) as pool:
        start = time.perf_counter()
        results = pool.map(f, [SIZE] * TASKS)
        compute = time.perf_counter() - start
    # Checked here as well as in parcompute, so a fast wrong answer cannot win.
    expected = SIZE * (SIZE - 1) * (2 * SIZE - 1) // 6
    print(json.dumps({
        "compute_seconds": compute,
        "results": [str(r) for r in results],
        "validates": all(r == expected for r in results),
    }))


if __name__ == "__main__":
    main()
