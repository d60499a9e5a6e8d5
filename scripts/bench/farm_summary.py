"""Turns the raw samples of scripts/bench/farm.sh into tables, target verdicts and JSON lines.

Every value is a whole process's wall time (median over the timed rounds) or its peak RSS. In
each table the ratio is the baseline's median / the configuration's median (higher is faster):
the dispatch and exec tables take the farm as their baseline, so a slower tool shows below 1x;
the load-balance table takes the static schedule. The targets are ratios of medians, each
with its per-round ratios beside it.
"""
import argparse
import json
import re
import statistics

from bench_common import add_run_args, print_noted_stderr, print_verdicts, run_facts, write_results

MPI4PY_TARGET = 10.0    # (a) farm dispatch against mpi4py.futures
POOL_TARGET = 1.5       # (b) farm dispatch against Pool(2)
XARGS_TARGET = 0.8      # (c) exec rate against xargs -P 2
PARALLEL_TARGET = 4.0   # (d) exec rate against GNU parallel -j2
BALANCE_TARGET = 1.5    # (e) dynamic against static on the skewed list
RSS_LIMIT_MIB = 300.0   # (f) the large farm's peak RSS
RESUME_LIMIT_S = 2.0    # (g) resume of the complete journal

# What the farm prints on stderr as a matter of course: its opening line and progress lines.
FARM_START = re.compile(r"^parcompute farm: (\d+) task\(s\)(?:, (\d+) already journaled)?; "
                        r"(\d+) worker rank\(s\) x (\d+) slot\(s\)$")
FARM_ROUTINE = re.compile(r"^(parcompute farm: |farm: \d+/\d+ done)")
FARM_IDS = ("farm_dispatch", "farm_exec", "dynamic", "static", "scale", "resume")


def labels(a):
    lay = f"{a.ranks - 1} workers x {a.slots} slots"
    return {
        "farm_dispatch": f"parcompute farm, mpiexec -n {a.ranks} ({lay})",
        "mpi4py": f"mpi4py.futures MPIPoolExecutor.map, mpiexec -n {a.ranks}",
        "pool": "python multiprocessing.Pool(2).map, chunksize=1",
        "farm_exec": "parcompute farm alone, --slots 2",
        "xargs": "xargs -P 2 -n 1 true",
        "parallel": "GNU parallel -j2 true",
        "dynamic": f"--schedule dynamic, mpiexec -n {a.ranks} ({lay})",
        "static": f"--schedule static, mpiexec -n {a.ranks} ({lay})",
        "scale": f"parcompute farm alone (default slots), {a.scale_tasks} run noop, --keep-journal",
        "resume": f"--resume of its complete journal ({a.scale_tasks} journaled)",
    }


def tables(a):
    return {
        "dispatch": f"dispatch: {a.dispatch_tasks} run noop tasks (ratio: the farm's median / this one's)",
        "exec": f"exec: {a.exec_tasks} runs of true on 2 slots (ratio: the farm's median / this one's)",
        "balance": f"load balance: {a.skew_tasks} exec -- sleep tasks, 200 ms down to 1 ms, long ones first, "
                   f"{a.skew_seconds:g} s of sleep",
        "scale": f"scale: {a.scale_tasks} run noop tasks, one process",
    }


GROUP = {"farm_dispatch": "dispatch", "mpi4py": "dispatch", "pool": "dispatch",
         "farm_exec": "exec", "xargs": "exec", "parallel": "exec",
         "dynamic": "balance", "static": "balance", "scale": "scale", "resume": "scale"}
BASELINE = {"dispatch": "farm_dispatch", "exec": "farm_exec", "balance": "static"}


def tasks_of(cid, a):
    return {"dispatch": a.dispatch_tasks, "exec": a.exec_tasks, "balance": a.skew_tasks,
            "scale": a.scale_tasks}[GROUP[cid]]


def read_samples(path):
    """Per configuration, per timed round: (wall seconds, stdout file, stderr file, RSS file)."""
    rounds = {cid: {} for cid in GROUP}
    with open(path) as raw:
        for line in raw:
            round_, cid, t0, t1, out, err, rss = line.rstrip("\n").split("\t")
            if int(round_) > 0:
                rounds[cid][int(round_)] = (round(float(t1) - float(t0), 6), out, err, rss)
    return rounds


