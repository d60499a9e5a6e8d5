"""Turns the raw samples of scripts/bench/kernels.sh into tables, target verdicts and JSON lines.

Values are rates (higher is faster): GB/s, GFLOP/s, Mpixel/s, each the median over the timed
rounds of the rate a run reports (work / average time of its timed iterations, as PRK does).
A ratio is the configuration's median / the baseline's median, from the same run; for saving
a field it is the median of the per-round ratios (alternating runs, platform.md).
"""
import argparse
import re
import statistics
import sys

from bench_common import add_run_args, print_noted_stderr, read_run, run_facts, write_results

NSTREAM_TARGET = 0.90     # of the triad's bandwidth, same threads, same byte count
DGEMM_TARGET = 0.50       # of OpenBLAS cblas_dgemm, same threads
MODEL_BAND = (0.90, 1.10)  # 2 ranks x 1 thread / 1 rank x 2 threads
SAVE_TARGET = 0.80        # of dd's bandwidth (write + fdatasync)

CONFIGS = ["c11", "c12", "c21", "c41"]
THREAD_MODEL, PROCESS_MODEL = "c12", "c21"
# The Parallel Research Kernels on these machines, as quoted in issue 4 (GB/s or GFLOP/s):
# OpenMP with 2 threads, and MPI with 2 ranks.
PRK = {
    "nstream": {"c12": 58.0, "c21": 61.0},
    "transpose_4096": {"c12": 2.3, "c21": 2.4},
    "stencil_4096": {"c12": 17.0, "c21": 19.0},
    "dgemm_1024": {"c12": 35.0, "c21": 40.0},
}
PRK_LABEL = {"c12": "PRK OpenMP, 2 threads (quoted)", "c21": "PRK MPI, 2 ranks (quoted)"}
UNITS = {"MB/s": ("GB/s", 1e-3), "MFLOP/s": ("GFLOP/s", 1e-3), "Mpixel/s": ("Mpixel/s", 1.0)}
DD_LINE = re.compile(r"^(\d+) bytes .* copied, ([0-9.eE+-]+) s,")


def read_samples(path):
    """Per command id, in first-seen order: its description and per timed round a dict of values."""
    runs = {}
    problems = []
    invalid = set()
    with open(path) as raw:
        for line in raw:
            round_, rid, label, kind, ranks, threads, metric, t0, t1, out = line.rstrip("\n").split("\t")
            entry = runs.setdefault(rid, {"label": label, "kind": kind, "ranks": int(ranks), "threads": int(threads),
                                          "metric": metric, "rounds": {}, "stderr": {}, "info": {}})
            if int(round_) == 0:
                continue  # warm-up
            err_path = out[: -len(".out")] + ".err"
            try:
                with open(err_path, errors="replace") as f:
                    err_text = f.read()
            except OSError:
                err_text = ""
            sample = {"wall": round(float(t1) - float(t0), 6)}
            if kind == "dd":
                m = next((DD_LINE.match(x) for x in err_text.splitlines() if DD_LINE.match(x)), None)
                if m is None:
                    problems.append(f"{label}, round {round_}: no transfer line in dd's output")
                    invalid.add(rid)
                    continue
                sample["bytes"], sample["seconds"] = int(m.group(1)), float(m.group(2))
                sample["value"] = sample["bytes"] / sample["seconds"] * 1e-9
                entry["rounds"][int(round_)] = sample
                continue
            for err_line in err_text.splitlines():
                if err_line.strip():
                    entry["stderr"][err_line] = entry["stderr"].get(err_line, 0) + 1
            ours = kind in ("parcompute", "save", "nosave")
            doc, wrong = read_run(out, f"{label}, round {round_}", (ranks, threads) if ours else None)
            if wrong:
                problems += wrong
                invalid.add(rid)
            if doc is None:
                continue
            if ours:
                unit, scale = UNITS.get(doc.get("rate_unit"), (doc.get("rate_unit"), 1.0))
                sample["value"] = float(doc["rate"]) * scale
                entry["unit"] = unit
                sample["total"] = float(doc["total_seconds"])
                if kind == "save":
                    if "field_write_seconds" not in doc:
                        problems.append(f"{label}, round {round_}: no field_write_seconds in --json output")
                        invalid.add(rid)
                        continue
                    sample["field_seconds"] = float(doc["field_write_seconds"])
                    n = int(doc["parameters"]["size"])
                    sample["bytes"] = n * n * 8
            elif kind == "triad":
                if int(doc.get("threads", 0)) != int(threads):
                    problems.append(f"{label}, round {round_}: ran with {doc.get('threads')} threads")
                    invalid.add(rid)
                sample["value"], sample["value_3x8"] = float(doc["gbs_4x8"]), float(doc["gbs_3x8"])
                entry["unit"] = "GB/s"
            else:  # blas, blas_unset
                if int(doc.get("threads", 0)) != int(threads):
                    problems.append(f"{label}, round {round_}: OpenBLAS ran with {doc.get('threads')} threads")
                    invalid.add(rid)
                sample["value"] = float(doc["gflops"])
                entry["unit"] = "GFLOP/s"
                entry["info"]["corename"] = doc.get("corename")
                entry["info"]["env"] = (f"OPENBLAS_CORETYPE={doc.get('OPENBLAS_CORETYPE') or '(unset)'} "
                                        f"OPENBLAS_L2_SIZE={doc.get('OPENBLAS_L2_SIZE') or '(unset)'}")
            entry["rounds"][int(round_)] = sample
    return runs, problems, invalid


