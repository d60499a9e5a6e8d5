"""parcompute merge end to end: the parts of an array job's farm made one file (each task
once, values as in the parts, every part's provenance kept), usable by inspect and by
--retry-failed; resumed runs' duplicates dropped; a conflict refused unless --prefer newest;
fetch files merged by URL; and every bad input refused with exit 2 and nothing written."""
import json
import os
import shutil
import socket
import subprocess
import unittest

import h5py

from harness import TempDirCase, run_tests

BINARY, MPIEXEC, SERVERS, ARGV = run_tests()
ENV = dict(os.environ, OMP_NUM_THREADS="1")


# An MCA setting that makes MPI_Init fail: a merge that succeeds with it never started MPI.
NO_MPI = {"OMPI_MCA_pml": "no-such-component"}


def parcompute(args, timeout=120, mpiexec=None, env=None):
    cmd = [BINARY] + args
    if mpiexec:
        cmd = [MPIEXEC, "-n", str(mpiexec)] + cmd
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=dict(ENV, **(env or {})))
    return p.returncode, p.stdout, p.stderr


def text(values):
    return [v.decode() if isinstance(v, bytes) else v for v in values]


def farm_rows(path):
    """{task id: row as a dict of columns}, and the list of ids in file order."""
    with h5py.File(path, "r") as f:
        g = f["farm"]
        cols = {k: (text(g[k][:]) if g[k].dtype.kind in "SO" else list(g[k][:])) for k in g.keys()}
    ids = [int(i) for i in cols["id"]]
    return {ids[i]: {k: cols[k][i] for k in cols} for i in range(len(ids))}, ids


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Farm(TempDirCase):
    PREFIX = "pc-merge-"

    def write(self, name, lines):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write("".join(line + "\n" for line in lines))
        return path

    def farm(self, task_file, out, *extra):
        status, stdout, stderr = parcompute(["farm", task_file, "-o", out, "--slots", "2"] + list(extra))
        self.assertIn(status, (0, 1), stderr)
        return status

    def merge(self, *args):
        return parcompute(["merge"] + list(args), env=NO_MPI)

    def assert_refused(self, args, message):
        """Exit 2, one error line naming the problem, and no file (not even a temporary) added."""
        before = self.files()
        status, stdout, stderr = self.merge(*args)
        self.assertEqual(status, 2, stderr)
        self.assertEqual(stdout, "")
        lines = stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, stderr)
        self.assertIn(message, lines[0])
        self.assertEqual(self.files(), before)

    def array_job(self):
        """Four tasks split over two task files, as two tasks of an array job would run them."""
        tasks = ["exec -- sh -c 'echo one'", "exec -- sh -c 'echo two; exit 3'", "exec -- sh -c 'echo three'",
                 "run noop"]
        whole = self.write("tasks.txt", tasks)
        parts = [self.write("part0.txt", tasks[:2]), self.write("part1.txt", tasks[2:])]
        outs = [os.path.join(self.dir, f"part{i}.h5") for i in range(2)]
        for p, o in zip(parts, outs):
            self.farm(p, o)
        return whole, outs

    def test_an_array_jobs_parts_merge_into_one_file_with_each_task_once(self):
        whole, outs = self.array_job()
        status, stdout, stderr = self.merge(self.out, *outs)
        self.assertEqual(status, 0, stderr)
        self.assertIn("2 farm file(s), 4 row(s) in, 0 duplicate(s) dropped, 0 conflict(s), 4 row(s) out", stdout)
        merged, ids = farm_rows(self.out)
        self.assertEqual(len(ids), 4)
        self.assertEqual(len(set(ids)), 4)
        for part in outs:
            rows, _ = farm_rows(part)
            for i, row in rows.items():
                self.assertEqual(merged[i], row)  # every column as in the part
        with h5py.File(self.out, "r") as f:
            self.assertEqual(f.attrs["command"], "farm")
            self.assertEqual(f.attrs["format_version"], 2)
            self.assertIn("merge", f.attrs["command_line"])
            self.assertEqual(f["farm"].attrs["tasks_in_file"], 4)
            self.assertEqual(f["farm"].attrs["tasks_failed"], 1)
            m = f["merge"]
            self.assertEqual((m.attrs["inputs"], m.attrs["rows_in"], m.attrs["rows_out"]), (2, 4, 4))
            for i, part in enumerate(outs):
                g = m["inputs"][str(i)]
                self.assertEqual(g.attrs["path"], part)
                with open(part, "rb") as p:
                    import hashlib
                    self.assertEqual(g.attrs["sha256"], hashlib.sha256(p.read()).hexdigest())
                with h5py.File(part, "r") as p:
                    for name in ("command_line", "start_time", "end_time", "hostnames", "git_commit"):
                        self.assertEqual(list(g.attrs[name]) if name == "hostnames" else g.attrs[name],
                                         list(p.attrs[name]) if name == "hostnames" else p.attrs[name])
                    self.assertEqual(g["farm"].attrs["task_file"], p["farm"].attrs["task_file"])
                self.assertEqual((g.attrs["rows"], g.attrs["rows_kept"]), (2, 2))

        # inspect reads it as a farm's file; --retry-failed with the whole task file reruns
        # only the failed task and keeps the three successes.
        status, stdout, stderr = parcompute(["inspect", self.out])
        self.assertEqual(status, 0, stderr)
        self.assertIn("failed", stdout)
        status, stdout, stderr = parcompute(["farm", whole, "--retry-failed", self.out, "-o",
                                             os.path.join(self.dir, "retry.h5")])
        self.assertEqual(status, 1, stderr)  # the failing task fails again
        self.assertIn("3 succeeded there (carried over), 1 failed there and 0 not in it", stderr)
        retried, retried_ids = farm_rows(os.path.join(self.dir, "retry.h5"))
        self.assertEqual(sorted(retried_ids), sorted(ids))

    def test_json_summary(self):
        _, outs = self.array_job()
        status, stdout, stderr = self.merge(self.out, *outs, "--json")
        self.assertEqual(status, 0, stderr)
        j = json.loads(stdout)
        self.assertEqual((j["command"], j["kind"], j["rows_in"], j["rows_out"], j["duplicates"], j["conflicts"]),
                         ("merge", "farm", 4, 4, 0, 0))
        self.assertEqual([i["rows_kept"] for i in j["inputs"]], [2, 2])

    def test_a_merge_of_merges_keeps_the_provenance_of_every_level(self):
        _, outs = self.array_job()
        first = os.path.join(self.dir, "first.h5")
        self.assertEqual(self.merge(first, outs[0])[0], 0)
        status, _, stderr = self.merge(self.out, first, outs[1])
        self.assertEqual(status, 0, stderr)
        with h5py.File(self.out, "r") as f:
            self.assertEqual(f["merge/inputs/0"].attrs["path"], first)
            self.assertEqual(f["merge/inputs/0/merge/inputs/0"].attrs["path"], outs[0])
            self.assertEqual(f["merge/inputs/1"].attrs["path"], outs[1])
            self.assertEqual(len(f["farm/id"]), 4)

    def test_runs_of_one_task_file_keep_each_task_once(self):
        tasks = self.write("t.txt", ["exec -- true", "exec -- sh -c 'echo a'", "exec -- true",
                                          "run nstream --size 1000 --iterations 1"])
        a, b = os.path.join(self.dir, "a.h5"), os.path.join(self.dir, "b.h5")
        self.farm(tasks, a)
        self.farm(tasks, b)
        status, stdout, stderr = self.merge(self.out, a, b)
        self.assertEqual(status, 0, stderr)
        self.assertIn("8 row(s) in, 4 duplicate(s) dropped, 0 conflict(s), 4 row(s) out", stdout)
        merged, ids = farm_rows(self.out)
        first, first_ids = farm_rows(a)
        self.assertEqual(ids, first_ids)
        self.assertEqual(merged, first)  # duplicates are kept from the first input
        with h5py.File(self.out, "r") as f:
            self.assertEqual(f["farm"].attrs["tasks_in_file"], 4)  # one task file, counted once
            self.assertEqual(list(f["merge/inputs/1"].attrs["rows_kept"].reshape(-1)), [0])

    def conflicting(self):
        flag = os.path.join(self.dir, "flag")
        tasks = self.write("t.txt", ["exec -- true", f"exec -- test -e {flag}"])
        old, new = os.path.join(self.dir, "old.h5"), os.path.join(self.dir, "new.h5")
        self.farm(tasks, old)
        open(flag, "w").close()
        self.farm(tasks, new)
        return old, new

    def test_a_task_with_different_results_is_refused_unless_prefer_newest(self):
        old, new = self.conflicting()
        self.assert_refused([self.out, old, new], "differs between '" + old + "' (failed: exit status 1) and '" + new)
        self.assert_refused([self.out, new, old], "give --prefer newest")
        for order in ((old, new), (new, old)):
            status, stdout, stderr = self.merge(self.out, *order, "--prefer", "newest", "--force")
            self.assertEqual(status, 0, stderr)
            self.assertIn("1 duplicate(s) dropped, 1 conflict(s) (kept the newest), 2 row(s) out", stdout)
            merged, _ = farm_rows(self.out)
            self.assertEqual(sorted(r["status"] for r in merged.values()), ["ok", "ok"])
            with h5py.File(self.out, "r") as f:
                self.assertEqual(f["merge"].attrs["prefer"], "newest")
                self.assertEqual(f["merge"].attrs["conflicts"], 1)

    def test_bad_inputs_are_refused_before_anything_is_written(self):
        _, outs = self.array_job()
        a = outs[0]
        self.assert_refused([self.out, os.path.join(self.dir, "nope.h5")], "no such file")
        notes = self.write("notes.txt", ["hello"])
        self.assert_refused([self.out, a, notes], "is not a parcompute results file (not HDF5)")
        plain = os.path.join(self.dir, "plain.h5")
        with h5py.File(plain, "w") as f:
            f.attrs["x"] = 1
        self.assert_refused([self.out, plain], "is not a parcompute results file")
        sumsq = os.path.join(self.dir, "sumsq.h5")
        self.assertEqual(parcompute(["run", "sumsq", "--tasks", "1", "--size", "10", "-o", sumsq])[0], 0)
        self.assert_refused([self.out, sumsq], "kernel runs are not merged")
        old = os.path.join(self.dir, "v1.h5")
        shutil.copy(a, old)
        with h5py.File(old, "r+") as f:
            f.attrs["format_version"] = 1
        self.assert_refused([self.out, a, old], "has format_version 1; this parcompute merges version 2 only")
        fetched = os.path.join(self.dir, "fetch.h5")
        self.assertEqual(parcompute(["fetch", f"http://127.0.0.1:{closed_port()}/", "-o", fetched])[0], 1)
        self.assert_refused([self.out, a, fetched], "is a fetch file and '" + a + "' a farm file")
        unfinished = os.path.join(self.dir, "unfinished.h5")
        shutil.copy(a, unfinished)
        open(unfinished + ".journal", "w").close()
        self.assert_refused([self.out, a, unfinished], "has a journal beside it")
        self.assert_refused([a, a, outs[1]], "the output " + a + " is also an input")
        self.assert_refused([self.out, a, a], "is given twice")
        truncated = os.path.join(self.dir, "truncated.h5")
        with open(a, "rb") as f, open(truncated, "wb") as t:
            t.write(f.read(3000))
        self.assert_refused([self.out, a, truncated], "cannot be read (damaged?)")
        self.assertEqual(self.merge(self.out, a)[0], 0)
        self.assert_refused([self.out, outs[1]], "exists")
        status, _, stderr = self.merge(self.out, outs[1], "--force")
        self.assertEqual(status, 0, stderr)
        self.assert_refused([self.out, a, "--prefer", "oldest"], "--prefer")

    def test_an_input_replaced_while_it_is_read_is_refused(self):
        # Paused between reading a part's rows and hashing its bytes, the part is replaced (as
        # a resumed run's rename would): the provenance would pair one file's rows with the
        # other's hash, so merge refuses.
        whole, outs = self.array_job()
        fifo = os.path.join(self.dir, "go")
        os.mkfifo(fifo)
        env = dict(ENV, **NO_MPI, PARCOMPUTE_TEST_PAUSE="merge-read:" + fifo)
        p = subprocess.Popen([BINARY, "merge", self.out, outs[0]], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        line = p.stderr.readline()
        self.assertIn("paused at merge-read", line)
        shutil.copy(outs[1], outs[0] + ".new")
        os.replace(outs[0] + ".new", outs[0])
        with open(fifo, "w") as f:
            f.write("g")
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 2, err)
        self.assertIn("changed while it was read", err)
        self.assertFalse(os.path.exists(self.out))

    def test_merge_refuses_to_run_as_several_ranks(self):
        _, outs = self.array_job()
        before = self.files()
        status, stdout, stderr = parcompute(["merge", self.out] + outs, mpiexec=2)
        self.assertEqual(status, 2, stderr)
        self.assertEqual(stderr.count("runs as one process"), 1, stderr)
        self.assertEqual(self.files(), before)


