"""What every benchmark summary shares: the arguments its shell script passes, the report of
what the timed programs printed on stderr, and how the results are written and judged."""
import json
import sys


def add_run_args(ap):
    """Adds the options that describe one benchmark run (raw samples, where results go, and
    the facts recorded with every JSON line)."""
    ap.add_argument("--raw", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--machine", required=True)
    ap.add_argument("--date", required=True)
    ap.add_argument("--run-id", required=True)
    ap.add_argument("--repeat", type=int, required=True)
    ap.add_argument("--commit", default="unknown")
    ap.add_argument("--version", default="")
    ap.add_argument("--load", default="")
    ap.add_argument("--check", action="store_true")


def read_run(out, where, layout=None):
    """The JSON object a timed run printed to the file `out`, and what is wrong with it, each
    problem prefixed with `where`: unreadable (the object is then None), a result that does
    not validate, or, when `layout` = (ranks, threads) is given, a run with another layout (a
    configuration that silently ran so would be mislabelled)."""
    try:
        with open(out) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        return None, [f"{where}: unreadable output ({e})"]
    problems = []
    if doc.get("validates") is not True:
        problems.append(f"{where}: the result does not validate")
    if layout is not None and (doc.get("ranks"), doc.get("threads")) != (int(layout[0]), int(layout[1])):
        problems.append(f"{where}: ran with {doc.get('ranks')} ranks x {doc.get('threads')} threads, "
                        f"expected {layout[0]} x {layout[1]}")
    return doc, problems


def print_noted_stderr(noted, repeat):
    """Prints (label, line, rounds) triples: warnings the programs printed belong beside the
    numbers."""
    if not noted:
        return
    print("\nstderr of the timed runs (line, in how many rounds):")
    for label, line, count in noted[:12]:
        print(f"  {label}: {line[:160]} [{count}/{repeat}]")
    if len(noted) > 12:
        print(f"  ... and {len(noted) - 12} more distinct lines")


def run_facts(bench, args):
    """The facts every JSON line of one run carries (add_run_args' options)."""
    return {"bench": bench, "run_id": args.run_id, "machine": args.machine, "date": args.date,
            "repeat": args.repeat, "commit": args.commit, "parcompute_version": args.version,
            "load_at_start": args.load}


def print_verdicts(verdicts):
    """Prints `{key: (passed, text)}` as "(key) text: PASS|FAIL" lines."""
    for key, (ok, text) in verdicts.items():
        print(f"({key}) {text}: {'PASS' if ok else 'FAIL'}")


def write_results(bench, args, lines, problems, common, targets_met):
    """Appends `lines` and a line per problem to args.results and returns the exit status:
    1 when a run gave a wrong answer or was mislabelled (`problems`), 1 when a target was
    missed under --check, else 0."""
    lines = lines + [{"what": f"{bench}.problem", "configuration": "", "value": p, "unit": "", "baseline": "",
                      "ratio": None, **common} for p in problems]
    with open(args.results, "a") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    print(f"\nappended {len(lines)} lines to {args.results} (run {args.run_id})")
    if problems:
        print("\nWRONG ANSWERS OR MISLABELLED RUNS:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    return 1 if args.check and not targets_met else 0
