"""Turns the raw samples of scripts/bench/sumsq.sh into a table, target verdicts and JSON lines.

Ratios are baseline median / configuration median, so a ratio of 300 means 300x faster.
"""
import argparse
import statistics
import sys

from bench_common import add_run_args, print_noted_stderr, read_run, run_facts, write_results

BASELINE = "python"
SPEEDUP_TARGET = 100.0   # (a) compute phase at least this many times faster than Python's
STARTUP_TARGET = 0.2     # (b) seconds over the MPI hello world, mpirun -n 4
TARGET_CONFIG = "mpi4_t1"
HELLO_CONFIG = "hello4"


def read_samples(path):
    """Per configuration, in first-seen order: label, kind, and per round (wall, compute)."""
    configs = {}
    problems = []
    invalid = set()  # configurations with a wrong answer or wrong shape: never a target's winner
    with open(path) as raw:
        for line in raw:
            round_, cid, label, kind, ranks, threads, t0, t1, out = line.rstrip("\n").split("\t")
            # Set before skipping the warm-up, which runs the configurations in the script's order.
            entry = configs.setdefault(cid, {"label": label, "kind": kind, "rounds": {}, "stderr": {}})
            if int(round_) == 0:
                continue
            try:
                with open(out[: -len(".out")] + ".err", errors="replace") as f:
                    for err_line in f.read().splitlines():
                        if err_line.strip():
                            entry["stderr"][err_line] = entry["stderr"].get(err_line, 0) + 1
            except OSError:
                pass
            # Microseconds: EPOCHREALTIME's resolution, and all a double keeps of an epoch time.
            wall = round(float(t1) - float(t0), 6)
            compute = None
            if kind in ("python", "parcompute"):
                layout = (ranks, threads) if kind == "parcompute" else None
                doc, wrong = read_run(out, f"{label}, round {round_}", layout)
                if wrong:
                    problems += wrong
                    invalid.add(cid)
                if doc is None:
                    continue
                compute = float(doc["compute_seconds"])
            entry["rounds"][int(round_)] = (wall, compute)
    return configs, problems, invalid


def fmt_s(v):
    return "-" if v is None else f"{v:.4f}" if v < 10 else f"{v:.2f}"


