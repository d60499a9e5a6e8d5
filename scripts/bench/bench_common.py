"""What every benchmark summary shares: the arguments its shell script passes, and the\nreport of what the timed programs printed on stderr."""


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
