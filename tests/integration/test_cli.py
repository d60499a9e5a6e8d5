#!/usr/bin/python3
"""End-to-end tests of the parcompute binary: real mpiexec, the HDF5 file read back with
h5py, every bad-input case with its exit status and message, nothing left behind."""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import h5py

BINARY = None
MPIEXEC = None


def exact_sumsq(n):
    """Sum of i*i for i < n, by Python's big integers (independent of the C++ closed form)."""
    return (n - 1) * n * (2 * n - 1) // 6 if n > 0 else 0


def block_owner(n, parts, item):
    base, extra = divmod(n, parts)
    big = extra * (base + 1)
    return item // (base + 1) if item < big else extra + (item - big) // base


def run(args, ranks=None, cwd=None, timeout=60, env=None):
    cmd = [BINARY] + args
    if ranks is not None:
        cmd = [MPIEXEC, "-n", str(ranks)] + cmd
    full_env = dict(os.environ)
    full_env.setdefault("OMP_NUM_THREADS", "1")
    full_env.update(env or {})
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=full_env)
    return p.returncode, p.stdout, p.stderr


def our_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith("parcompute:")]


# An MCA setting that makes MPI_Init fail: a lone process that runs with it has not started MPI.
NO_MPI = {"OMPI_MCA_pml": "no-such-component"}


class TempDirCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="pc-it-")
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def files(self):
        return sorted(os.listdir(self.dir))


