#!/usr/bin/python3
"""Benchmarks `parcompute fetch` on loopback against wrk, curl, a bare libcurl loop and Python
clients, each case --rounds times with the tools taking turns (medians compared), all against
one nginx started here (tests/fixtures/servers.py) and stopped at the end.
Called by scripts/bench/fetch.sh, which documents the options."""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SERVERS = os.path.join(REPO, "tests", "fixtures", "servers.py")
PY = "/usr/bin/python3"
TABLES = {
    "requests_per_second": "requests/s, 1 KiB files, 8 in flight, whole process",
    "seconds_200_urls": "200 URLs (1 KiB), whole process",
    "mb_per_second_64mib": "one 64 MiB file, transfer throughput",
    "peak_rss": "peak RSS",
}


class Bench:
    def __init__(self, args):
        self.args = args
        self.lines = []
        self.rows = []
        self.problems = []
        # The machine, date and load as scripts/bench/lib.sh's bench_describe read them.
        self.common = {
            "bench": "fetch", "machine": args.machine, "date": args.date,
            "run_id": "fetch-" + args.date.replace("-", "").replace(":", "") + f"-{os.getpid()}",
            "load_at_start": args.load, "commit": args.commit, "parcompute_version": args.version,
        }

    def timed(self, cmd, env=None):
        """Runs cmd; returns (seconds, stdout, peak RSS in KiB of the child)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=self.args.timeout,
                           env={**os.environ, **(env or {})})
        seconds = time.monotonic() - t0
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if p.returncode not in (0,):
            raise RuntimeError(f"{' '.join(cmd[:3])}... exit {p.returncode}: {p.stderr.strip()[-300:]}")
        return seconds, p.stdout, rss if rss > before else None

    def record(self, what, configuration, value, unit, baseline="", baseline_value=None, ratio=None, **extra):
        extra.setdefault("table", TABLES.get(what.split(".")[0]))
        self.lines.append({"what": f"fetch.{what}", "configuration": configuration, "value": value, "unit": unit,
                           "baseline": baseline, "baseline_value": baseline_value, "ratio": ratio,
                           **extra, **self.common})
        self.rows.append((what, configuration, value, unit, baseline, ratio))

    def target(self, name, configuration, value, unit, baseline, threshold, ok, **extra):
        self.record(f"target.{name}", configuration, value, unit, baseline, ratio=value, threshold=threshold,
                    **{"pass": ok}, **extra)


def url_file(path, urls):
    with open(path, "w") as f:
        f.write("\n".join(urls) + "\n")
    return path


def fetch_summary(binary, path):
    """The /fetch group's attributes of a results file, read with `parcompute inspect`."""
    text = subprocess.run([binary, "inspect", path, "--rows", "1"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    group = text.split("\ngroup /fetch\n", 1)[1]
    summary = {}
    for line in group.splitlines():
        m = re.fullmatch(r"  (\w+): (\S+)", line)
        if m:
            summary[m.group(1)] = float(m.group(2)) if re.fullmatch(r"[-+.\deE]+", m.group(2)) else m.group(2)
    return summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--rss-urls", type=int, default=100000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--check", action="store_true")
    for fact in ("--machine", "--date", "--commit", "--version"):
        ap.add_argument(fact, required=True)
    ap.add_argument("--load", type=float, required=True)
    args = ap.parse_args()
    b = Bench(args)
    tmp = tempfile.mkdtemp(prefix="pc-bench-fetch-")
    servers = os.path.join(tmp, "servers")
    subprocess.run([PY, SERVERS, "start", servers], check=True)
    try:
        run(b, tmp, servers)
    finally:
        subprocess.run([PY, SERVERS, "stop", servers])
        shutil.rmtree(tmp, ignore_errors=True)
    report(b)
    if args.check and any(l["what"].startswith("fetch.target.") and not l["pass"] for l in b.lines):
        return 1
    return 0


def run(b, tmp, servers):
    a = b.args
    port = int(open(os.path.join(servers, "nginx", "port")).read())
    base = f"http://127.0.0.1:{port}"
    html = os.path.join(servers, "nginx", "html")
    with open(os.path.join(html, "64m.bin"), "wb") as f:
        f.write(os.urandom(1 << 20) * 64)
    bare = os.path.join(tmp, "curl_multi_bare")
    subprocess.run(["gcc", "-O2", "-o", bare, os.path.join(HERE, "curl_multi_bare.c"), "-lcurl"], check=True,
                   timeout=120)
    out = os.path.join(tmp, "out.h5")
    # As a user runs it: a single process (parcompute does not start MPI for it), the rows
    # only in the results file. --json would also print every row on stdout (20 ms at 20,000
    # rows), which the Python clients do not do either.
    pc = [a.binary, "fetch", "-o", out, "--force", "--quiet"]

    def parcompute(urls_path, *extra):
        secs, _, rss = b.timed(pc + ["--input", urls_path, *extra])
        summary = fetch_summary(a.binary, out)  # after the clock stopped; also checks the file
        if summary["failed"]:
            b.problems.append(f"parcompute {' '.join(extra)}: {summary['failed']:g} URLs failed")
        listed = sum(1 for line in open(urls_path) if line.strip())
        if summary["urls"] != listed:
            b.problems.append(f"parcompute {' '.join(extra)}: {summary['urls']:g} rows in the file for {listed} URLs")
        return secs, summary, rss

    def python_client(mode, urls_path, conc):
        secs, stdout, _ = b.timed([PY, os.path.join(HERE, "fetch_clients.py"), mode, urls_path, str(conc)])
        doc = json.loads(stdout)
        if doc["failed"]:
            b.problems.append(f"python {mode}: {doc['failed']} URLs failed")
        return secs

    def wrk():
        text = subprocess.run(["wrk", "-t1", "-c8", "-d3s", f"{base}/1k.bin"], capture_output=True, text=True,
                              timeout=60).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))

    def bare_loop(n):
        doc = json.loads(b.timed([bare, f"{base}/1k.bin", str(n), "8"])[1])
        if doc["failed"]:
            b.problems.append(f"curl_multi_bare: {doc['failed']} requests failed")
        return doc["requests_per_second"]

    # Every case runs --rounds times, the tools taking turns; the medians are compared.
    rounds = range(a.rounds)
    n = a.requests
    many = url_file(os.path.join(tmp, "many.txt"), [f"{base}/1k.bin"] * n)
    small_n = min(n, 4000)
    small = url_file(os.path.join(tmp, "small.txt"), [f"{base}/1k.bin"] * small_n)

    # 1. Requests/s, 1 KiB files, 8 in flight.
    rps = {k: [] for k in ("wrk", "pc", "pc_phase", "bare", "threads", "aio", "pythreads")}
    for _ in rounds:
        rps["wrk"].append(wrk())
        secs, summary, _ = parcompute(many, "--max-in-flight", "8")
        rps["pc"].append(n / secs)
        rps["pc_phase"].append(summary["requests_per_second"])
        rps["bare"].append(bare_loop(n))
        rps["threads"].append(n / parcompute(many, "--engine", "threads", "--threads", "8")[0])
        rps["aio"].append(n / python_client("aiohttp", many, 8))
        rps["pythreads"].append(small_n / python_client("threads", small, 8))
    m = {k: statistics.median(v) for k, v in rps.items()}
    w = m["wrk"]
    b.record("requests_per_second", "wrk -t1 -c8 (3 s)", w, "req/s", "wrk", w, 1.0, higher_is_better=True,
             samples=rps["wrk"])
    for key, conf in (("pc", f"parcompute fetch, {n} URLs, K=8"),
                      ("pc_phase", "  same, its fetching phase alone"),
                      ("bare", "bare libcurl multi loop (no rows, no file)"),
                      ("threads", "parcompute --engine threads --threads 8"),
                      ("aio", "python aiohttp, semaphore 8"),
                      ("pythreads", f"python threads + urllib, 8 ({small_n} URLs)")):
        b.record("requests_per_second", conf, m[key], "req/s", "wrk", w, m[key] / w, higher_is_better=True,
                 samples=rps[key])
    # The target compares the medians; the ratio within each round (the tools ran one after the
    # other) is kept beside it to show how much the machine moved between rounds.
    def per_round(base):
        return [round(p / q, 3) for p, q in zip(rps["pc"], rps[base])]
    b.target("vs_wrk", f"parcompute fetch, {n} URLs, K=8", m["pc"] / w, "x", "wrk -t1 -c8", 0.6, m["pc"] / w >= 0.6,
             per_round=per_round("wrk"))
    b.target("vs_aiohttp", f"parcompute fetch, {n} URLs, K=8", m["pc"] / m["aio"], "x", "python aiohttp", 8.0,
             m["pc"] / m["aio"] >= 8.0, per_round=per_round("aio"))

    # 2. 200 URLs, whole process.
    two = url_file(os.path.join(tmp, "200.txt"), [f"{base}/f{i}.txt" for i in range(200)])
    t200 = {"pc": [], "aio": []}
    for _ in rounds:
        t200["pc"].append(parcompute(two)[0])
        t200["aio"].append(b.timed([PY, os.path.join(HERE, "fetch_clients.py"), "aiohttp", two, "32"])[0])
    pc200, aio200 = statistics.median(t200["pc"]), statistics.median(t200["aio"])
    b.record("seconds_200_urls", "parcompute fetch (K=32)", pc200, "s", "python aiohttp", aio200, aio200 / pc200,
             samples=t200["pc"])
    b.record("seconds_200_urls", "python aiohttp (semaphore 32)", aio200, "s", "python aiohttp", aio200, 1.0,
             samples=t200["aio"])
    b.target("speedup_200_urls", "parcompute fetch", aio200 / pc200, "x", "python aiohttp", 5.0, aio200 / pc200 >= 5)

    # 3. One 64 MiB file, as each transfer's own throughput (curl's speed_download, parcompute's
    # fetching phase): process start-up is measured in the 200-URL case. curl computes no
    # digest, so the target compares `--digest none`; the default (SHA-256 of the body) is
    # shown beside it with what one SHA-256 stream reaches on this CPU (openssl dgst).
    big = url_file(os.path.join(tmp, "big.txt"), [f"{base}/64m.bin"])
    mbs = {"curl": [], "none": [], "sha": [], "dgst": []}
    for _ in rounds:
        mbs["curl"].append(float(b.timed(["curl", "-s", "-o", "/dev/null", "-w", "%{speed_download}",
                                          f"{base}/64m.bin"])[1]) / 1e6)
        mbs["none"].append(parcompute(big, "--digest", "none")[1]["mb_per_second"])
        mbs["sha"].append(parcompute(big)[1]["mb_per_second"])
        mbs["dgst"].append((64 << 20) / 1e6 / b.timed(["openssl", "dgst", "-sha256", os.path.join(html, "64m.bin")])[0])
    m = {k: statistics.median(v) for k, v in mbs.items()}
    for key, conf in (("curl", "curl -o /dev/null (speed_download)"),
                      ("none", "parcompute fetch --digest none"),
                      ("sha", "parcompute fetch (SHA-256 of the body)"),
                      ("dgst", "openssl dgst -sha256 (file in page cache)")):
        b.record("mb_per_second_64mib", conf, m[key], "MB/s", "curl", m["curl"], m[key] / m["curl"],
                 higher_is_better=True, samples=mbs[key])
    b.target("throughput_64mib", "parcompute fetch --digest none", m["none"] / m["curl"], "x", "curl -o /dev/null",
             0.9, m["none"] / m["curl"] >= 0.9)

    # 4. Peak RSS for many URLs.
    huge = url_file(os.path.join(tmp, "rss.txt"), [f"{base}/f{i % 200}.txt" for i in range(a.rss_urls)])
    t = subprocess.run(["/usr/bin/time", "-f", "%M"] + pc + ["--input", huge], capture_output=True, text=True,
                       timeout=a.timeout)
    rss_mib = int(t.stderr.strip().splitlines()[-1]) / 1024
    b.record("peak_rss", f"parcompute fetch, {a.rss_urls} URLs", rss_mib, "MiB")
    b.target("peak_rss", f"parcompute fetch, {a.rss_urls} URLs", rss_mib, "MiB", "limit", 100, rss_mib < 100)


