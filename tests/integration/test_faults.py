#!/usr/bin/python3
"""The fault suite: every command that writes a results file, run against full disks (a small
tmpfs filled to several levels), signals at each named phase (the PARCOMPUTE_TEST_PAUSE
hook, so no sleep decides what is tested), planted links, a competing writer, outputs that
cannot be created, a report that cannot be written and a thread count that cannot be started.
The promise checked each time: the results file is whole or absent, no temporary is left,
and the run says why in one line with the documented exit status."""
import os
import signal
import subprocess
import tempfile
import time
import unittest

import h5py

from harness import TempDirCase, run_tests

BINARY = MPIEXEC = SERVERS = None
PHASES = ["output-created", "computing", "written", "committed"]
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT]


def env_for_tests(extra=None):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(proxy, None)  # loopback traffic only
    env.update(extra or {})
    return env


def nginx(path):
    with open(os.path.join(SERVERS, "nginx", "port")) as f:
        return f"http://127.0.0.1:{f.read().strip()}/{path}"


def our_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith("parcompute:")]


def command(kind, out):
    """The commands that write a results file, as (argv, ranks)."""
    urls = [nginx("1k.bin")] * 12 + [nginx("64k.bin")]
    return {
        "run": (["run", "sumsq", "--tasks", "2", "--size", "1000", "-o", out], None),
        "run-field": (["run", "stencil", "--size", "200", "--iterations", "2", "--save-field", "-o", out], 2),
        # Alone, MPI is not started and the field goes through plain HDF5: the same promise.
        "run-field-alone": (["run", "stencil", "--size", "200", "--iterations", "2", "--save-field", "-o", out], None),
        "fetch": (["fetch", "-o", out, "--quiet"] + urls, None),
        "fetch-bodies": (["fetch", "-o", out, "--quiet", "--store-bodies"] + urls, None),
        "fetch-bodies-ranks": (["fetch", "-o", out, "--quiet", "--store-bodies"] + urls, 2),
    }[kind]


def launch(argv, ranks=None, env=None, **kw):
    cmd = [BINARY] + argv
    if ranks is not None:
        cmd = [MPIEXEC, "-n", str(ranks)] + cmd
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env_for_tests(env), **kw)


def finish(p, timeout=120):
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        raise AssertionError(f"hung: {p.args}\n{err}")
    return p.returncode, out, err


def paused_pids(p, count):
    """Waits for `count` processes to report the test hook; returns their pids. Each then
    waits (running, not stopped), so a signal sent now is handled at that phase."""
    pids = []
    while len(pids) < count:
        line = p.stderr.readline()
        if not line:
            raise AssertionError(f"ended before the hook: {p.wait()}")
        if "test hook: paused at" in line:
            pids.append(int(line.rsplit("pid ", 1)[1].rstrip(")\n")))
    return pids


def signal_paused(pids, sig):
    for pid in pids:
        os.kill(pid, sig)


class Tmpfs:
    """A tmpfs of `size` bytes mounted on a fresh folder; fill() leaves `free` bytes."""

    def __init__(self, size):
        self.dir = tempfile.mkdtemp(prefix="pc-faults-fs-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", self.dir], check=True)
        self.size = size

    def fill(self, free):
        filler = os.path.join(self.dir, "filler")
        if os.path.exists(filler):
            os.remove(filler)
        with open(filler, "wb") as f:
            try:
                f.write(b"\0" * (self.size - free))
                f.flush()
            except OSError:
                pass  # full: exactly what was asked for

    def entries(self):
        return sorted(n for n in os.listdir(self.dir) if n != "filler")

    def close(self):
        subprocess.run(["umount", self.dir], check=True)
        os.rmdir(self.dir)


def can_mount():
    return os.geteuid() == 0


class Case(TempDirCase):
    PREFIX = "pc-faults-"

    def assertWhole(self, path, kind):
        with h5py.File(path, "r") as f:
            self.assertEqual(f.attrs["format_version"], 2)
            group = "sumsq" if kind == "run" else "stencil" if kind.startswith("run-field") else "fetch"
            self.assertIn(group, f)
            if kind.startswith("run-field"):  # the interior of the 200 x 200 grid, radius 2
                self.assertEqual(f["stencil/out"].shape, (196, 196))
            if kind.startswith("fetch-bodies"):
                self.assertEqual(len(f["fetch/url"]), 13)


