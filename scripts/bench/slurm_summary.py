"""Turns the raw samples of scripts/bench/slurm.sh into a table, target verdicts and JSON lines.

(a) is a difference of medians (sumsq under srun minus the MPI hello world under srun, per
round); (b) a ratio of medians (the farm on one node / on two, so 2 means twice as fast).
"""
import argparse
import json
import os
import statistics

import h5py

from bench_common import add_run_args, print_verdicts, read_run, run_facts, write_results

STARTUP_TARGET = 0.2  # (a) seconds over srun -n 4 of the MPI hello world
SCALING_TARGET = 1.7  # (b) two nodes over one
LABELS = {
    "hello4": "MPI hello world, srun -n 4",
    "sumsq4": "parcompute run sumsq, srun -n 4",
    "farm1": "farm, 2000 x sleep 0.02, 1 node (8 slots)",
    "farm2": "farm, 2000 x sleep 0.02, 2 nodes (rank 0 + 2 x 8 slots)",
    "long1": "farm, 400 x sleep 0.2, 1 node (8 slots)",
    "long2": "farm, 400 x sleep 0.2, 2 nodes (rank 0 + 2 x 8 slots)",
}


def baseline_of(cid):
    return {"hello4": "hello4", "sumsq4": "hello4", "farm1": "farm1", "farm2": "farm1"}.get(cid, "long1")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_run_args(ap)
    ap.add_argument("--tasks", type=int, required=True)
    ap.add_argument("--long-tasks", type=int, required=True)
    args = ap.parse_args()
    rounds = {cid: {} for cid in LABELS}
    problems = []
    with open(args.raw) as raw:
        for line in raw:
            round_, cid, t0, t1, out = line.rstrip("\n").split("\t")
            if int(round_) == 0:
                continue
            rounds[cid][int(round_)] = round(float(t1) - float(t0), 6)
            where = f"{cid} round {round_}"
            if cid == "sumsq4":
                problems += read_run(out, where, (4, 1))[1]
            elif cid.startswith(("farm", "long")):
                n = args.tasks if cid.startswith("farm") else args.long_tasks
                with open(out) as f:
                    doc = json.load(f)
                if (doc.get("tasks"), doc.get("failed"), doc.get("not_run")) != (n, 0, 0):
                    problems.append(f"{where}: {doc.get('tasks')} task(s), {doc.get('failed')} failed, "
                                    f"{doc.get('not_run')} not run; expected {n}, 0, 0")
    # The last round's two-node file: its tasks must have run on both nodes.
    farm2 = os.path.join(os.path.dirname(args.raw), "long2.h5")
    with h5py.File(farm2, "r") as f:
        hosts = sorted(set(f["farm/host"].asstr()[:]))
    if len(hosts) != 2:
        problems.append(f"the farm on two nodes ran its tasks on {hosts}")

    wall = {cid: statistics.median(rounds[cid].values()) for cid in LABELS}
    print(f"\n{'configuration':58} {'median s':>10}")
    for cid, label in LABELS.items():
        print(f"{label:58} {wall[cid]:10.4f}")
    diffs = [rounds["sumsq4"][r] - rounds["hello4"][r] for r in rounds["sumsq4"] if r in rounds["hello4"]]
    over = statistics.median(diffs)
    scaling = wall["farm1"] / wall["farm2"]
    print(f"  long tasks: two nodes {wall['long1'] / wall['long2']:.2f}x one node")
    verdicts = {
        "a": (over <= STARTUP_TARGET, f"run sumsq over the hello world by {over:+.3f} s (at most {STARTUP_TARGET})"),
        "b": (scaling >= SCALING_TARGET, f"farm on two nodes {scaling:.2f}x one node (at least {SCALING_TARGET})"),
    }
    print(f"  tasks of the two-node farm (long) ran on: {', '.join(hosts)}\n")
    print_verdicts(verdicts)

    common = run_facts("slurm", args)
    lines = [{"what": "slurm.wall", "configuration": LABELS[cid], "value": wall[cid], "unit": "s",
              "baseline": LABELS[baseline_of(cid)], "baseline_value": wall[baseline_of(cid)],
              "ratio": wall[baseline_of(cid)] / wall[cid],
              "samples": list(rounds[cid].values()), **common} for cid in LABELS]
    lines += [
        {"what": "slurm.target.startup_overhead", "configuration": LABELS["sumsq4"], "value": over, "unit": "s",
         "baseline": LABELS["hello4"], "baseline_value": wall["hello4"], "ratio": wall["sumsq4"] / wall["hello4"],
         "threshold": STARTUP_TARGET, "samples": diffs, "pass": verdicts["a"][0], **common},
        {"what": "slurm.target.farm_two_nodes", "configuration": LABELS["farm2"], "value": scaling, "unit": "x",
         "baseline": LABELS["farm1"], "baseline_value": wall["farm1"], "ratio": scaling,
         "threshold": SCALING_TARGET, "pass": verdicts["b"][0], **common},
    ]
    return write_results("slurm", args, lines, problems, common, all(ok for ok, _ in verdicts.values()))


if __name__ == "__main__":
    raise SystemExit(main())