def fmt_x(v):
    return "-" if v is None else f"{v:.3g}x" if v < 1000 else f"{v:.0f}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_run_args(ap)
    args = ap.parse_args()

    configs, problems, invalid = read_samples(args.raw)
    stats = {}
    for cid, c in configs.items():
        walls = [w for w, _ in c["rounds"].values()]
        computes = [x for _, x in c["rounds"].values() if x is not None]
        stats[cid] = {
            "wall": statistics.median(walls),
            "wall_range": (min(walls), max(walls)),
            "walls": walls,
            "compute": statistics.median(computes) if computes else None,
            "compute_range": (min(computes), max(computes)) if computes else None,
            "computes": computes,
        }
    base = stats[BASELINE]

    def ratio(v, b):
        return None if v is None or b is None or v <= 0 else b / v

    header = f"{'configuration':<40} {'wall s':>8} {'compute s':>10} {'wall ratio':>11} {'compute ratio':>14}"
    print()
    print(header)
    print("-" * len(header))
    for cid, c in configs.items():
        s = stats[cid]
        print(f"{c['label']:<40} {fmt_s(s['wall']):>8} {fmt_s(s['compute']):>10} "
              f"{fmt_x(ratio(s['wall'], base['wall'])):>11} {fmt_x(ratio(s['compute'], base['compute'])):>14}")
    print(f"medians of {args.repeat} rounds; ratio = python median / configuration median (higher is faster)")
    print("compute: python = time around pool.map; parcompute = compute_seconds (slowest rank)")

    # (a) compute speed-up, best parcompute configuration and mpirun -n 4.
    pc = {cid: stats[cid] for cid, c in configs.items() if c["kind"] == "parcompute"}
    valid_pc = [cid for cid in pc if cid not in invalid] or list(pc)
    best = min(valid_pc, key=lambda cid: pc[cid]["compute"])
    speedup_best = ratio(pc[best]["compute"], base["compute"])
    speedup_n4 = ratio(pc[TARGET_CONFIG]["compute"], base["compute"])
    pass_a = speedup_best >= SPEEDUP_TARGET and best not in invalid and BASELINE not in invalid
    pass_a4 = speedup_n4 >= SPEEDUP_TARGET and TARGET_CONFIG not in invalid and BASELINE not in invalid

    # (b) start-up: pair the two runs of each round, so a slow moment of the machine hits both.
    n4, hello = configs[TARGET_CONFIG]["rounds"], configs[HELLO_CONFIG]["rounds"]
    diffs = [round(n4[r][0] - hello[r][0], 6) for r in sorted(n4) if r in hello]
    overhead = statistics.median(diffs)
    pass_b = overhead <= STARTUP_TARGET and TARGET_CONFIG not in invalid

    def verdict(ok, *cids):
        wrong = [configs[c]["label"] for c in cids if c in invalid]
        return ("PASS" if ok else "FAIL") + (f" (wrong answers: {', '.join(wrong)})" if wrong else "")

    print()
    print(f"(a) compute phase >= {SPEEDUP_TARGET:g}x faster than python: best is "
          f"'{configs[best]['label']}' at {fmt_x(speedup_best)}: {verdict(pass_a, best, BASELINE)}")
    print(f"    mpirun -n 4, 1 thread: {fmt_x(speedup_n4)}: {verdict(pass_a4, TARGET_CONFIG, BASELINE)}")
    print(f"(b) mpirun -n 4 parcompute within {STARTUP_TARGET:g} s of MPI hello: median difference "
          f"{overhead:+.4f} s (medians {stats[TARGET_CONFIG]['wall']:.4f} vs {stats[HELLO_CONFIG]['wall']:.4f} s): "
          f"{verdict(pass_b, TARGET_CONFIG)}")

    print_noted_stderr([(c["label"], line, count) for c in configs.values() for line, count in c["stderr"].items()],
                       args.repeat)

    common = run_facts("sumsq", args)
    lines = []
    for cid, c in configs.items():
        s = stats[cid]
        for metric, value, samples in (("wall", s["wall"], s["walls"]), ("compute", s["compute"], s["computes"])):
            if value is None:
                continue
            b = base[metric]
            lines.append({"what": f"sumsq.{metric}", "configuration": c["label"], "value": value, "unit": "s",
                          "baseline": configs[BASELINE]["label"], "baseline_value": b, "ratio": ratio(value, b),
                          "samples": samples, **common})
    speedups = [(best, speedup_best, pass_a)]
    if best != TARGET_CONFIG:
        speedups.append((TARGET_CONFIG, speedup_n4, pass_a4))
    for cid, value, ok in speedups:
        lines.append({"what": "sumsq.target.compute_speedup", "configuration": configs[cid]["label"],
                      "value": value, "unit": "x", "baseline": configs[BASELINE]["label"] + " compute",
                      "baseline_value": base["compute"], "ratio": value, "threshold": SPEEDUP_TARGET,
                      "best": cid == best, "pass": ok, **common})
    lines.append({"what": "sumsq.target.startup_overhead", "configuration": configs[TARGET_CONFIG]["label"],
                  "value": overhead, "unit": "s", "baseline": configs[HELLO_CONFIG]["label"],
                  "baseline_value": stats[HELLO_CONFIG]["wall"],
                  "ratio": ratio(stats[TARGET_CONFIG]["wall"], stats[HELLO_CONFIG]["wall"]),
                  "threshold": STARTUP_TARGET, "samples": diffs, "pass": pass_b, **common})
    return write_results("sumsq", args, lines, problems, common, pass_a and pass_b)


if __name__ == "__main__":
    sys.exit(main())
