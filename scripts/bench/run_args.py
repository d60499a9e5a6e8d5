"""The command-line arguments every benchmark summary takes from its shell script."""


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