class Fetch(TempDirCase):
    PREFIX = "pc-merge-"

    def fetch(self, name, urls):
        out = os.path.join(self.dir, name)
        status, _, stderr = parcompute(["fetch"] + urls + ["-o", out, "--retries", "0"])
        self.assertIn(status, (0, 1), stderr)
        return out

    def test_fetches_merge_by_url_and_occurrence(self):
        closed = f"http://127.0.0.1:{closed_port()}/"
        ftp = "ftp://127.0.0.1/x"  # refused: a row with an error, no request
        a = self.fetch("a.h5", [closed, ftp, closed])
        b = self.fetch("b.h5", [ftp, "gopher://127.0.0.1/y"])
        status, stdout, stderr = parcompute(["merge", self.out, a, b])
        self.assertEqual(status, 0, stderr)
        self.assertIn("2 fetch file(s), 5 row(s) in, 1 duplicate(s) dropped, 0 conflict(s), 4 row(s) out", stdout)
        with h5py.File(self.out, "r") as f:
            g = f["fetch"]
            self.assertEqual(text(g["url"][:]), [closed, ftp, closed, "gopher://127.0.0.1/y"])
            self.assertEqual(g.attrs["urls"], 4)
            self.assertEqual(g.attrs["failed"], 4)
            self.assertEqual(list(g.attrs["mixed_options"]), [])
            self.assertEqual(g.attrs["max_in_flight"], 32)
            self.assertEqual(f.attrs["command"], "fetch")
            with h5py.File(a, "r") as fa:
                self.assertEqual(list(g["curl_code"][:3]), list(fa["fetch/curl_code"][:]))
                self.assertEqual(f["merge/inputs/0"].attrs["end_time"], fa.attrs["end_time"])
                self.assertEqual(f["merge/inputs/0/fetch"].attrs["urls"], 3)

        # A URL with another result in another file is a conflict; --prefer newest keeps the
        # row of the file that ended last.
        c = os.path.join(self.dir, "c.h5")
        shutil.copy(b, c)
        with h5py.File(c, "r+") as f:
            f["fetch/curl_code"][0] = 7
            f["fetch/error"][0] = b"another error"
            f.attrs["end_time"] = "2999-01-01T00:00:00.000Z"
        status, stdout, stderr = parcompute(["merge", self.out, a, c, "--force"])
        self.assertEqual(status, 2, stderr)
        self.assertIn("URL " + ftp + " differs between", stderr)
        status, stdout, stderr = parcompute(["merge", self.out, a, c, "--force", "--prefer", "newest"])
        self.assertEqual(status, 0, stderr)
        with h5py.File(self.out, "r") as f:
            self.assertEqual(text(f["fetch/error"][:])[1], "another error")

        # A digest is compared only when both rows have one (--digest none leaves it empty).
        e = os.path.join(self.dir, "e.h5")
        shutil.copy(b, e)
        with h5py.File(e, "r+") as f:
            f["fetch/sha256"][0] = b"ab" * 32
        status, stdout, stderr = parcompute(["merge", self.out, a, e, "--force"])
        self.assertEqual(status, 0, stderr)
        self.assertIn("1 duplicate(s) dropped, 0 conflict(s)", stdout)

        # Options that differ are named, not guessed.
        d = self.fetch("d.h5", [closed, "--max-in-flight", "3"])
        status, _, stderr = parcompute(["merge", self.out, a, d, "--force"])
        self.assertEqual(status, 0, stderr)
        with h5py.File(self.out, "r") as f:
            self.assertEqual(text(f["fetch"].attrs["mixed_options"]), ["max_in_flight"])
            self.assertNotIn("max_in_flight", f["fetch"].attrs)


if __name__ == "__main__":
    unittest.main(argv=ARGV, verbosity=2)