class RunSumsq(TempDirCase):
    def test_four_ranks_distinct_sizes_file_read_back(self):
        sizes = [10_000_019, 3, 0, 7_654_321, 1, 2_000_003, 5]  # 7 tasks over 4 ranks: uneven
        out = os.path.join(self.dir, "r.h5")
        rc, stdout, stderr = run(["run", "sumsq", "--sizes", ",".join(map(str, sizes)), "-o", out, "--json"],
                                 ranks=4, cwd=self.dir)
        self.assertEqual(rc, 0, stderr)
        doc = json.loads(stdout)
        self.assertTrue(doc["validates"])
        self.assertEqual(doc["ranks"], 4)
        self.assertEqual([t["result"] for t in doc["tasks"]], [str(exact_sumsq(n)) for n in sizes])
        self.assertEqual(self.files(), ["r.h5"])
        with h5py.File(out, "r") as f:
            self.assertEqual(f.attrs["format_version"], 2)
            self.assertEqual(f.attrs["mpi_ranks"], 4)
            self.assertEqual(len(f.attrs["hostnames"]), 4)
            self.assertEqual(f.attrs["command"], "run sumsq")
            self.assertIn("--sizes", f.attrs["command_line"])
            for key in ("parcompute_version", "git_commit", "compiler", "compile_flags", "cpu_model",
                        "mpi_library", "hdf5_version", "curl_version", "omp_places", "omp_proc_bind"):
                self.assertIn(key, f.attrs)
            for key in ("start_time", "end_time"):
                self.assertRegex(f.attrs[key], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            self.assertLessEqual(f.attrs["start_time"], f.attrs["end_time"])
            g = f["sumsq"]
            self.assertEqual(g.attrs["validates"], 1)
            self.assertEqual(list(g["size"][:]), sizes)
            words = [(int(h) << 64) | int(l) for h, l in zip(g["result_hi"][:], g["result_lo"][:])]
            self.assertEqual(words, [exact_sumsq(n) for n in sizes])
            self.assertEqual([int(s) for s in g["result"].asstr()[:]], [exact_sumsq(n) for n in sizes])
            self.assertEqual(list(g["rank"][:]), [block_owner(len(sizes), 4, i) for i in range(len(sizes))])
            self.assertTrue(all(v == 1 for v in g["valid"][:]))
            self.assertTrue(all(s >= 0 for s in g["seconds"][:]))

    def test_default_run_without_mpirun(self):
        rc, stdout, stderr = run(["run", "sumsq", "--size", "1e6"], cwd=self.dir, env={"OMP_NUM_THREADS": "2"})
        self.assertEqual(rc, 0, stderr)
        self.assertIn("Solution validates", stdout)
        self.assertIn(str(exact_sumsq(1_000_000)), stdout)
        [name] = self.files()
        self.assertRegex(name, r"^parcompute-sumsq-\d{8}T\d{6}Z-\d+\.h5$")
        with h5py.File(os.path.join(self.dir, name), "r") as f:
            self.assertEqual(f.attrs["mpi_ranks"], 1)
            self.assertEqual(f.attrs["omp_threads"], 2)
            self.assertEqual(len(f["sumsq/size"]), 4)

    def test_a_lone_run_does_not_start_mpi(self):
        rc, _, stderr = run(["info"], env=NO_MPI)  # info always starts MPI: the setting does break it
        self.assertNotEqual(rc, 0, "the broken MCA setting did not break MPI_Init")
        out = os.path.join(self.dir, "r.h5")
        rc, stdout, stderr = run(["run", "sumsq", "--tasks", "1", "--size", "1000", "-o", out], env=NO_MPI)
        self.assertEqual(rc, 0, stderr)
        self.assertIn("Solution validates", stdout)
        with h5py.File(out, "r") as f:
            self.assertEqual(f.attrs["mpi_ranks"], 1)
            self.assertEqual(int(f["sumsq/result"].asstr()[0]), exact_sumsq(1000))

    def test_more_ranks_than_tasks_and_zero_tasks(self):
        for tasks in (0, 1, 3):
            out = os.path.join(self.dir, f"t{tasks}.h5")
            rc, stdout, stderr = run(["run", "sumsq", "--tasks", str(tasks), "--size", "1000", "-o", out, "--json"],
                                     ranks=4)
            self.assertEqual(rc, 0, stderr)
            doc = json.loads(stdout)
            self.assertEqual(len(doc["tasks"]), tasks)
            self.assertEqual([t["rank"] for t in doc["tasks"]], list(range(tasks)))
            with h5py.File(out, "r") as f:
                self.assertEqual(f["sumsq/size"].shape, (tasks,))

    def test_wrong_answer_exits_1_and_is_recorded(self):
        out = os.path.join(self.dir, "bad.h5")
        rc, stdout, stderr = run(["run", "sumsq", "--tasks", "3", "--size", "100", "-o", out], ranks=2,
                                 env={"PARCOMPUTE_FAULT": "corrupt-result"})
        self.assertEqual(rc, 1, stderr)
        self.assertIn("Solution does NOT validate", stdout)
        with h5py.File(out, "r") as f:
            self.assertEqual(f["sumsq"].attrs["validates"], 0)
            self.assertEqual(list(f["sumsq/valid"][:]), [0, 1, 1])

    def test_force_overwrites_an_existing_file(self):
        out = os.path.join(self.dir, "x.h5")
        with open(out, "w") as f:
            f.write("old")
        rc, _, stderr = run(["run", "sumsq", "--tasks", "1", "-o", out])
        self.assertEqual(rc, 2)
        self.assertIn("already exists", stderr)
        with open(out) as f:
            self.assertEqual(f.read(), "old")
        rc, _, stderr = run(["run", "sumsq", "--tasks", "1", "-o", out, "--force"])
        self.assertEqual(rc, 0, stderr)
        self.assertTrue(h5py.is_hdf5(out))

    def test_interrupted_run_leaves_no_file(self):
        out = os.path.join(self.dir, "slow.h5")
        env = dict(os.environ, OMP_NUM_THREADS="1")
        p = subprocess.Popen([BINARY, "run", "sumsq", "--tasks", "1", "--size", "1e12", "-o", out],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        p.communicate(timeout=30)
        self.assertEqual(p.returncode, 3)
        self.assertEqual(self.files(), [])


BAD_INPUTS = [
    (["run", "sumsq", "--size", "-5"], "--size"),
    (["run", "sumsq", "--size", "abc"], "--size"),
    (["run", "sumsq", "--size", "20000000000000"], "fits in 128 bits"),
    (["run", "sumsq", "--tasks", "-1"], "--tasks"),
    (["run", "sumsq", "--sizes", "1,x"], "--sizes"),
    (["run", "nosuchkernel"], "unknown kernel 'nosuchkernel' (accepted: sumsq"),
    (["run", "sumsq", "--bogus"], "--bogus"),
    (["run", "sumsq", "-o", "/nonexistent-dir/x.h5"], "does not exist"),
    (["run", "sumsq", "-o", ""], "--output: the value is empty"),
    (["run", "sumsq", "--tasks", "1e20"], "--tasks: 1e20 is out of range"),
    (["frobnicate"], "frobnicate"),
]

WHY_SIZE = "the largest n whose sum of squares fits in 128 bits"
REGION = "(accepted: four numbers x0,x1,y0,y1 with x0 < x1 and y0 < y1, e.g. -2,0.5,-1.25,1.25)"
# Every number and path option of run and inspect, read by one set of rules: the whole line.
NUMBER_ERRORS = [
    (["run", "sumsq", "--size", "0x10"],
     f"--size: '0x10' is not a whole number (accepted: a whole number from 0 to 10069012961345, {WHY_SIZE})"),
    (["run", "sumsq", "--size", "1__0"],
     f"--size: '1__0' is not a whole number (accepted: a whole number from 0 to 10069012961345, {WHY_SIZE})"),
    (["run", "sumsq", "--tasks", " 5"], "--tasks: ' 5' is not a whole number (accepted: a whole number from 0 to 1000000)"),
    (["run", "sumsq", "--tasks", "18446744073709551616"],
     "--tasks: 18446744073709551616 is out of range (accepted: a whole number from 0 to 1000000)"),
    (["run", "sumsq", "--sizes", ""],
     f"--sizes: '' is not a whole number (accepted: a whole number from 0 to 10069012961345, {WHY_SIZE})"),
    (["run", "nstream", "--iterations", "+5"],
     "--iterations: '+5' is not a whole number (accepted: a whole number from 1 to 1000000)"),
    (["run", "dgemm", "--size", "1e5"], "--size: 1e5 is out of range (accepted: a whole number from 1 to 46340)"),
    (["run", "stencil", "--radius", "-0"], "--radius: '-0' is not a whole number (accepted: a whole number from 1 to 4)"),
    (["run", "transpose", "--tile", "1_"], "--tile: '1_' is not a whole number (accepted: a whole number from 1 to 4096)"),
    (["run", "mandelbrot", "--max-iter", "1e"],
     "--max-iter: '1e' is not a whole number (accepted: a whole number from 1 to 1000000)"),
    (["run", "mandelbrot", "--region", " -2,0.5,-1.25,1.25"], f"--region: ' -2,0.5,-1.25,1.25' is not a region {REGION}"),
    (["run", "mandelbrot", "--region", "-2,0x1p-1,-1.25,1.25"], f"--region: '-2,0x1p-1,-1.25,1.25' is not a region {REGION}"),
    (["run", "mandelbrot", "--region", "-2,inf,-1,1"], f"--region: '-2,inf,-1,1' is not a region {REGION}"),
    (["run", "noop", "-o", ""], "--output: the value is empty (accepted: a path for the new results file)"),
    (["inspect", "missing.h5", "--rows", "0x10"],
     "--rows: '0x10' is not a whole number (accepted: a whole number from 1 to 1000000)"),
]


class BadInput(TempDirCase):
    def check_bad(self, args, needle, ranks):
        start = time.monotonic()
        rc, stdout, stderr = run(args, ranks=ranks, cwd=self.dir, timeout=60)
        self.assertEqual(rc, 2, f"{args}: {stderr}")
        lines = our_lines(stderr)
        self.assertEqual(len(lines), 1, f"{args}: {stderr}")
        self.assertTrue(lines[0].startswith("parcompute: error: "), lines[0])
        self.assertIn(needle, lines[0])
        self.assertEqual(self.files(), [], args)
        self.assertLess(time.monotonic() - start, 30)

    def test_bad_input_one_process(self):
        for args, needle in BAD_INPUTS:
            with self.subTest(args=args):
                self.check_bad(args, needle, None)

    def test_bad_input_four_ranks(self):
        for args, needle in BAD_INPUTS:
            with self.subTest(args=args):
                self.check_bad(args, needle, 4)

    def test_number_and_path_errors_are_one_exact_line(self):
        for args, line in NUMBER_ERRORS:
            with self.subTest(args=args):
                rc, stdout, stderr = run(args, cwd=self.dir)
                self.assertEqual(rc, 2, f"{args}: {stderr}")
                self.assertEqual(our_lines(stderr), ["parcompute: error: " + line], stderr)
                self.assertEqual(stdout, "")
                self.assertEqual(self.files(), [], args)

    def test_numbers_in_each_accepted_form(self):
        rc, stdout, stderr = run(["run", "sumsq", "--sizes", "1_0,1e1,10", "-o", "s.h5", "--json"], cwd=self.dir)
        self.assertEqual(rc, 0, stderr)
        self.assertEqual([t["size"] for t in json.loads(stdout)["tasks"]], [10, 10, 10])
        rc, stdout, stderr = run(["run", "mandelbrot", "--size", "1_6", "--iterations", "1", "--region",
                                  "-2.0,5e-1,-1.25E0,1.25", "-o", "m.h5", "--json"], cwd=self.dir)
        self.assertEqual(rc, 0, stderr)
        self.assertEqual(json.loads(stdout)["parameters"]["size"], 16)
        rc, stdout, stderr = run(["inspect", "s.h5", "--rows", "1e0"], cwd=self.dir)
        self.assertEqual(rc, 0, stderr)
        self.assertIn("(1 of 3 rows shown", stdout)

    def test_existing_output_four_ranks(self):
        out = os.path.join(self.dir, "have.h5")
        open(out, "w").close()
        rc, _, stderr = run(["run", "sumsq", "-o", out], ranks=4)
        self.assertEqual(rc, 2)
        self.assertEqual(len(our_lines(stderr)), 1, stderr)
        self.assertEqual(self.files(), ["have.h5"])


KERNEL_CASES = {
    "nstream": ["--size", "100003", "--iterations", "3"],
    "mandelbrot": ["--size", "67", "--iterations", "2", "--max-iter", "300"],
    "stencil": ["--size", "203", "--iterations", "2", "--radius", "3"],
    "transpose": ["--size", "131", "--iterations", "2", "--tile", "16"],
    "dgemm": ["--size", "150", "--iterations", "2"],
    "noop": ["--iterations", "2"],
}


class Kernels(TempDirCase):
    def run_json(self, kernel, extra, ranks, threads, name):
        out = os.path.join(self.dir, name)
        alone = NO_MPI if ranks is None else {}  # and a lone run proves it never starts MPI
        rc, stdout, stderr = run(["run", kernel] + KERNEL_CASES[kernel] + extra + ["-o", out, "--json"],
                                 ranks=ranks, env={"OMP_NUM_THREADS": str(threads), **alone})
        self.assertEqual(rc, 0, stderr)
        return json.loads(stdout), out

    def test_checksums_identical_over_ranks_and_threads(self):
        configs = [(None, 1), (None, 2), (1, 1), (2, 1), (3, 1), (4, 1)]
        for kernel in KERNEL_CASES:
            extras = [["--schedule", "static"], ["--schedule", "dynamic"]] if kernel == "mandelbrot" else [[]]
            for extra in extras:
                seen = set()
                for i, (ranks, threads) in enumerate(configs):
                    with self.subTest(kernel=kernel, extra=extra, ranks=ranks, threads=threads):
                        doc, out = self.run_json(kernel, extra, ranks, threads, f"{kernel}{''.join(extra)}-{i}.h5")
                        self.assertTrue(doc["validates"])
                        self.assertEqual(doc["ranks"], ranks or 1)
                        seen.add(doc["checksum"].hex() if isinstance(doc["checksum"], float) else doc["checksum"])
                self.assertEqual(len(seen), 1, f"{kernel} {extra}: checksums differ: {seen}")

    def test_transpose_exchanges_identical_over_ranks_and_threads(self):
        configs = [(None, 1), (None, 2), (1, 1), (2, 1), (2, 2), (3, 1), (4, 1)]
        seen = set()
        for exchange in ("alltoall", "shared"):
            for i, (ranks, threads) in enumerate(configs):
                with self.subTest(exchange=exchange, ranks=ranks, threads=threads):
                    doc, out = self.run_json("transpose", ["--exchange", exchange], ranks, threads,
                                             f"transpose-{exchange}-{i}.h5")
                    self.assertTrue(doc["validates"])
                    self.assertEqual(doc["parameters"]["exchange"], exchange)
                    with h5py.File(out, "r") as f:
                        self.assertEqual(f["transpose"].attrs["exchange"], exchange)
                    seen.add(doc["checksum"].hex())
        doc, _ = self.run_json("transpose", [], 2, 1, "transpose-auto.h5")
        self.assertEqual(doc["parameters"]["exchange"], "shared")  # every rank on this one machine
        seen.add(doc["checksum"].hex())
        self.assertEqual(len(seen), 1, f"transpose checksums differ between exchanges: {seen}")

    def test_transpose_shared_across_nodes_is_a_usage_error(self):
        apart = {"PARCOMPUTE_FAULT": "split-nodes"}  # every rank acts as if on a node of its own
        args = ["run", "transpose", "--size", "64", "--iterations", "1"]
        rc, stdout, stderr = run(args + ["--exchange", "shared"], ranks=2, cwd=self.dir, env=apart)
        self.assertEqual(rc, 2, stderr)
        lines = our_lines(stderr)
        self.assertEqual(len(lines), 1, stderr)
        self.assertTrue(lines[0].startswith("parcompute: error: --exchange: 'shared' needs every rank on one node"),
                        lines[0])
        self.assertEqual(stdout, "")
        self.assertEqual(self.files(), [])
        rc, stdout, stderr = run(args, ranks=2, cwd=self.dir, env=apart)  # auto falls back to the all-to-all
        self.assertEqual(rc, 0, stderr)
        header, row = stdout.splitlines()[1:3]
        self.assertEqual(row.split()[header.split().index("exchange")], "alltoall", stdout)

    def test_results_file_of_a_kernel(self):
        doc, out = self.run_json("nstream", [], 2, 1, "n.h5")
        self.assertEqual(doc["checksum"], 8.0 * 100003 * 4)  # 3 timed + 1 warm-up step, 8 each
        with h5py.File(out, "r") as f:
            g = f["nstream"]
            self.assertEqual(g.attrs["validates"], 1)
            self.assertEqual(g.attrs["size"], 100003)
            self.assertEqual(g.attrs["iterations"], 3)
            self.assertEqual(g.attrs["ranks"], 2)
            self.assertEqual(g.attrs["rate_unit"], "MB/s")
            self.assertEqual(g.attrs["checksum"], doc["checksum"])
            self.assertEqual(len(g["iteration_seconds"]), 3)
            self.assertAlmostEqual(g.attrs["best_seconds"], min(g["iteration_seconds"][:]))
        rc, stdout, stderr = run(["inspect", out])
        self.assertEqual(rc, 0, stderr)
        self.assertIn("group /nstream", stdout)

    def test_save_field_is_written_by_every_rank(self):
        import numpy as np
        cases = [
            ("stencil", ["--size", "131", "--radius", "2"], "out",
             lambda n, steps: np.full((n - 4, n - 4), 2.0 * steps)),
            ("transpose", ["--size", "97", "--tile", "8"], "B",
             lambda n, steps: steps * (np.indices((n, n))[1] * n + np.indices((n, n))[0]) + steps * (steps - 1) / 2),
            ("dgemm", ["--size", "83"], "C",
             lambda n, steps: np.tile(steps * np.arange(n) * n * (n - 1) / 2, (n, 1))),
        ]
        for kernel, args, name, expected in cases:
            for ranks in (None, 2, 3):  # alone, the field goes through the plain HDF5 driver
                with self.subTest(kernel=kernel, ranks=ranks):
                    out = os.path.join(self.dir, f"{kernel}-{ranks}.h5")
                    rc, stdout, stderr = run(["run", kernel] + args + ["--iterations", "2", "--save-field", "-o", out,
                                                                        "--json"], ranks=ranks,
                                             env=NO_MPI if ranks is None else None)
                    self.assertEqual(rc, 0, stderr)
                    doc = json.loads(stdout)
                    self.assertGreaterEqual(doc["field_write_seconds"], 0)
                    n = int(args[1])
                    with h5py.File(out, "r") as f:
                        g = f[kernel]
                        self.assertEqual(g.attrs["field"], name)
                        self.assertTrue(np.array_equal(g[name][:], expected(n, 3)), f"{kernel} field differs")
        rc, stdout, _ = run(["run", "nstream", "--help"])
        self.assertNotIn("--save-field", stdout)

    def test_wrong_checksum_exits_1(self):
        for kernel in ("nstream", "mandelbrot", "dgemm"):
            with self.subTest(kernel=kernel):
                out = os.path.join(self.dir, f"bad-{kernel}.h5")
                rc, stdout, stderr = run(["run", kernel] + KERNEL_CASES[kernel] + ["-o", out], ranks=2,
                                         env={"PARCOMPUTE_FAULT": "corrupt-result"})
                self.assertEqual(rc, 1, stderr)
                self.assertIn("Solution does NOT validate", stdout)
                with h5py.File(out, "r") as f:
                    self.assertEqual(f[kernel].attrs["validates"], 0)

    def test_progress_only_on_a_terminal(self):
        import pty
        out = os.path.join(self.dir, "p.h5")
        args = [BINARY, "run", "nstream", "--size", "1000", "--iterations", "3", "-o", out, "--force"]
        master, slave = pty.openpty()
        p = subprocess.run(args, stdout=subprocess.PIPE, stderr=slave, timeout=60)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO once the other end is closed and drained
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        self.assertEqual(p.returncode, 0)
        self.assertRegex(seen.decode(), r"nstream: warm-up [0-9.]+ s .*nstream: iteration 3/3, [0-9.]+ s")
        rc, _, stderr = run(args[1:])  # stderr a pipe: no progress line
        self.assertEqual(rc, 0, stderr)
        self.assertNotIn("iteration", stderr)

    def test_kernel_option_errors(self):
        cases = [
            (["run", "nstream", "--iterations", "0"], "--iterations"),
            (["run", "nstream", "--size", "0"], "--size"),
            (["run", "mandelbrot", "--schedule", "guided"], "--schedule: 'guided'"),
            (["run", "stencil", "--radius", "5"], "--radius"),
            (["run", "transpose", "--tile", "0"], "--tile"),
            (["run", "transpose", "--exchange", "direct"], "--exchange: 'direct' is not an exchange"),
            (["run", "stencil", "--size", "6", "--radius", "3"], "leaves no interior"),
            (["run", "mandelbrot", "--region", "0,1,1,0"], "--region"),
            (["run", "mandelbrot", "--max-iter", "x"], "--max-iter"),
        ]
        for args, needle in cases:
            with self.subTest(args=args):
                rc, _, stderr = run(args, cwd=self.dir)
                self.assertEqual(rc, 2, stderr)
                lines = our_lines(stderr)
                self.assertEqual(len(lines), 1, stderr)
                self.assertIn(needle, lines[0])
                self.assertEqual(self.files(), [])


class OtherCommands(TempDirCase):
    def test_inspect_shows_provenance_and_results(self):
        out = os.path.join(self.dir, "i.h5")
        rc, _, stderr = run(["run", "sumsq", "--sizes", "10,20", "-o", out], ranks=2)
        self.assertEqual(rc, 0, stderr)
        rc, stdout, stderr = run(["inspect", out])
        self.assertEqual(rc, 0, stderr)
        for needle in ("format_version: 2", "mpi_ranks: 2", "group /sumsq", str(exact_sumsq(20)), "hostnames:"):
            self.assertIn(needle, stdout)

    def test_inspect_errors(self):
        not_h5 = os.path.join(self.dir, "plain.txt")
        with open(not_h5, "w") as f:
            f.write("hello")
        for path in (not_h5, os.path.join(self.dir, "missing.h5")):
            rc, _, stderr = run(["inspect", path])
            self.assertEqual(rc, 2)
            self.assertEqual(len(our_lines(stderr)), 1, stderr)

    def test_info_reports_libraries(self):
        rc, stdout, stderr = run(["info", "--json"], ranks=2)
        self.assertEqual(rc, 0, stderr)
        doc = json.loads(stdout)
        self.assertEqual(doc["mpi_ranks"], 2)
        self.assertTrue(doc["hdf5_parallel"])
        self.assertIn("Open MPI", doc["mpi_library"])
        self.assertRegex(doc["curl_version"], r"libcurl \d+\.\d+")
        self.assertEqual(len(doc["ranks"]), 2)

    def test_help_and_version(self):
        rc, stdout, _ = run(["--version"])
        self.assertEqual(rc, 0)
        self.assertRegex(stdout, r"^parcompute \d+\.\d+\.\d+")
        rc, stdout, _ = run(["run", "sumsq", "--help"])
        self.assertEqual(rc, 0)
        for flag in ("--tasks", "--size", "--sizes", "--output", "--force", "--json"):
            self.assertIn(flag, stdout)

    def test_no_library_is_loaded_from_the_working_directory(self):
        # A file named like each library the binary loads, in the directory it runs in: an
        # empty RUNPATH entry (the current directory) would make the loader take one and fail.
        listing = subprocess.run(["ldd", BINARY], capture_output=True, text=True, check=True).stdout
        names = re.findall(r"^\s*(lib\S+\.so\S*) =>", listing, re.M)
        self.assertIn("libcurl.so.4", names)
        for name in names:
            with open(os.path.join(self.dir, name), "w") as f:
                f.write("not a library\n")
        rc, stdout, stderr = run(["--version"], cwd=self.dir)
        self.assertEqual(rc, 0, stderr)
        self.assertRegex(stdout, r"^parcompute \d+\.\d+\.\d+")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--mpiexec", required=True)
    args, rest = parser.parse_known_args()
    BINARY, MPIEXEC = os.path.abspath(args.binary), args.mpiexec  # tests run it from other folders
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