def report(b):
    print(f"fetch benchmark: {b.common['date']} on {b.common['machine']} (load {b.common['load_at_start']}; "
          f"commit {b.common['commit'] or '?'})")
    print(f"{'what':<24} {'configuration':<44} {'value':>12} {'unit':<6} ratio")
    for what, conf, value, unit, baseline, ratio in b.rows:
        if what.startswith("target."):
            continue
        r = "" if ratio is None else f"{ratio:.3g}x {baseline}"
        print(f"{what:<24} {conf:<44} {value:>12.4g} {unit:<6} {r}")
    print("targets:")
    for l in b.lines:
        if l["what"].startswith("fetch.target."):
            name = l["what"].split(".target.", 1)[1]
            rounds = f"; per round {', '.join(f'{r:.3g}' for r in l['per_round'])}" if "per_round" in l else ""
            print(f"  {name:<18} {l['value']:.3g} (threshold {l['threshold']:g}, {l['baseline']}{rounds}): "
                  f"{'PASS' if l['pass'] else 'FAIL'}")
    for p in b.problems:
        print("problem:", p)
        b.lines.append({"what": "fetch.problem", "configuration": "", "value": p, "unit": "", "baseline": "",
                        "ratio": None, **b.common})
    os.makedirs(os.path.dirname(os.path.abspath(b.args.results)), exist_ok=True)
    with open(b.args.results, "a") as f:
        for line in b.lines:
            f.write(json.dumps(line) + "\n")
    print(f"appended {len(b.lines)} lines to {b.args.results} (run {b.common['run_id']})")


if __name__ == "__main__":
    sys.exit(main())
