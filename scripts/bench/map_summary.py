"""Turns the raw samples of scripts/bench/map.sh into a table, target verdicts and JSON lines.

Speed-ups are Python median / configuration median (30 means 30x faster); the map schedules
are compared inside pc_map_bench's own runs (static median / dynamic median per round, so
0.5 means dynamic takes twice as long).
"""
import argparse
import json
import statistics

from bench_common import add_run_args, print_verdicts, read_run, run_facts, write_results

SPEEDUP_TARGET = 30.0    # (b), (c) whole process against the Python program
DYNAMIC_TARGET = 0.5     # (a) dynamic at least half as fast as static (within 2x)
STARTUP_TARGET = 0.010   # (d) seconds over parcompute --version plus the file's own cost
EXACT = str((10**7 - 1) * 10**7 * (2 * 10**7 - 1) // 6)  # sum of i*i for i < 10^7
LABELS = {
    "python": "python Pool(4)",
    "pool_map": "examples/pool_map, 1 process, 2 threads",
    "run_sumsq": "parcompute run sumsq, 1 process, 2 threads",
    "version": "parcompute --version",
    "run_small": "parcompute run sumsq --tasks 1 --size 1000",
    "h5_none": "h5_small none (HDF5 loaded, not called)",
    "h5_write": "h5_small write (a file like the tiny run's)",
    "map_n3": "pc_map_bench 100000, mpirun -n 3",
}


def read_samples(path):
    """Per configuration, per timed round: (wall seconds, output file)."""
    rounds = {cid: {} for cid in LABELS}
    with open(path) as raw:
        for line in raw:
            round_, cid, t0, t1, out = line.rstrip("\n").split("\t")
            if int(round_) > 0:
                rounds[cid][int(round_)] = (round(float(t1) - float(t0), 6), out)
    return rounds


def check_outputs(rounds):
    """What is wrong with the timed programs' answers, and the map medians of each round."""
    problems, schedules = [], []
    for r, (_, out) in rounds["pool_map"].items():
        with open(out) as f:
            if f.read().splitlines() != [f"task {t}: {EXACT}" for t in range(4)]:
                problems.append(f"pool_map round {r}: not four exact sums")
    for cid in ("run_sumsq", "run_small"):
        for r, (_, out) in rounds[cid].items():
            problems += read_run(out, f"{cid} round {r}")[1]
    for r, (_, out) in rounds["map_n3"].items():
        with open(out) as f:
            got = {d["schedule"]: d["median_seconds"] for d in map(json.loads, f.read().splitlines())}
        schedules.append((got["blocks"], got["dynamic"]))
    return problems, schedules


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_run_args(ap)
    args = ap.parse_args()
    rounds = read_samples(args.raw)
    problems, schedules = check_outputs(rounds)
    wall = {cid: statistics.median(w for w, _ in rounds[cid].values()) for cid in LABELS}
    base = wall["python"]

    print(f"\n{'configuration':48} {'median s':>10} {'speed-up':>9}")
    for cid, label in LABELS.items():
        print(f"{label:48} {wall[cid]:10.4f} {base / wall[cid]:8.1f}x")
    static = statistics.median(s for s, _ in schedules)
    dynamic = statistics.median(d for _, d in schedules)
    print(f"{'  map call alone, static blocks':48} {static:10.4f}")
    print(f"{'  map call alone, dynamic':48} {dynamic:10.4f}")

    per_round = [s / d for s, d in schedules]  # static time / dynamic time: dynamic's relative speed
    ratio_a = statistics.median(per_round)
    def per_round_difference(a, b):
        return {r: rounds[a][r][0] - rounds[b][r][0] for r in rounds[a] if r in rounds[b]}
    over_version = per_round_difference("run_small", "version")
    file_cost = per_round_difference("h5_write", "h5_none")
    start_diffs = [round(over_version[r] - file_cost[r], 6) for r in sorted(over_version) if r in file_cost]
    overhead = statistics.median(start_diffs)
    plain = statistics.median(over_version.values())
    print(f"{'  tiny run - --version':48} {plain:10.4f}")
    print(f"{'  a bare HDF5 file (h5_small write - none)':48} {statistics.median(file_cost.values()):10.4f}")
    verdicts = {
        "a": (ratio_a >= DYNAMIC_TARGET, f"dynamic at {ratio_a:.2f}x the speed of static (at least {DYNAMIC_TARGET:g})"),
        "b": (base / wall["pool_map"] >= SPEEDUP_TARGET, f"pool_map {base / wall['pool_map']:.1f}x python"),
        "c": (base / wall["run_sumsq"] >= SPEEDUP_TARGET, f"run sumsq {base / wall['run_sumsq']:.1f}x python"),
        "d": (overhead <= STARTUP_TARGET, f"run over --version plus its file by {overhead * 1000:+.1f} ms "
                                          f"(at most 10 ms; {plain * 1000:+.1f} ms over --version alone)"),
    }
    print()
    print_verdicts(verdicts)

    common = run_facts("map", args)
    lines = [{"what": "map.wall", "configuration": LABELS[cid], "value": wall[cid], "unit": "s",
              "baseline": LABELS["python"], "baseline_value": base, "ratio": base / wall[cid],
              "samples": [w for w, _ in rounds[cid].values()], **common} for cid in LABELS]
    lines += [
        {"what": "map.target.dynamic_speed", "configuration": LABELS["map_n3"], "value": ratio_a, "unit": "x",
         "baseline": "static blocks", "baseline_value": static, "ratio": ratio_a, "threshold": DYNAMIC_TARGET,
         "samples": per_round, "pass": verdicts["a"][0], **common},
        {"what": "map.target.pool_map_speedup", "configuration": LABELS["pool_map"], "value": base / wall["pool_map"],
         "unit": "x", "baseline": LABELS["python"], "baseline_value": base, "ratio": base / wall["pool_map"],
         "threshold": SPEEDUP_TARGET, "pass": verdicts["b"][0], **common},
        {"what": "map.target.run_sumsq_speedup", "configuration": LABELS["run_sumsq"],
         "value": base / wall["run_sumsq"], "unit": "x", "baseline": LABELS["python"], "baseline_value": base,
         "ratio": base / wall["run_sumsq"], "threshold": SPEEDUP_TARGET, "pass": verdicts["c"][0], **common},
        {"what": "map.target.startup_overhead", "configuration": LABELS["run_small"], "value": overhead, "unit": "s",
         "baseline": LABELS["version"] + " + a bare HDF5 program's file", "baseline_value": wall["version"],
         "ratio": wall["run_small"] / wall["version"], "threshold": STARTUP_TARGET, "samples": start_diffs,
         "over_version": plain, "file_cost": statistics.median(file_cost.values()), "pass": verdicts["d"][0], **common},
    ]
    return write_results("map", args, lines, problems, common, all(ok for ok, _ in verdicts.values()))


if __name__ == "__main__":
    raise SystemExit(main())