@unittest.skipUnless(can_mount(), "mounting a tmpfs needs root")
class FullDisk(Case):
    def test_every_writer_is_whole_or_absent_at_every_fill_level(self):
        fs = Tmpfs(1 << 20)
        try:
            for kind in ("run", "run-field", "run-field-alone", "fetch", "fetch-bodies", "fetch-bodies-ranks"):
                outcomes = []
                for free in (1 << 20, 200 << 10, 24 << 10, 8 << 10, 4 << 10, 0):
                    with self.subTest(kind=kind, free=free):
                        out = os.path.join(fs.dir, "r.h5")
                        if os.path.exists(out):
                            os.remove(out)  # left by a failed case: each case starts alike
                        fs.fill(free)
                        argv, ranks = command(kind, out)
                        rc, _, err = finish(launch(argv, ranks))
                        outcomes.append(rc)
                        lines = our_lines(err)
                        if rc == 0:
                            self.assertWhole(out, kind)
                            self.assertEqual(fs.entries(), ["r.h5"])
                            os.remove(out)
                            continue
                        self.assertIn(rc, (2, 4), err)  # 2: found before any work
                        self.assertEqual(fs.entries(), [], err)
                        self.assertTrue(lines, err)
                        # One line, naming the file and the cause; under mpiexec one from each
                        # failing rank that reports before MPI_Abort ends the others.
                        self.assertTrue(1 <= len(lines) <= (ranks or 1), err)
                        for line in lines:
                            self.assertIn("r.h5", line)
                            self.assertTrue("No space left" in line or "I/O error" in line
                                            or "input/output error" in line, line)
                self.assertEqual(outcomes[0], 0, kind)  # the empty disk takes every file
                self.assertNotEqual(outcomes[-1], 0, kind)  # the full one takes none
        finally:
            fs.close()


class Signals(Case):
    def check_signal(self, argv, phase, sig, ranks=None, kind="run"):
        p = launch(argv, ranks, env={"PARCOMPUTE_TEST_PAUSE": phase})
        signal_paused(paused_pids(p, ranks or 1), sig)
        rc, _, err = finish(p)
        self.assertEqual(rc, 3, err)
        if phase == "committed":
            self.assertEqual(os.listdir(self.dir), ["r.h5"])
            self.assertWhole(self.out, kind)
            os.remove(self.out)
        else:
            self.assertEqual(os.listdir(self.dir), [], f"{phase} {sig}")

    def test_a_signal_at_any_phase_exits_3_and_leaves_a_whole_file_or_none(self):
        for kind in ("run", "fetch"):
            for phase in PHASES:
                for sig in SIGNALS:
                    with self.subTest(kind=kind, phase=phase, sig=sig):
                        self.check_signal(command(kind, self.out)[0], phase, sig, kind=kind)

    def test_ranks_signalled_under_mpiexec_exit_3_and_leave_nothing(self):
        argv = command("run", self.out)[0]
        for phase in ("computing", "written"):
            with self.subTest(phase=phase):
                self.check_signal(argv, phase, signal.SIGTERM, ranks=2)

    def test_mpiexec_signalled_ends_with_its_own_status_and_leaves_nothing(self):
        # Open MPI 4.1's mpirun, itself signalled, forwards SIGTERM to the ranks (then SIGKILL)
        # and ends with status 1 (docs/cli.md); each rank removes its partial file.
        for _ in range(3):
            p = launch(command("run", self.out)[0], 2, env={"PARCOMPUTE_TEST_PAUSE": "written"})
            paused_pids(p, 2)
            p.send_signal(signal.SIGTERM)
            rc, _, err = finish(p)
            self.assertEqual(rc, 1, err)
            self.assertEqual(os.listdir(self.dir), [])

    def test_a_fetch_blocked_reading_a_fifo_exits_3_on_sigint(self):
        fifo = os.path.join(self.dir, "urls")
        os.mkfifo(fifo)
        p = launch(["fetch", "--input", fifo, "-o", self.out])
        while True:  # opening the writing end succeeds once the run holds the reading end
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:
                self.assertIsNone(p.poll())
        p.send_signal(signal.SIGINT)
        rc, _, err = finish(p)
        os.close(fd)
        self.assertEqual(rc, 3, err)
        self.assertEqual(os.listdir(self.dir), ["urls"])