def median_of(entry, key="value"):
    values = [s[key] for s in entry["rounds"].values() if key in s]
    return (statistics.median(values), values) if values else (None, [])


def fmt(v, digits=3):
    if v is None:
        return "-"
    return f"{v:.{digits}g}" if abs(v) < 1000 else f"{v:.0f}"


def pct(v):
    return "-" if v is None else f"{100 * v:.0f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_run_args(ap)
    ap.add_argument("--openblas-env", default="")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()

    runs, problems, invalid = read_samples(args.raw)
    med = {rid: median_of(e) for rid, e in runs.items()}
    label = {rid: e["label"] for rid, e in runs.items()}
    metrics = list(dict.fromkeys(e["metric"] for e in runs.values() if e["kind"] == "parcompute"))
    nstream_metric = "nstream"
    big = metrics[1]  # dgemm at n = 2048 (kernels.sh's order: nstream, dgemm big, then PRK's sizes)
    common = {**run_facts("kernels", args), "quick": args.quick}
    lines = []
    targets = []  # (line for the results file)

    def value(rid):
        return med[rid][0] if rid in med else None

    def ratio(a, b):
        return None if a is None or b is None or b <= 0 else a / b

    def baseline_threads(cid):
        e = runs[f"{cid}-{nstream_metric}"]
        return min(e["ranks"] * e["threads"], 2)

    def target(name, cid_label, val, base_label, base_val, lo, hi=None, ids=(), **extra):
        ok = val is not None and val >= lo and (hi is None or val <= hi) and not any(i in invalid for i in ids)
        rec = {"what": f"kernels.target.{name}", "configuration": cid_label, "value": val, "unit": "x",
               "baseline": base_label, "baseline_value": base_val, "ratio": val, "threshold": lo,
               "pass": ok, **extra, **common}
        if hi is not None:
            rec["threshold_high"] = hi
        targets.append(rec)
        return ok

    # ---- Table: every kernel in every configuration.
    print()
    head = f"{'kernel (unit)':<26}" + "".join(f"{runs[f'{c}-nstream']['label'].replace(' (oversubscribed)', ' ovs'):>24}" for c in CONFIGS)
    print(head)
    print("-" * len(head))
    for m in metrics:
        unit = runs[f"c11-{m}"].get("unit", "")
        print(f"{m + ' (' + unit + ')':<26}" + "".join(f"{fmt(value(f'{c}-{m}')):>24}" for c in CONFIGS))
    print(f"medians of {args.repeat} rounds; rate from each run's average iteration time (as PRK); "
          "nstream counts 4 x 8 bytes per element (PRK)")

    # ---- nstream against the triad.
    print("\nnstream against a plain OpenMP triad on the same threads (GB/s):")
    for t in (1, 2):
        rid = f"triad{t}"
        v3 = median_of(runs[rid], "value_3x8")[0]
        print(f"  {label[rid]:<34} {fmt(value(rid)):>7} (4 x 8 B/element)  {fmt(v3):>7} (3 x 8 B/element, STREAM's count)")
    for c in CONFIGS:
        rid, base = f"{c}-{nstream_metric}", f"triad{baseline_threads(c)}"
        r = ratio(value(rid), value(base))
        r_mixed = ratio(value(rid), median_of(runs[base], "value_3x8")[0])
        print(f"  {label[rid]:<34} {fmt(value(rid)):>7}  vs {label[base]}: {pct(r)} at the same count"
              f" ({pct(r_mixed)} of the triad's 3 x 8 figure)")
        target("nstream_vs_triad", label[rid], r, label[base] + " (4 x 8 B/element)", value(base), NSTREAM_TARGET,
               ids=(rid, base))
        lines.append({"what": "kernels.nstream", "configuration": label[rid], "value": value(rid),
                      "unit": "GB/s, 4 x 8 B/element", "baseline": label[base], "baseline_value": value(base),
                      "ratio": r, "ratio_to_3x8": r_mixed, "samples": med[rid][1], "higher_is_better": True,
                      "table": "nstream against the OpenMP triad (same threads; both counted 4 x 8 bytes per element)", **common})
    for t in (1, 2):
        rid = f"triad{t}"
        lines.append({"what": "kernels.nstream", "configuration": label[rid], "value": value(rid),
                      "unit": "GB/s, 4 x 8 B/element", "baseline": "", "baseline_value": None, "ratio": None,
                      "value_3x8": median_of(runs[rid], "value_3x8")[0], "samples": med[rid][1],
                      "higher_is_better": True, "table": "nstream against the OpenMP triad (same threads; both counted 4 x 8 bytes per element)", **common})

    # ---- dgemm against OpenBLAS, as set and unset.
    print(f"\n{big} against OpenBLAS cblas_dgemm on the same threads (GFLOP/s); environment: {args.openblas_env}")
    for t in (1, 2):
        for kind in ("set", "unset"):
            rid = f"blas{kind}{t}"
            info = runs[rid]["info"]
            print(f"  {label[rid]:<48} {fmt(value(rid)):>7}  kernel {info.get('corename')} ({info.get('env')})")
            lines.append({"what": f"kernels.{big}", "configuration": label[rid], "value": value(rid),
                          "unit": "GFLOP/s", "baseline": "", "baseline_value": None, "ratio": None,
                          "openblas_core": info.get("corename"), "openblas_env": info.get("env"),
                          "samples": med[rid][1], "higher_is_better": True,
                          "table": f"{big} against OpenBLAS cblas_dgemm", **common})
    for c in CONFIGS:
        rid = f"{c}-{big}"
        t = baseline_threads(c)
        r_set = ratio(value(rid), value(f"blasset{t}"))
        r_unset = ratio(value(rid), value(f"blasunset{t}"))
        print(f"  {label[rid]:<48} {fmt(value(rid)):>7}  {pct(r_set)} of OpenBLAS as set, "
              f"{pct(r_unset)} of OpenBLAS unset ({t} thread{'s' if t > 1 else ''})")
        target("dgemm_vs_openblas_as_set", label[rid], r_set, label[f"blasset{t}"], value(f"blasset{t}"),
               DGEMM_TARGET, ids=(rid, f"blasset{t}"))
        target("dgemm_vs_openblas_unset", label[rid], r_unset, label[f"blasunset{t}"], value(f"blasunset{t}"),
               DGEMM_TARGET, ids=(rid, f"blasunset{t}"))
        lines.append({"what": f"kernels.{big}", "configuration": label[rid], "value": value(rid), "unit": "GFLOP/s",
                      "baseline": label[f"blasset{t}"], "baseline_value": value(f"blasset{t}"), "ratio": r_set,
                      "baseline_unset": label[f"blasunset{t}"], "baseline_unset_value": value(f"blasunset{t}"),
                      "ratio_unset": r_unset, "samples": med[rid][1], "higher_is_better": True,
                      "table": f"{big} against OpenBLAS cblas_dgemm", **common})
    # ---- PRK's sizes and figures.
    print("\nat PRK's sizes, beside PRK's figures (OpenMP 2 threads / MPI 2 ranks, quoted in issue 4):")
    for m in metrics[2:]:
        for c in CONFIGS:
            rid = f"{c}-{m}"
            prk = PRK.get(m, {}).get(c) if not args.quick else None
            r = ratio(value(rid), prk)
            if c in (THREAD_MODEL, PROCESS_MODEL) and m in PRK:
                print(f"  {m:<16} {label[rid]:<38} {fmt(value(rid)):>7} {runs[rid].get('unit', ''):<8} "
                      f"PRK {fmt(prk) if prk else '-'}: {'-' if r is None else f'{r:.2f}x'}")
                if prk is not None:
                    target("prk", f"{m}, {label[rid]}", r, PRK_LABEL[c], prk, 1.0, ids=(rid,))
            lines.append({"what": f"kernels.{m}", "configuration": label[rid], "value": value(rid),
                          "unit": runs[rid].get("unit", ""), "baseline": PRK_LABEL[c] if prk else "",
                          "baseline_value": prk, "ratio": r, "samples": med[rid][1], "higher_is_better": True,
                          "table": "PRK's sizes (ratio: ours / PRK's quoted figure)", **common})
    if not args.quick:
        for c in (THREAD_MODEL, PROCESS_MODEL):
            rid = f"{c}-nstream"
            r = ratio(value(rid), PRK["nstream"][c])
            print(f"  {'nstream':<16} {label[rid]:<38} {fmt(value(rid)):>7} {'GB/s':<8} "
                  f"PRK {fmt(PRK['nstream'][c])}: {r:.2f}x")
            target("prk", f"nstream, {label[rid]}", r, PRK_LABEL[c], PRK["nstream"][c], 1.0, ids=(rid,))

    # ---- Process model against thread model.
    print("\nprocess model (2 ranks x 1 thread) / thread model (1 rank x 2 threads), target "
          f"{MODEL_BAND[0]:g}..{MODEL_BAND[1]:g}:")
    for m in [big] + metrics[2:]:
        if m == "nstream":
            continue
        p, t = f"{PROCESS_MODEL}-{m}", f"{THREAD_MODEL}-{m}"
        r = ratio(value(p), value(t))
        one = value(f"c11-{m}")
        # A run with a non-default option (transpose's all-to-all exchange) is shown, not judged.
        aside = m.endswith("_alltoall")
        print(f"  {m:<16} {fmt(value(p)):>7} / {fmt(value(t)):>7} = {r:.2f}   (1 rank x 1 thread: {fmt(one)}; "
              f"2 threads / 1 = {ratio(value(t), one):.2f}, 2 ranks / 1 = {ratio(value(p), one):.2f})"
              f"{'   [not a target: --exchange alltoall]' if aside else ''}")
        if not aside:
            target("process_vs_thread_model", m, r, label[t], value(t), *MODEL_BAND, ids=(p, t))

    # ---- Saving a field.
    if "save" in runs and "dd" in runs:
        save, nosave, dd = runs["save"], runs["nosave"], runs["dd"]
        rounds = sorted(r for r in save["rounds"] if r in dd["rounds"] and r in nosave["rounds"])
        durable, call, ddv, r_durable, r_call = [], [], [], [], []
        for r in rounds:
            s, ns, d = save["rounds"][r], nosave["rounds"][r], dd["rounds"][r]
            extra = s["total"] - ns["total"]  # the field's copy, collective write and fsync
            durable.append(s["bytes"] / extra * 1e-9 if extra > 0 else None)
            call.append(s["bytes"] / s["field_seconds"] * 1e-9)
            ddv.append(d["value"])
            r_durable.append(ratio(durable[-1], d["value"]))
            r_call.append(ratio(call[-1], d["value"]))
        ok_durable = [x for x in r_durable if x is not None]
        med_durable = statistics.median(ok_durable) if ok_durable else None
        med_call = statistics.median(r_call) if r_call else None
        size_gib = save["rounds"][rounds[0]]["bytes"] / 2**30 if rounds else 0
        print(f"\nsaving a {size_gib:.3f} GiB field (stencil, 2 ranks) against dd with fdatasync, {len(rounds)} pairs:")
        print("  per pair GB/s, dd | save incl. fsync (total with - without --save-field) | collective write call only")
        for r, a, b, c in zip(rounds, ddv, durable, call):
            print(f"  pair {r}: {fmt(a):>6} | {fmt(b):>6} | {fmt(c):>6}")
        print(f"  median ratio to dd: {pct(med_durable)} incl. fsync, {pct(med_call)} for the write call alone")
        table = "saving a field against dd (ratio: median of per-pair ratios)"
        dd_label = dd["label"]
        for conf, vals, rs in ((f"{save['label']}: write + fsync", durable, r_durable),
                               (f"{save['label']}: collective write call only", call, r_call)):
            good = [v for v in vals if v is not None]
            good_r = [x for x in rs if x is not None]
            lines.append({"what": "kernels.save_field", "configuration": conf,
                          "value": statistics.median(good) if good else None, "unit": "GB/s", "baseline": dd_label,
                          "baseline_value": statistics.median(ddv), "ratio": statistics.median(good_r) if good_r else None,
                          "ratios": rs, "samples": vals, "higher_is_better": True, "table": table, **common})
        lines.append({"what": "kernels.save_field", "configuration": dd_label, "value": statistics.median(ddv),
                      "unit": "GB/s", "baseline": "", "baseline_value": None, "ratio": None, "samples": ddv,
                      "higher_is_better": True, "table": table, **common})
        target("save_field_vs_dd", f"{save['label']}: write + fsync", med_durable, dd_label, statistics.median(ddv),
               SAVE_TARGET, ids=("save", "nosave", "dd"))
    else:
        print("\nsaving a field: not measured (this binary has no --save-field)")

    # ---- Verdicts.
    print("\ntargets" + (" (--quick: sizes too small to mean anything)" if args.quick else "") + ":")
    for t in targets:
        band = f"{t['threshold']:g}..{t['threshold_high']:g}" if "threshold_high" in t else f">= {t['threshold']:g}"
        val = "-" if t["value"] is None else f"{t['value']:.3f}"
        print(f"  {'PASS' if t['pass'] else 'FAIL'}  {t['what'].split('.target.')[1]:<26} {t['configuration']:<52} "
              f"{val:>6} (target {band}; baseline {t['baseline']})")

    print_noted_stderr([(e["label"], line, count) for e in runs.values() for line, count in e["stderr"].items()],
                       args.repeat)

    return write_results("kernels", args, lines + targets, problems, common, all(t["pass"] for t in targets))


if __name__ == "__main__":
    sys.exit(main())