def read_text(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def check_outputs(rounds, a):
    """What is wrong with the timed runs' answers, the peak RSS samples (MiB) and the stderr
    lines that are not the farm's routine ones."""
    problems, rss, noted = [], {}, {}
    for cid, by_round in rounds.items():
        n = tasks_of(cid, a)
        for r, (_, out, err, rss_path) in by_round.items():
            where = f"{cid} round {r}"
            err_text = read_text(err)
            for line in err_text.splitlines():
                if line.strip() and not (cid in FARM_IDS and FARM_ROUTINE.match(line)):
                    noted[(cid, line)] = noted.get((cid, line), 0) + 1
            if cid in FARM_IDS:
                try:
                    doc = json.loads(read_text(out))
                except ValueError as e:
                    problems.append(f"{where}: unreadable --json output ({e})")
                    doc = {}
                if (doc.get("tasks"), doc.get("failed"), doc.get("not_run")) != (n, 0, 0):
                    problems.append(f"{where}: recorded {doc.get('tasks')} task(s), {doc.get('failed')} failed, "
                                    f"{doc.get('not_run')} not run; expected {n}, 0, 0")
                start = next((m for m in map(FARM_START.match, err_text.splitlines()) if m), None)
                mpi = cid not in ("farm_exec", "scale", "resume")
                # The large farm runs with the default slots: whatever it chose is right.
                slots = None if cid in ("scale", "resume") else a.slots if mpi else 2
                want = (n, n if cid == "resume" else None, a.ranks - 1 if mpi else 1, slots)
                got = None if start is None else (int(start.group(1)), int(start.group(2)) if start.group(2) else None,
                                                  int(start.group(3)), None if slots is None else int(start.group(4)))
                if got != want:
                    problems.append(f"{where}: the farm reported (tasks, journaled, workers, slots) {got}, expected {want}")
            elif cid in ("mpi4py", "pool") and read_text(out).strip() != str(n):
                problems.append(f"{where}: {read_text(out).strip()!r} results, expected {n}")
            if rss_path != "-":
                try:
                    rss.setdefault(cid, {})[r] = int(read_text(rss_path).strip().splitlines()[-1]) / 1024
                except (ValueError, IndexError):
                    problems.append(f"{where}: no peak RSS from /usr/bin/time")
    return problems, rss, [(cid, line, count) for (cid, line), count in noted.items()]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_run_args(ap)
    ap.add_argument("--quick", action="store_true")
    for name in ("--dispatch-tasks", "--exec-tasks", "--skew-tasks", "--scale-tasks", "--ranks", "--slots"):
        ap.add_argument(name, type=int, required=True)
    ap.add_argument("--skew-seconds", type=float, required=True)
    args = ap.parse_args()
    label, table = labels(args), tables(args)
    rounds = read_samples(args.raw)
    problems, rss, noted = check_outputs(rounds, args)
    # The configurations this run timed (farm.sh --only runs some of the groups).
    ran = [cid for cid in GROUP if rounds[cid]]
    wall = {cid: statistics.median(w for w, *_ in rounds[cid].values()) for cid in ran}
    rss_med = {cid: statistics.median(v.values()) for cid, v in rss.items()}
    groups = {GROUP[cid] for cid in ran}

    def ratio(cid):
        base = BASELINE.get(GROUP[cid])
        return None if base is None else wall[base] / wall[cid]

    def per_round(slow, fast):
        """Per timed round: slow's wall / fast's wall (how many times faster fast was)."""
        return [round(rounds[slow][r][0] / rounds[fast][r][0], 4) for r in sorted(rounds[fast]) if r in rounds[slow]]

    workers_slots = (args.ranks - 1) * args.slots
    ideal = args.skew_seconds / workers_slots
    current = None
    for cid in ran:
        if GROUP[cid] != current:
            current = GROUP[cid]
            print(f"\n{table[current]}")
            print(f"  {'configuration':66} {'median s':>9} {'tasks/s':>10} {'ratio':>7} {'peak RSS':>10}")
        r = ratio(cid)
        print(f"  {label[cid]:66} {wall[cid]:9.4f} {tasks_of(cid, args) / wall[cid]:10.0f} "
              f"{'' if r is None else f'{r:6.3g}x':>7} {f'{rss_med[cid]:.1f} MiB' if cid in rss_med else '':>10}")
        if cid == "static":  # the last of the balance table
            print(f"  (the skewed list's sleep over {workers_slots} slots: {ideal:.3f} s at best; "
                  f"its longest task: 0.200 s)")

    # letter: (target name, group, the farm's configuration, the baseline's, threshold, text).
    # A ratio target passes at threshold or above; the two limits (no baseline) below it.
    specs = {
        "a": ("dispatch_vs_mpi4py", "dispatch", "farm_dispatch", "mpi4py", MPI4PY_TARGET,
              "dispatch {:.2f}x faster than mpi4py.futures (at least {:g})"),
        "b": ("dispatch_vs_pool", "dispatch", "farm_dispatch", "pool", POOL_TARGET,
              "dispatch {:.2f}x faster than Pool(2) (at least {:g})"),
        "c": ("exec_vs_xargs", "exec", "farm_exec", "xargs", XARGS_TARGET,
              "exec at {:.2f}x the rate of xargs -P 2 (at least {:g})"),
        "d": ("exec_vs_parallel", "exec", "farm_exec", "parallel", PARALLEL_TARGET,
              "exec at {:.2f}x the rate of GNU parallel (at least {:g})"),
        "e": ("dynamic_vs_static", "balance", "dynamic", "static", BALANCE_TARGET,
              "dynamic {:.2f}x faster than static (at least {:g})"),
        "f": ("peak_rss", "scale", "scale", None, RSS_LIMIT_MIB,
              f"peak RSS of the {args.scale_tasks}-task farm {{:.1f}} MiB (under {{:g}})"),
        "g": ("resume_seconds", "scale", "resume", None, RESUME_LIMIT_S,
              "resume of the complete journal {:.3f} s (under {:g})"),
    }
    values, verdicts = {}, {}
    for letter, (name, group, cid, base, threshold, text) in specs.items():
        if group not in groups:
            continue
        if base is not None:
            value = wall[base] / wall[cid]  # the same count on both sides: the ratio of rates
            ok = value >= threshold
        else:
            value = rss_med.get(cid) if name == "peak_rss" else wall[cid]
            ok = value is not None and value < threshold
        values[letter] = value
        verdicts[letter] = (ok, text.format(float("nan") if value is None else value, threshold))
    print()
    print_verdicts(verdicts)
    if args.quick:
        print("(--quick: smaller counts than the targets are set for)")
    print_noted_stderr(noted, args.repeat)

    common = {**run_facts("farm", args), "quick": args.quick}
    lines = []
    for cid in ran:
        base = BASELINE.get(GROUP[cid])
        lines.append({"what": "farm.wall", "configuration": label[cid], "value": wall[cid], "unit": "s",
                      "baseline": label[base] if base else "", "baseline_value": wall[base] if base else None,
                      "ratio": ratio(cid), "samples": [w for w, *_ in rounds[cid].values()],
                      "table": table[GROUP[cid]], **common})
        lines.append({"what": "farm.rate", "configuration": label[cid], "value": tasks_of(cid, args) / wall[cid],
                      "unit": "tasks/s", "baseline": "", "baseline_value": None, "ratio": None,
                      "table": table[GROUP[cid]], **common})
        if cid in rss_med:
            lines.append({"what": "farm.peak_rss", "configuration": label[cid], "value": rss_med[cid], "unit": "MiB",
                          "baseline": "", "baseline_value": None, "ratio": None,
                          "samples": list(rss[cid].values()), "table": table[GROUP[cid]], **common})

    for letter, (ok, _) in verdicts.items():
        name, _, cid, base, threshold, _ = specs[letter]
        unit = "x" if base else "MiB" if name == "peak_rss" else "s"
        if base:
            samples = per_round(base, cid)
        elif name == "peak_rss":
            samples = list(rss.get(cid, {}).values())
        else:
            samples = [w for w, *_ in rounds[cid].values()]
        extra = {"ideal_seconds": ideal} if name == "dynamic_vs_static" else {}
        lines.append({"what": f"farm.target.{name}", "configuration": label[cid], "value": values[letter],
                      "unit": unit, "baseline": label[base] if base else "limit",
                      "baseline_value": wall[base] if base else None, "ratio": values[letter] if base else None,
                      "threshold": threshold, "pass": ok, "samples": samples, **extra, **common})
    return write_results("farm", args, lines, problems, common, all(ok for ok, _ in verdicts.values()))


if __name__ == "__main__":
    raise SystemExit(main())
