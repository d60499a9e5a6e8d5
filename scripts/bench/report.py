"""Renders benchmark JSON lines (as appended by scripts/bench/*.sh) as a markdown section.

Usage: /usr/bin/python3 scripts/bench/report.py [RESULTS.jsonl] [--run RUN_ID | --all] [--bench NAME]
By default the newest run in bench-results/results.jsonl; paste the output into docs/benchmarks.md.
"""
import argparse
import json
import os
import sys

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench-results", "results.jsonl")


def load(path):
    runs = {}  # run_id -> records, in file order
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError as e:
                sys.exit(f"report.py: {path}:{n}: not JSON ({e})")
            runs.setdefault(rec.get("run_id") or f"{rec.get('date')} {rec.get('machine')}", []).append(rec)
    return runs


def num(v, unit=""):
    if v is None:
        return "-"
    if unit == "x":
        return f"{v:.3g}x" if v < 1000 else f"{v:.0f}x"
    return f"{v:.4f}" if abs(v) < 10 else f"{v:.2f}"


def table(measured):
    metrics = list(dict.fromkeys(r["what"] for r in measured))
    rows = {}
    for r in measured:
        rows.setdefault(r["configuration"], {})[r["what"]] = r
    # A metric gets a ratio column only when some configuration has a ratio.
    with_ratio = {m for m in metrics if any(r.get("ratio") is not None for r in measured if r["what"] == m)}
    head = ["configuration"]
    for m in metrics:
        short = m.split(".", 1)[-1]
        unit = next(r["unit"] for r in measured if r["what"] == m)
        head += [f"median {short} ({unit})"] + ([f"{short} ratio"] if m in with_ratio else [])
    out = ["| " + " | ".join(head) + " |", "|" + "|".join([":---"] + ["---:"] * (len(head) - 1)) + "|"]
    for conf, by_metric in rows.items():
        cells = [conf]
        for m in metrics:
            r = by_metric.get(m)
            cells.append(num(r["value"]) if r else "-")
            if m in with_ratio:
                cells.append(num(r["ratio"], "x") if r else "-")
        out.append("| " + " | ".join(cells) + " |")
    baselines = list(dict.fromkeys(r["baseline"] for r in measured if r.get("baseline")))
    if baselines:
        if any(r.get("higher_is_better") for r in measured):
            out += ["", f"Ratio = median of the configuration / its baseline ({'; '.join(baselines)}): "
                        "higher is faster."]
        else:
            out += ["", f"Ratio = median of the baseline ({', '.join(sorted(baselines))}) / median of the "
                        "configuration: higher is faster."]
    return out


def section(recs):
    first = recs[0]
    bench = first.get("bench", first["what"].split(".")[0])
    out = [f"### {bench}: {first['date']}", ""]
    details = [f"machine: {first['machine']}"]
    for key, label in (("commit", "commit"), ("parcompute_version", "binary"), ("repeat", "timed rounds"),
                       ("load_at_start", "load average at start")):
        if first.get(key) not in (None, ""):
            details.append(f"{label}: {first[key]}")
    out += ["; ".join(details) + ".", ""]

    # Measurements: one row per configuration, a value and a ratio column per metric; records
    # with a "table" key are grouped into one table per key, in order of appearance.
    measured = [r for r in recs if ".target." not in r["what"] and not r["what"].endswith(".problem")]
    groups = {}
    for r in measured:
        groups.setdefault(r.get("table"), []).append(r)
    for title, group in groups.items():
        if title:
            out += [f"**{title}**", ""]
        out += table(group)
        out.append("")
    if measured:
        out.pop()

    targets = [r for r in recs if ".target." in r["what"]]
    if targets:
        out += ["", "Targets:", ""]
        for r in targets:
            name = r["what"].split(".target.", 1)[1].replace("_", " ")
            rel = ">=" if r["unit"] == "x" else "<="
            suffix = "x" if r["unit"] == "x" else f" {r['unit']}"
            bound = f"{rel} {r['threshold']:g}{suffix}"
            if r.get("threshold_high") is not None:
                bound = f"within {r['threshold']:g}{suffix}..{r['threshold_high']:g}{suffix}"
            best = " (best configuration)" if r.get("best") else ""
            out.append(f"- {name}, {r['configuration']}{best}: {num(r['value'], r['unit'])}"
                       f"{'' if r['unit'] == 'x' else ' ' + r['unit']} vs baseline {r['baseline']}, target {bound}: "
                       f"**{'PASS' if r['pass'] else 'FAIL'}**")
    problems = [r for r in recs if r["what"].endswith(".problem")]
    if problems:
        out += ["", "Problems in this run:", ""] + [f"- {r['value']}" for r in problems]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description="Render benchmark JSON lines as markdown.")
    ap.add_argument("results", nargs="?", default=os.environ.get("PC_BENCH_RESULTS", DEFAULT))
    ap.add_argument("--run", help="the run_id to show (default: the newest run)")
    ap.add_argument("--all", action="store_true", help="every run in the file, oldest first")
    ap.add_argument("--bench", help="only runs of this benchmark (e.g. sumsq)")
    args = ap.parse_args()

    try:
        runs = load(args.results)
    except OSError as e:
        sys.exit(f"report.py: cannot read {args.results}: {e.strerror}")
    if args.bench:
        runs = {k: v for k, v in runs.items() if v[0].get("bench") == args.bench}
    if not runs:
        sys.exit(f"report.py: no runs in {args.results}")
    if args.run:
        if args.run not in runs:
            sys.exit(f"report.py: no run '{args.run}' in {args.results} (have: {', '.join(runs)})")
        chosen = [runs[args.run]]
    elif args.all:
        chosen = list(runs.values())
    else:
        chosen = [list(runs.values())[-1]]
    print("\n\n".join(section(recs) for recs in chosen))


if __name__ == "__main__":
    main()