class Planted(Case):
    def test_the_temporary_is_random_exclusive_and_not_a_link(self):
        names = []
        for _ in range(2):
            p = launch(command("run", self.out)[0], env={"PARCOMPUTE_TEST_PAUSE": "output-created"})
            pids = paused_pids(p, 1)
            (temp,) = os.listdir(self.dir)
            self.assertTrue(temp.startswith(".r.h5.") and temp.endswith(".tmp"), temp)
            self.assertNotIn(str(pids[0]), temp)
            self.assertFalse(os.path.islink(os.path.join(self.dir, temp)))
            names.append(temp)
            signal_paused(pids, signal.SIGTERM)
            self.assertEqual(finish(p)[0], 3)
        self.assertNotEqual(names[0], names[1])

    def test_a_link_under_the_final_name_is_refused_and_with_force_replaced_not_followed(self):
        victim = os.path.join(self.dir, "victim")
        with open(victim, "w") as f:
            f.write("keep")
        for target in (victim, os.path.join(self.dir, "nowhere")):
            with self.subTest(target=target):
                os.symlink(target, self.out)
                rc, _, err = finish(launch(command("run", self.out)[0]))
                self.assertEqual(rc, 2, err)
                self.assertIn("already exists", err)
                rc, _, err = finish(launch(command("run", self.out)[0] + ["--force"]))
                self.assertEqual(rc, 0, err)
                self.assertFalse(os.path.islink(self.out))
                self.assertWhole(self.out, "run")
                os.remove(self.out)
        with open(victim) as f:
            self.assertEqual(f.read(), "keep")
        self.assertEqual(sorted(os.listdir(self.dir)), ["victim"])

    def test_a_file_made_under_the_final_name_during_the_run_is_kept(self):
        go = os.path.join(os.path.dirname(self.dir), os.path.basename(self.dir) + ".go")
        os.mkfifo(go)
        self.addCleanup(os.remove, go)
        p = launch(command("run", self.out)[0], env={"PARCOMPUTE_TEST_PAUSE": "written:" + go})
        paused_pids(p, 1)
        with open(self.out, "w") as f:
            f.write("the other writer's")
        with open(go, "w") as f:  # lets the run go on
            f.write("x")
        rc, _, err = finish(p)
        self.assertEqual(rc, 4, err)
        (line,) = our_lines(err)
        self.assertIn("was created by another process", line)
        with open(self.out) as f:
            self.assertEqual(f.read(), "the other writer's")
        kept = [n for n in os.listdir(self.dir) if n != "r.h5"]
        self.assertEqual(len(kept), 1, kept)
        self.assertIn(kept[0], line)
        self.assertWhole(os.path.join(self.dir, kept[0]), "run")


class LateOutput(Case):
    def check_refused_before_work(self, out, cwd=None):
        # 1e12 terms would take hours: an exit within the timeout means nothing was computed.
        start = time.monotonic()
        argv = ["run", "sumsq", "--tasks", "1", "--size", "1e12"] + (["-o", out] if out else [])
        rc, stdout, err = finish(launch(argv, cwd=cwd), timeout=60)
        self.assertEqual(rc, 2, err)
        self.assertEqual(len(our_lines(err)), 1, err)
        self.assertIn("--output", err)
        self.assertEqual(stdout, "")
        self.assertLess(time.monotonic() - start, 30)

    def test_outputs_that_cannot_be_created_are_usage_errors_before_any_work(self):
        self.check_refused_before_work("/proc/r.h5")
        self.check_refused_before_work(os.path.join(self.dir, "x" * 256 + ".h5"))
        gone = os.path.join(self.dir, "gone")
        os.mkdir(gone)
        p = subprocess.Popen(["sh", "-c", f'cd "{gone}" && rmdir "{gone}" && exec "$0" "$@"', BINARY, "run",
                              "sumsq", "--tasks", "1", "--size", "1e12"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for_tests())
        rc, stdout, err = finish(p, timeout=60)
        self.assertEqual(rc, 2, err)
        self.assertIn("--output", err)
        self.assertEqual(self.files(), [])

    def test_a_name_at_the_length_limit_is_written(self):
        out = os.path.join(self.dir, "y" * 252 + ".h5")
        rc, _, err = finish(launch(command("run", out)[0]))
        self.assertEqual(rc, 0, err)
        self.assertWhole(out, "run")
        self.assertEqual(os.listdir(self.dir), [os.path.basename(out)])


class Report(Case):
    def test_a_report_that_cannot_be_written_is_exit_4_and_the_file_is_whole(self):
        argv = [BINARY] + command("run", self.out)[0]
        for how, shell in (("full", 'exec "$@" > /dev/full'), ("closed", 'exec "$@" >&-')):
            with self.subTest(stdout=how):
                p = subprocess.run(["sh", "-c", shell, "sh"] + argv, capture_output=True, text=True,
                                   env=env_for_tests(), timeout=60)
                self.assertEqual(p.returncode, 4, p.stderr)
                (line,) = our_lines(p.stderr)
                self.assertIn("cannot write the report to standard output", line)
                self.assertWhole(self.out, "run")
                os.remove(self.out)


class Limits(Case):
    def test_more_threads_than_a_process_can_start_is_a_usage_error(self):
        for ranks in (None, 2):
            with self.subTest(ranks=ranks):
                rc, _, err = finish(launch(command("run", self.out)[0], ranks, env={"OMP_NUM_THREADS": "100000"}))
                self.assertEqual(rc, 2, err)
                (line,) = our_lines(err)
                self.assertIn("OMP_NUM_THREADS: 100000 is out of range", line)
                self.assertEqual(os.listdir(self.dir), [])
        rc, _, err = finish(launch(command("run", self.out)[0], env={"OMP_NUM_THREADS": "2,x"}))
        self.assertEqual(rc, 2, err)
        self.assertIn("OMP_NUM_THREADS: 'x' is not a whole number", err)


if __name__ == "__main__":
    BINARY, MPIEXEC, SERVERS, argv = run_tests()  # the binary's path is absolute: some tests run elsewhere
    unittest.main(argv=argv, verbosity=2)
