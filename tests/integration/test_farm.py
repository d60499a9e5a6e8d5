"""parcompute farm end to end: every task exactly once alone and under mpiexec, failure
classes, retries, the halt rule, kill -9 of the whole job then --resume, SIGTERM, a torn
journal, a changed task file, templates, no process left behind, inspect of a finished
farm, of a killed one (its journal only; a part's resume line keeps its --part, and a resume
as another part is refused) and of a running one (which it must not disturb), and
--retry-failed: only the failed tasks run again, in place or to -o, killed and resumed."""
import collections
import hashlib
import os
import re
import shlex
import struct
import signal
import subprocess
import sys
import time
import unittest

import h5py

from harness import TempDirCase, run_tests

BINARY, MPIEXEC, SERVERS, ARGV = run_tests()


def env_for_tests(extra=None):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.update(extra or {})
    return env


def farm(args, ranks=None, timeout=120, cwd=None, env=None):
    cmd = [BINARY, "farm"] + args
    if ranks is not None:
        cmd = [MPIEXEC, "-n", str(ranks)] + cmd
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env_for_tests(env))
    return p.returncode, p.stdout, p.stderr


def table(path):
    with h5py.File(path, "r") as f:
        g = f["farm"]
        cols = {k: g[k][:] for k in g.keys()}
        for k, v in cols.items():
            if v.dtype.kind in "SO":
                cols[k] = [x.decode() if isinstance(x, bytes) else x for x in v]
        return cols, dict(g.attrs), dict(f.attrs)


def rows(path):
    cols, _, _ = table(path)
    n = len(cols["id"])
    return [{k: cols[k][i] for k in cols} for i in range(n)]


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def inspect(path, timeout=60):
    p = subprocess.run([BINARY, "inspect", path], capture_output=True, text=True, timeout=timeout,
                       env=env_for_tests())
    return p.returncode, p.stdout, p.stderr


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def journal_payloads(path):
    """The payloads of a journal's whole records, read without parcompute, and the bytes after
    them: the magic, then records of a u32 length, a u32 CRC-32C of the length bytes and the
    payload, the payload; the first record that is short or fails its CRC ends the whole ones."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"PCJRNL1\n", data[:8]
    at, payloads = 8, []
    while len(data) - at >= 8:
        n, crc = struct.unpack_from("<II", data, at)
        payload = data[at + 8:at + 8 + n]
        if len(payload) < n or crc32c(data[at:at + 4] + payload) != crc:
            break
        payloads.append(payload)
        at += 8 + n
    return payloads, len(data) - at


def journal_task_records(path):
    """How many task records a journal holds, and the bytes after its whole records."""
    payloads, torn = journal_payloads(path)
    return sum(p[:1] == b"T" for p in payloads), torn


def journal_in_flight(path):
    """How many tasks the journal's last run handed out (S) that neither came back (B) nor
    finished (T, its id first), unless the run ended cleanly (E)."""
    flying = set()
    for p in journal_payloads(path)[0]:
        kind, body = p[:1], p[1:]
        if kind in (b"H", b"E"):
            flying = set()
        elif kind in (b"S", b"B"):
            (n,) = struct.unpack_from("<I", body)
            ids = set(struct.unpack_from(f"<{n}Q", body, 4))
            flying = flying | ids if kind == b"S" else flying - ids
        elif kind == b"T":
            flying.discard(struct.unpack_from("<Q", body)[0])
    return len(flying)


def processes_with(marker):
    out = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out if int(p) != os.getpid()]


def mpi_ranks(marker):
    """{rank: pid} of the parcompute ranks whose command line holds `marker`."""
    ranks = {}
    for pid in processes_with(marker):
        try:
            if os.readlink(f"/proc/{pid}/exe") != os.path.realpath(BINARY):
                continue  # mpiexec, or a rank gone <defunct>
            with open(f"/proc/{pid}/environ", "rb") as f:
                env = dict(v.split(b"=", 1) for v in f.read().split(b"\0") if b"=" in v)
            ranks[int(env[b"OMPI_COMM_WORLD_RANK"])] = pid
        except (OSError, KeyError, ValueError):
            continue
    return ranks


class FarmCase(TempDirCase):
    PREFIX = "pc-farm-"

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path


class ExactlyOnce(FarmCase):
    def tasks(self):
        lines = ["# mixed kinds, identical lines count as separate tasks"]
        lines += ["run noop"] * 20 + ["exec -- true"] * 15
        lines += [f"exec -- sh -c 'echo task {i}'" for i in range(25)]
        return self.write("tasks.txt", "\n".join(lines) + "\n"), 60

    def check_once(self, ranks, schedule):
        path, n = self.tasks()
        out = os.path.join(self.dir, f"r-{ranks}-{schedule}.h5")
        rc, so, se = farm([path, "-o", out, "--schedule", schedule], ranks=ranks)
        self.assertEqual(rc, 0, se)
        cols, attrs, root = table(out)
        self.assertEqual(len(cols["id"]), n)
        self.assertEqual(len(set(cols["id"])), n, "a task ran twice or two tasks share an id")
        self.assertEqual(set(cols["status"]), {"ok"})
        self.assertEqual(sorted(cols["line"]), list(range(2, n + 2)))
        heads = sorted(h for h in cols["stdout_head"] if h.startswith("task "))
        self.assertEqual(heads, sorted(f"task {i}\n" for i in range(25)))
        self.assertEqual(attrs["tasks_in_file"], n)
        self.assertEqual(root["command"], "farm")
        if ranks and ranks > 1:
            self.assertEqual(set(cols["rank"]), set(range(1, ranks)), "rank 0 manages, the others run")
        self.assertFalse(os.path.exists(out + ".journal"))
        return cols

    def test_alone(self):
        cols = self.check_once(None, "dynamic")
        self.assertEqual(set(cols["rank"]), {0})

    def test_under_mpiexec_dynamic_and_static(self):
        for ranks in (2, 3, 4):
            self.check_once(ranks, "dynamic")
        cols = self.check_once(3, "static")
        # static: rank 1 takes the first block of lines, rank 2 the second
        by_rank = collections.defaultdict(list)
        for line, rank in zip(cols["line"], cols["rank"]):
            by_rank[rank].append(line)
        self.assertLess(max(by_rank[1]), min(by_rank[2]))

    def test_a_hundred_thousand_tasks(self):
        path = self.write("many.txt", "run noop\n" * 100000)
        t0 = time.monotonic()
        rc, so, se = farm([path, "-o", self.out, "--slots", "2"], timeout=120)
        self.assertEqual(rc, 0, se)
        cols, _, _ = table(self.out)
        self.assertEqual(len(set(cols["id"])), 100000)
        self.assertIn("100000 task(s) recorded, 0 failed", so)
        print(f"100,000 noop tasks alone: {time.monotonic() - t0:.2f} s", file=sys.stderr)


class Failures(FarmCase):
    def test_each_failure_has_its_class(self):
        hungry = f"{sys.executable} -c 'b = bytearray(200 * 2**20); b[::4096] = b\"x\" * (len(b) // 4096)'"
        path = self.write("tasks.txt", "\n".join([
            "exec -- sh -c 'echo out; echo err >&2; exit 0'",
            "exec -- sh -c 'exit 3'",
            "exec -- sh -c 'kill -SEGV $$'",
            "exec -- ./no-such-program",
            "exec -- sh -c 'exit 0'",
            f"exec -- {hungry}",
            "run sumsq --size 1000",
            "fetch http://127.0.0.1:9/closed-port",
        ]) + "\n")
        rc, so, se = farm([path, "-o", self.out, "--slots", "2"])
        self.assertEqual(rc, 1, se)
        r = {row["line"]: row for row in rows(self.out)}
        self.assertEqual((r[1]["status"], r[1]["class"], r[1]["exit_code"]), ("ok", "", 0))
        self.assertEqual((r[1]["stdout_head"], r[1]["stderr_head"]), ("out\n", "err\n"))
        self.assertEqual((r[2]["class"], r[2]["exit_code"]), ("exit", 3))
        self.assertEqual((r[3]["class"], r[3]["signal"]), ("signal", signal.SIGSEGV))
        self.assertEqual(r[4]["class"], "start")
        self.assertIn("No such file or directory", r[4]["error"])
        self.assertEqual((r[5]["status"], r[5]["class"]), ("ok", ""))
        self.assertEqual((r[6]["status"], r[6]["exit_code"]), ("ok", 0))
        self.assertGreater(r[6]["peak_rss_kib"], 200 * 1024)
        self.assertEqual(r[7]["status"], "ok")
        self.assertTrue(r[7]["result"].startswith("sums 332833500"), r[7]["result"])  # sum of i*i for i < 1000
        self.assertEqual(r[8]["class"], "fetch")
        self.assertIn("4 failed (exit 1, signal 1, start 1, fetch 1)", so)
        self.assertIn("line 2: exec -- sh -c 'exit 3': exit status 3", so)

    def test_a_hanging_task_is_cut_at_its_timeout_with_its_group(self):
        marker = f"pc-farm-hang-{os.getpid()}"
        path = self.write("tasks.txt", f"exec -- bash -c '(exec -a {marker} sleep 300) & sleep 300'\nexec -- true\n")
        t0 = time.monotonic()
        rc, so, se = farm([path, "-o", self.out, "--task-timeout", "1", "--grace", "0.5"])
        self.assertLess(time.monotonic() - t0, 30, "the hanging task was not cut at its timeout")
        self.assertEqual(rc, 1, se)
        r = {row["line"]: row for row in rows(self.out)}
        self.assertEqual((r[1]["class"], r[1]["signal"]), ("timeout", signal.SIGTERM))
        self.assertGreaterEqual(r[1]["seconds"], 1.0)
        self.assertEqual(r[2]["status"], "ok")
        self.assertEqual(processes_with(marker), [])

    def test_retries_rerun_a_failed_task(self):
        flag = os.path.join(self.dir, "flag")
        path = self.write("tasks.txt", f"exec -- sh -c 'if [ -e {flag} ]; then exit 0; fi; touch {flag}; exit 1'\n")
        rc, so, se = farm([path, "-o", self.out, "--retries", "1"])
        self.assertEqual(rc, 0, se)
        (row,) = rows(self.out)
        self.assertEqual((row["status"], row["attempts"]), ("ok", 2))
        os.unlink(flag)
        os.unlink(self.out)
        rc, so, se = farm([path, "-o", self.out])
        self.assertEqual(rc, 1)
        self.assertEqual(rows(self.out)[0]["attempts"], 1)

    def test_a_retry_runs_on_another_rank(self):
        # Each attempt logs its worker's pid (the task's parent): the retry must be the other's.
        flag = os.path.join(self.dir, "flag")
        log = os.path.join(self.dir, "ran.log")
        lines = [f"exec -- sh -c 'echo $PPID >> {log}; if [ -e {flag} ]; then exit 0; fi; touch {flag}; exit 1'"]
        # One task a worker: the one that fails is idle at once, and would take its own retry.
        lines += ["exec -- sleep 0.5"]
        path = self.write("tasks.txt", "\n".join(lines) + "\n")
        rc, so, se = farm([path, "-o", self.out, "--retries", "1", "--slots", "1"], ranks=3)
        self.assertEqual(rc, 0, se)
        row = rows(self.out)[0]
        self.assertEqual((row["status"], row["attempts"]), ("ok", 2))
        with open(log) as f:
            pids = f.read().split()
        self.assertEqual(len(pids), 2, pids)
        self.assertNotEqual(pids[0], pids[1])

    def age_journal(self):
        journal = self.out + ".journal"
        then = time.time() - 600
        os.utime(journal, (then, then))

    def check_a_killer_is_found_alone_and_recorded_lost(self, ranks):
        # The killer and an innocent task beside it are out at both deaths; run alone, the
        # innocent one succeeds and the killer is caught.
        killer = "exec -- sh -c 'sleep 0.3; kill -9 $PPID'"
        lines = ["exec -- sleep 2", killer] + [f"exec -- echo {i}" for i in range(4)]
        path = self.write("tasks.txt", "\n".join(lines) + "\n")
        slots = ["--slots", "2" if ranks is None else "1"]
        died = (lambda rc: rc == -signal.SIGKILL) if ranks is None else (lambda rc: rc != 0)
        rc, so, se = farm([path, "-o", self.out] + slots, ranks=ranks)
        self.assertTrue(died(rc), (rc, se))
        rc, so, se = farm([path, "--resume", self.out] + slots, ranks=ranks)  # a first death may be anyone's
        self.assertTrue(died(rc), (rc, se))
        self.assertNotIn("deaths", se)
        if ranks is None:
            self.age_journal()
            self.assertIn("2 task(s) were out at two or more deaths of this farm: a resume runs them alone first",
                          inspect(self.out)[1])
        rc, so, se = farm([path, "--resume", self.out] + slots, ranks=ranks)
        self.assertTrue(died(rc), (rc, se))
        # mpiexec ends the other ranks with SIGTERM first: the task beside the killer may be
        # given back in that stop, and then it was not out at the death.
        self.assertRegex(se, r"at two or more deaths of this farm: line\(s\) (1 \(2 deaths\), )?2 \(2 deaths\); "
                             r"each runs alone first")
        if ranks is None:
            self.assertIn("2 task(s) were handed out (running or queued) at two or more deaths", se)
        self.age_journal()  # inspect takes a journal written in the last seconds for a running farm's
        self.assertIn("the farm died while a task ran alone: a resume records it as failed (class lost)",
                      inspect(self.out)[1])
        rc, so, se = farm([path, "--resume", self.out] + slots, ranks=ranks)
        self.assertEqual(rc, 1, se)
        self.assertIn("1 task(s) ran alone when this farm died, so they killed it: line(s) 2 (3 deaths)", se)
        self.assertNotIn("at two or more deaths", se)
        self.assertIn("--retry-failed", so)
        by_line = {}
        for r in rows(self.out):
            self.assertNotIn(r["line"], by_line, "a task is in the table twice")
            by_line[r["line"]] = r
        self.assertEqual(sorted(by_line), [1, 2, 3, 4, 5, 6])
        lost = by_line.pop(2)
        self.assertEqual((lost["status"], lost["class"], lost["attempts"]), ("failed", "lost", 3))
        self.assertEqual(lost["task"], killer)
        self.assertEqual([r["status"] for r in by_line.values()], ["ok"] * 5)
        self.assertEqual(sorted(by_line[n]["stdout_head"].strip() for n in (3, 4, 5, 6)), ["0", "1", "2", "3"])

    def test_a_task_that_kills_its_farm_is_found_alone_and_recorded_lost(self):
        self.check_a_killer_is_found_alone_and_recorded_lost(None)

    def test_a_task_that_kills_a_worker_rank_is_found_alone_and_recorded_lost(self):
        self.check_a_killer_is_found_alone_and_recorded_lost(3)

    def test_halt_on_stops_handing_out_work(self):
        path = self.write("tasks.txt", "exec -- false\n" * 30)
        rc, so, se = farm([path, "-o", self.out, "--halt-on", "fail=3", "--slots", "1"])
        self.assertEqual(rc, 1)
        self.assertEqual(len(rows(self.out)), 3)
        self.assertIn("27 not run", so)

    def test_halt_on_under_mpiexec_starts_nothing_on_a_rank_after_its_failure(self):
        # Each worker holds its queue from a failure until rank 0 has counted it: beyond the
        # three failures only the task running on the other rank then may end (and fail).
        path = self.write("tasks.txt", "exec -- false\n" * 60)
        rc, so, se = farm([path, "-o", self.out, "--halt-on", "fail=3", "--slots", "1"], ranks=3)
        self.assertEqual(rc, 1, se)
        self.assertIn(len(rows(self.out)), (3, 4))

    def test_bad_input_is_exit_2_before_any_task(self):
        marker = os.path.join(self.dir, "ran")
        cases = {
            f"exec -- touch {marker}\nexec -- echo 'oops\n": "tasks.txt:2: unbalanced single quote",
            f"exec -- touch {marker}\nrun sumsq --size -5\n": "tasks.txt:2: --size: '-5' is not a whole number",
            f"exec -- touch {marker}\nrun nosuch\n": "tasks.txt:2: run: unknown kernel 'nosuch'",
            f"exec -- touch {marker}\nexec touch x\n": "tasks.txt:2: exec needs '--'",
        }
        for text, message in cases.items():
            path = self.write("tasks.txt", text)
            rc, so, se = farm([path, "-o", self.out])
            self.assertEqual(rc, 2, se)
            self.assertEqual(len(se.strip().splitlines()), 1, se)
            self.assertIn(message, se)
            self.assertEqual(self.files(), ["tasks.txt"])
        for args, message in [([], "name a task file"), (["nofile.txt"], "cannot read 'nofile.txt'"),
                              (["t", "--halt-on", "fail=x"], "--halt-on"),
                              (["t", "--retry-delay", "-1"], "--retry-delay"),
                              (["t", "--resume", "x.h5", "-o", "y.h5"], "--resume: not with -o"),
                              (["t", "--resume", "done.h5"], "--resume: done.h5 is complete")]:
            if "done.h5" in args:
                open(os.path.join(self.dir, "done.h5"), "w").close()
            rc, so, se = farm(args, cwd=self.dir)
            self.assertEqual(rc, 2, se)
            self.assertIn(message, se)
        self.assertFalse(os.path.exists(marker))

    def test_a_task_leaves_no_process_behind(self):
        marker = f"pc-farm-orphan-{os.getpid()}"
        # exec -a names the background sleep, so that pgrep finds it and nothing else
        script = f"(exec -a {marker} sleep 300) & echo started"
        probe = subprocess.Popen(["bash", "-c", script + "; wait"], start_new_session=True, stdout=subprocess.DEVNULL)
        try:  # the marker finds the background process when it runs
            deadline = time.monotonic() + 5
            while not processes_with(marker) and time.monotonic() < deadline:
                time.sleep(0.02)
            self.assertNotEqual(processes_with(marker), [])
        finally:
            os.killpg(probe.pid, signal.SIGKILL)
            probe.wait()
        time.sleep(0.2)
        path = self.write("tasks.txt", f"exec -- bash -c '{script}'\n")
        rc, so, se = farm([path, "-o", self.out])
        self.assertEqual(rows(self.out)[0]["stdout_head"], "started\n")
        self.assertEqual(rc, 0, se)
        time.sleep(0.2)
        self.assertEqual(processes_with(marker), [], "a task's background process outlived it")


class Templates(FarmCase):
    def test_a_table_becomes_tasks_with_values_as_single_words(self):
        table_path = self.write("params.csv", 'seed,name\n1,plain\n2,"two words; $(id) `x`"\n3,"quo""te"\n')
        rc, so, se = farm([table_path, "-o", self.out, "--template",
                           "exec -- sh -c 'printf \"%s|%s|%s\" \"$1\" \"$PARCOMPUTE_ARG_seed\" \"$OMP_NUM_THREADS\"' x {name}"])
        self.assertEqual(rc, 0, se)
        heads = {row["line"]: row["stdout_head"] for row in rows(self.out)}
        self.assertEqual(heads, {2: "plain|1|1", 3: "two words; $(id) `x`|2|1", 4: 'quo"te|3|1'})

    def test_unknown_placeholder_is_a_usage_error(self):
        table_path = self.write("params.csv", "seed\n1\n")
        rc, so, se = farm([table_path, "-o", self.out, "--template", "exec -- echo {sed}"])
        self.assertEqual(rc, 2)
        self.assertIn("unknown placeholder {sed}", se)

    def test_mpi_variables_do_not_reach_tasks(self):
        path = self.write("tasks.txt", "exec -- sh -c 'env | grep -c ^OMPI_ || true'\n" * 2)
        rc, so, se = farm([path, "-o", self.out], ranks=2)
        self.assertEqual(rc, 0, se)
        self.assertEqual([r["stdout_head"] for r in rows(self.out)], ["0\n", "0\n"])


class RunningFarm(FarmCase):
    """A farm started in the background, its journal watched, the whole job killed."""
    N = 40

    def task_file(self):
        return self.write("tasks.txt", "".join(f"exec -- sh -c 'sleep 0.05; echo {i}'\n" for i in range(self.N)))

    def start(self, path, ranks=None, extra=()):
        cmd = [BINARY, "farm", path, "-o", self.out, "--slots", "2"] + list(extra)
        if ranks:
            cmd = [MPIEXEC, "-n", str(ranks)] + cmd
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env_for_tests(), start_new_session=True)

    def wait_for_journal(self, records_bytes):
        journal = self.out + ".journal"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if os.path.exists(journal) and os.path.getsize(journal) > records_bytes:
                return
            time.sleep(0.01)
        self.fail("the journal never grew")

    def resume_and_check(self, path, extra=()):
        rc, so, se = farm([path, "--resume", self.out] + list(extra))
        self.assertEqual(rc, 0, se)
        cols, _, _ = table(self.out)
        self.assertEqual(sorted(h.strip() for h in cols["stdout_head"]), sorted(str(i) for i in range(self.N)))
        self.assertEqual(len(set(cols["id"])), self.N)
        self.assertFalse(os.path.exists(self.out + ".journal"))
        return so, se

    def kill_part_2_of_3(self):
        """A farm of part 2/3 of the list killed after two of its tasks are journaled and
        before all of them are: the task file, the tasks the journal holds, and the echoes the
        part's tasks make (those of lines 2, 5, 8, ...)."""
        path = self.write("tasks.txt", "".join(f"exec -- sh -c 'sleep 0.2; echo {i}'\n" for i in range(self.N)))
        part = [str(i) for i in range(1, self.N, 3)]
        p = self.start(path, extra=["--part", "2/3"])
        journal = self.out + ".journal"
        deadline = time.monotonic() + 60
        while not (os.path.exists(journal) and journal_task_records(journal)[0] >= 2):
            self.assertLess(time.monotonic(), deadline, "the journal never held two tasks")
            time.sleep(0.01)
        self.kill_whole_job(p)
        done, _ = journal_task_records(journal)
        self.assertLess(done, len(part), "the part finished before the kill")
        return path, done, part

    def kill_whole_job(self, p):
        # mpiexec's ranks may sit in process groups of their own and outlive it for seconds,
        # still writing the journal: the job is every process with this test's results path.
        ranks = processes_with(self.out)
        os.killpg(p.pid, signal.SIGKILL)
        for pid in ranks:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        p.wait()
        p.stdout.close()
        p.stderr.close()
        deadline = time.monotonic() + 5
        while (group_alive(p.pid) or processes_with(self.out)) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(group_alive(p.pid), "processes of the killed job are still alive")
        self.assertEqual(processes_with(self.out), [], "ranks of the killed job are still alive")


class KillAndResume(RunningFarm):
    def test_kill_9_at_several_moments_then_resume(self):
        path = self.task_file()
        for grown in (400, 1500):
            for name in os.listdir(self.dir):
                if name != "tasks.txt":
                    os.unlink(os.path.join(self.dir, name))
            p = self.start(path)
            self.wait_for_journal(grown)
            self.kill_whole_job(p)
            self.assertFalse(os.path.exists(self.out))
            self.resume_and_check(path)

    def test_kill_9_under_mpiexec_then_resume(self):
        path = self.task_file()
        p = self.start(path, ranks=3)
        self.wait_for_journal(600)
        self.kill_whole_job(p)
        self.resume_and_check(path)

    def test_a_killed_worker_rank_ends_the_job_then_resume(self):
        path = self.write("tasks.txt", "".join(f"exec -- sh -c 'sleep 0.2; echo {i}'\n" for i in range(self.N)))
        p = self.start(path, ranks=3)
        self.wait_for_journal(600)
        ranks, deadline = {}, time.monotonic() + 30
        while len(ranks) < 3 and time.monotonic() < deadline:
            ranks = mpi_ranks(self.out)
        self.assertEqual(sorted(ranks), [0, 1, 2])
        os.kill(ranks[2], signal.SIGKILL)
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill_whole_job(p)
            self.fail("the job hung after a worker rank died")
        p.stdout.close()
        p.stderr.close()
        self.assertNotEqual(p.returncode, 0)
        deadline = time.monotonic() + 10
        while (processes_with(self.out) or processes_with("sleep 0.2; echo")) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(processes_with(self.out), [], "ranks of the job are still alive")
        self.assertEqual(processes_with("sleep 0.2; echo"), [], "tasks of the job are still alive")
        self.assertFalse(os.path.exists(self.out))
        self.resume_and_check(path)

    def test_sigterm_stops_cleanly_and_says_how_to_resume(self):
        path = self.task_file()
        p = self.start(path)
        self.wait_for_journal(600)
        os.kill(p.pid, signal.SIGTERM)
        out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 3, err)
        self.assertIn(f"--resume {self.out}", err)
        self.assertFalse(os.path.exists(self.out))
        self.assertFalse(group_alive(p.pid))
        self.resume_and_check(path)

    def test_a_torn_journal_tail_is_cut_and_the_rest_kept(self):
        path = self.task_file()
        p = self.start(path)
        self.wait_for_journal(600)
        self.kill_whole_job(p)
        with open(self.out + ".journal", "ab") as f:
            f.write(b"\x40\x00\x00\x00torn")
        so, se = self.resume_and_check(path)
        self.assertIn("torn or damaged", se)

    def test_a_changed_task_file_is_refused_unless_accepted(self):
        path = self.task_file()
        p = self.start(path)
        self.wait_for_journal(600)
        self.kill_whole_job(p)
        with open(path) as f:
            lines = f.readlines()
        lines[0] = "exec -- sh -c 'sleep 0.05; echo changed'\n"
        with open(path, "w") as f:
            f.writelines(lines)
        rc, so, se = farm([path, "--resume", self.out])
        self.assertEqual(rc, 2, se)
        self.assertIn("1 journaled task(s)", se)
        self.assertIn("no longer in the task file", se)
        rc, so, se = farm([path, "--resume", self.out, "--accept-changed"])
        self.assertEqual(rc, 0, se)
        heads = [h.strip() for h in table(self.out)[0]["stdout_head"]]
        self.assertIn("changed", heads)
        self.assertIn("0", heads)  # the old line's journaled result is kept
        self.assertEqual(len(heads), self.N + 1)

    def test_a_part_resumed_as_another_part_is_refused_before_any_task(self):
        path, done, part = self.kill_part_2_of_3()
        journal = self.out + ".journal"
        with open(journal, "rb") as f:
            before = f.read()
        for other, named in ((None, "this run of the whole list"), ("1/3", "this run of part 1/3 of the list")):
            rc, so, se = farm([path, "--resume", self.out] + (["--part", other] if other else []))
            self.assertEqual(rc, 2, se)
            self.assertEqual(len(se.strip().splitlines()), 1, se)
            self.assertIn(f"the journal {journal} is of part 2/3 of the list, {named}", se)
            with open(journal, "rb") as f:
                self.assertEqual(f.read(), before, "a refused resume changed the journal")
        self.assertFalse(os.path.exists(self.out))

    def test_a_fresh_run_refuses_an_unfinished_journal(self):
        path = self.task_file()
        p = self.start(path)
        self.wait_for_journal(400)
        self.kill_whole_job(p)
        rc, so, se = farm([path, "-o", self.out])
        self.assertEqual(rc, 2)
        self.assertIn("--resume", se)


class TimeLimit(FarmCase):
    """A Slurm job's end time (SLURM_JOB_END_TIME, as newer Slurm sets it): no task starts that
    would end after it; the farm stops resumable instead (test_slurm.py asks a real squeue)."""

    def test_no_task_starts_that_its_task_time_says_cannot_end_in_time(self):
        path = self.write("tasks.txt", "".join(f"exec -- echo {i}\n" for i in range(5)))
        end = str(int(time.time()) + 100)
        rc, so, se = farm([path, "-o", self.out, "--task-time", "1000", "--grace", "0"],
                          env={"SLURM_JOB_END_TIME": end})
        self.assertEqual(rc, 3, se)
        self.assertIn("farm stopped before the job's time limit: 0 of 5 task(s) are in the journal", se)
        self.assertIn("no task starts that --task-time says would end after", se)
        self.assertFalse(os.path.exists(self.out))
        self.assertEqual(journal_task_records(self.out + ".journal"), (0, 0))
        rc, so, se = farm([path, "--resume", self.out])  # a new job, without the limit
        self.assertEqual(rc, 0, se)
        self.assertEqual(sorted(r["stdout_head"] for r in rows(self.out)), [f"{i}\n" for i in range(5)])

    def test_the_mean_of_finished_tasks_stops_the_hand_out_before_the_end(self):
        path = self.write("tasks.txt", "exec -- sleep 0.5\n" * 12)
        t0 = time.time()
        end = int(t0) + 3  # 2 to 3 s from now: room for about 4 to 6 tasks of 0.5 s, one slot
        rc, so, se = farm([path, "-o", self.out, "--slots", "1", "--grace", "0"], env={"SLURM_JOB_END_TIME": str(end)})
        self.assertEqual(rc, 3, se)
        self.assertLessEqual(time.time(), end + 0.5)  # the last task started ended about in time
        done, _ = journal_task_records(self.out + ".journal")
        self.assertGreaterEqual(done, 2, se)
        self.assertLess(done, 7, se)
        rc, so, se = farm([path, "--resume", self.out])
        self.assertEqual(rc, 0, se)
        self.assertEqual(len(rows(self.out)), 12)
        self.assertEqual(len({r["id"] for r in rows(self.out)}), 12)

    def test_a_job_end_time_that_is_not_seconds_is_a_warning_and_no_limit(self):
        path = self.write("tasks.txt", "exec -- true\n")
        rc, so, se = farm([path, "-o", self.out], env={"SLURM_JOB_END_TIME": "soon"})
        self.assertEqual(rc, 0, se)
        self.assertIn("cannot read the job's end time (SLURM_JOB_END_TIME='soon' is not Unix seconds)", se)


class Inspect(RunningFarm):
    def test_a_finished_farm_with_failures(self):
        path = self.write("tasks.txt", "\n".join([
            "exec -- true",
            "exec -- sh -c 'exit 3'",
            "exec -- sh -c 'sleep 0.4'",
            "exec -- false",
            "exec -- sh -c 'exit 0' \x1b[2J",
        ]) + "\n")
        rc, so, se = farm([path, "-o", self.out, "--slots", "2"])
        self.assertEqual(rc, 1, se)
        rc, so, se = inspect(self.out)
        self.assertEqual(rc, 0, se)
        self.assertIn("group /farm", so)  # the listing is still there, the summary after it
        summary = so[so.index("\nfarm: "):]
        self.assertIn("farm: 5 task(s): 3 ok, 2 failed (exit 2)", summary)
        self.assertRegex(summary, r"task time [0-9.]+ s in all; wall span [0-9.]+ s")
        slowest = summary[summary.index("slowest task(s):"):summary.index("failed task(s):")]
        self.assertRegex(slowest.splitlines()[2], r"^ *3 +0\.[4-9]\d* +exec -- sh -c 'sleep 0\.4'")
        failed = summary[summary.index("failed task(s):"):].splitlines()
        self.assertEqual(len(failed), 4, summary)
        self.assertRegex(failed[2], r"^ *2 +exit +exit status 3 +exec -- sh -c 'exit 3'")
        self.assertRegex(failed[3], r"^ *4 +exit +exit status 1 +exec -- false")
        self.assertNotIn("\x1b", so)
        self.assertIn("\\x1b[2J", so)

    def test_a_killed_farm_from_its_journal(self):
        path = self.task_file()
        p = self.start(path)
        self.wait_for_journal(600)
        self.kill_whole_job(p)
        journal = self.out + ".journal"
        done, torn = journal_task_records(journal)
        flying = journal_in_flight(journal)
        self.assertGreater(done, 0)
        self.assertGreater(flying, 0, "no task was handed out at the kill")
        rc, so, se = inspect(self.out)
        self.assertEqual(rc, 0, se)
        self.assertIn(f"{done} done (", so)
        self.assertIn(f", {self.N - done} left ({flying} handed out now", so)
        self.assertIn(f"{self.N} task(s)", so)
        # Just killed, the journal is fresh: only its age tells, so it looks like a running farm.
        self.assertIn("a farm seems to be running", so)
        past = time.time() - 120
        os.utime(journal, (past, past))
        with open(journal, "ab") as f:
            f.write(b"\x40\x00\x00\x00torn")
        os.utime(journal, (past, past))
        with open(journal, "rb") as f:
            before = f.read()
        rc, so, se = inspect(self.out)
        self.assertEqual(rc, 0, se)
        self.assertIn("no farm seems to be running", so)
        self.assertIn(f"{flying} task(s) were handed out (running or queued on a slot) when it stopped", so)
        self.assertIn(f"the last {torn + 8} bytes are a torn record", so)
        self.assertIn(f"resume with: parcompute farm {path} --resume {self.out}", so)
        self.assertIn("rate: ", so)
        rc, so2, se = inspect(journal)  # the journal named itself says the same
        self.assertEqual(rc, 0, se)
        self.assertIn(f"{done} done (", so2)
        with open(journal, "rb") as f:
            self.assertEqual(f.read(), before, "inspect changed the journal")
        self.resume_and_check(path)

    def test_a_killed_part_resumes_with_the_command_inspect_prints(self):
        path, done, part = self.kill_part_2_of_3()
        rc, so, se = inspect(self.out)
        self.assertEqual(rc, 0, se)
        self.assertIn(f"{len(part)} task(s) (part 2/3 of the list)", so)
        self.assertIn(f"{done} done (", so)
        self.assertIn(f", {len(part) - done} left", so)
        lines = [line for line in so.splitlines() if "resume with: " in line]
        self.assertEqual(len(lines), 1, so)
        command = lines[0][lines[0].index("resume with: ") + len("resume with: "):]
        self.assertEqual(command, f"parcompute farm {path} --part 2/3 --resume {self.out}")
        words = shlex.split(command)
        p = subprocess.run([BINARY] + words[1:], capture_output=True, text=True, timeout=120, env=env_for_tests())
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(f"{len(part)} task(s) (part 2/3 of the list), {done} already journaled", p.stderr)
        cols, attrs, _ = table(self.out)
        # Each of the part's tasks once, and none of the other parts'.
        self.assertEqual(sorted(h.strip() for h in cols["stdout_head"]), sorted(part))
        self.assertEqual(len(set(cols["id"])), len(part))
        self.assertEqual(attrs["part"], "2/3")
        self.assertFalse(os.path.exists(self.out + ".journal"))

    def test_a_running_farm_is_not_disturbed(self):
        self.N = 80
        path = self.task_file()
        p = self.start(path)
        self.wait_for_journal(400)
        seen = []
        while p.poll() is None:
            rc, so, se = inspect(self.out)
            self.assertEqual(rc, 0, se)
            m = re.search(r"^(\d+) done \(", so, re.M)
            # The farm may end in between: then inspect reads its file, or its journal in the
            # moment between the file's rename and the journal's removal.
            if m and "the farm finished" not in so:
                self.assertIn("a farm seems to be running", so)
                self.assertIn(f"{self.N} task(s)", so)
                seen.append(int(m.group(1)))
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        self.assertGreater(len(seen), 0, "the farm ended before inspect could see it run")
        self.assertEqual(seen, sorted(seen))
        cols, _, _ = table(self.out)
        self.assertEqual(sorted(h.strip() for h in cols["stdout_head"]), sorted(str(i) for i in range(self.N)))
        self.assertEqual(len(set(cols["id"])), self.N)
        self.assertFalse(os.path.exists(self.out + ".journal"))

    def test_a_journal_that_is_not_one_is_bad_input(self):
        with open(self.out + ".journal", "wb") as f:
            f.write(b"not a journal at all")
        rc, so, se = inspect(self.out)
        self.assertEqual(rc, 2, se)
        self.assertEqual(so, "")
        self.assertEqual(len(se.strip().splitlines()), 1, se)
        self.assertIn("not a parcompute journal", se)


class RetryFailed(RunningFarm):
    """Tasks that fail while a marker file exists, each logging its index when it runs."""
    OUT = "my results.h5"  # a name the printed command must quote
    N = 12
    SLEEP = 0.05

    def setUp(self):
        super().setUp()
        self.marker = os.path.join(self.dir, "marker")
        self.log = os.path.join(self.dir, "ran.log")
        open(self.marker, "w").close()

    def task_file(self, extra=""):
        lines = [f"exec -- sh -c 'echo {i} >> {self.log}; sleep {self.SLEEP}; "
                 f"if [ {i} -lt {self.failing()} ] && [ -e {self.marker} ]; then exit 1; fi; echo {i}'\n"
                 for i in range(self.N)]
        return self.write("tasks.txt", "".join(lines) + extra)

    def failing(self):
        return self.N // 3  # tasks 0 .. N/3-1 fail while the marker exists

    def ran(self):
        with open(self.log) as f:
            return [int(x) for x in f.read().split()]

    def first_run(self, path, ranks=None):
        rc, so, se = farm([path, "-o", self.out, "--slots", "2"], ranks=ranks)
        self.assertEqual(rc, 1, se)
        self.assertEqual(sorted(self.ran()), list(range(self.N)))
        return so

    def test_a_part_is_retried_as_that_part_only(self):
        path = self.task_file()
        rc, so, se = farm([path, "-o", self.out, "--slots", "2", "--part", "1/3"])
        self.assertEqual(rc, 1, se)  # tasks 0 and 3 fail (0 .. 3 fail, the part is 0, 3, 6, 9)
        self.assertIn("--part 1/3 --retry-failed", so)
        before = os.path.getmtime(self.out)
        for wrong in ([], ["--part", "2/3"]):
            rc, so, se = farm([path, "--retry-failed", self.out] + wrong)
            self.assertEqual(rc, 2, se)
            self.assertEqual(len(se.strip().splitlines()), 1, se)
            self.assertIn(f"holds part 1/3 of the list, this run is of {'the whole list' if not wrong else 'part 2/3'}",
                          se)
        self.assertEqual(os.path.getmtime(self.out), before)
        os.unlink(self.marker)
        rc, so, se = farm([path, "--retry-failed", self.out, "--part", "1/3"])
        self.assertEqual(rc, 0, se)
        cols, attrs, _ = table(self.out)
        self.assertEqual(sorted(int(h) for h in cols["stdout_head"]), [0, 3, 6, 9])
        self.assertEqual(set(cols["status"]), {"ok"})

    def check_all_ok(self, out, before):
        cols, attrs, _ = table(out)
        self.assertEqual(len(cols["id"]), self.N)
        self.assertEqual(len(set(cols["id"])), self.N, "a task is in the file twice")
        self.assertEqual(set(cols["status"]), {"ok"})
        self.assertEqual(sorted(h.strip() for h in cols["stdout_head"]), sorted(str(i) for i in range(self.N)))
        old = {r["id"]: r for r in before if r["status"] == "ok"}
        for i, start, host, slot in zip(cols["id"], cols["start"], cols["host"], cols["slot"]):
            if i in old:  # carried over as it was
                self.assertEqual((start, host, slot), (old[i]["start"], old[i]["host"], old[i]["slot"]))
        self.assertEqual(attrs["tasks_carried_over"], self.N - self.failing())
        self.assertEqual(attrs["tasks_failed"], 0)
        return attrs

    def sha256(self, path):
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def check_rerun_in_place(self, ranks):
        path = self.task_file()
        so = self.first_run(path, ranks)
        before, digest = rows(self.out), self.sha256(self.out)
        # The summary ends with the command, its paths quoted for a shell: run it as printed.
        m = re.search(r"^rerun only the failed and not-run tasks with: (.*)$", so, re.M)
        self.assertIsNotNone(m, so)
        self.assertEqual(m.group(1), f"parcompute farm {path} --retry-failed '{self.out}'")
        os.unlink(self.marker)
        args = shlex.split(m.group(1))[2:]
        rc, so, se = farm(args + ["--slots", "2"], ranks=ranks)
        self.assertEqual(rc, 0, se)
        self.assertIn(f"a retry of {self.out}: {self.N - self.failing()} succeeded there (carried over), "
                      f"{self.failing()} failed there and 0 not in it run now", se)
        self.assertIn(f"{self.N} task(s) recorded, 0 failed", so)
        self.assertNotIn("rerun", so)
        self.assertEqual(sorted(self.ran()[self.N:]), list(range(self.failing())), "only the failed ran again")
        attrs = self.check_all_ok(self.out, before)
        self.assertEqual(attrs["retry_of"], self.out)
        self.assertEqual(attrs["retry_of_sha256"], digest)
        self.assertEqual(sorted(self.files()), sorted(["tasks.txt", "ran.log", self.OUT]))

    def test_only_the_failed_tasks_run_again_in_place(self):
        self.check_rerun_in_place(None)

    def test_only_the_failed_tasks_run_again_under_mpiexec(self):
        self.check_rerun_in_place(3)

    def test_with_o_the_old_file_stays_and_a_failing_task_stays_failed(self):
        path = self.task_file()
        self.first_run(path)
        digest = self.sha256(self.out)
        path = self.task_file("exec -- sh -c 'exit 7'\nexec -- sh -c 'echo new >> " + self.log + "'\n")
        os.unlink(self.marker)
        new = os.path.join(self.dir, "new.h5")
        rc, so, se = farm([path, "--retry-failed", self.out, "-o", new])
        self.assertEqual(rc, 1, se)
        self.assertIn(f"{self.failing()} failed there and 2 not in it run now", se)
        self.assertEqual(self.sha256(self.out), digest, "-o changed the old file")
        self.assertIn(f"{self.N + 2} task(s) recorded, 1 failed (exit 1)", so)
        self.assertIn(f"rerun only the failed and not-run tasks with: parcompute farm {path} --retry-failed {new}", so)
        r = {row["line"]: row for row in rows(new)}
        self.assertEqual(len(r), self.N + 2)
        self.assertEqual((r[self.N + 1]["status"], r[self.N + 1]["exit_code"]), ("failed", 7))
        self.assertEqual(sum(row["status"] == "ok" for row in r.values()), self.N + 1)
        # again: only the one still failing runs, and it still fails
        with open(self.log, "w"):
            pass
        rc, so, se = farm([path, "--retry-failed", new])
        self.assertEqual(rc, 1, se)
        self.assertIn(f"{self.N + 1} succeeded there (carried over), 1 failed there and 0 not in it run now", se)
        self.assertEqual(self.ran(), [])
        self.assertEqual(len(rows(new)), self.N + 2)
        _, attrs, _ = table(new)
        self.assertEqual((attrs["tasks_failed"], attrs["tasks_carried_over"]), (1, self.N + 1))

    def test_bad_inputs_are_exit_2_and_change_nothing(self):
        path = self.task_file()
        self.first_run(path)
        digest = self.sha256(self.out)
        text = self.write("text.h5", "not hdf5\n")
        sumsq = os.path.join(self.dir, "sumsq.h5")
        subprocess.run([BINARY, "run", "sumsq", "--tasks", "1", "--size", "10", "-o", sumsq], check=True,
                       capture_output=True, env=env_for_tests())
        stale = self.write("stale.h5", "")
        self.write("stale.h5.journal", "")
        cases = [
            ([path, "--retry-failed", "nothere.h5"], "--retry-failed: no results file nothere.h5"),
            ([path, "--retry-failed", text], "is not a farm's results file (not an HDF5 file)"),
            ([path, "--retry-failed", sumsq], "is not a farm's results file (no group /farm"),
            ([path, "--retry-failed", stale], f"has a journal, {stale}.journal: finish that farm first with --resume"),
            ([path, "--retry-failed", self.out, "--resume", self.out], "--retry-failed: not with --resume"),
            ([path, "--retry-failed", self.out, "--force"], "--force: with --retry-failed only together with -o"),
            ([path, "--retry-failed", self.out, "-o", self.out], "-o names"),
            ([path, "--accept-changed", "-o", "x.h5"], "--accept-changed: only with --resume or --retry-failed"),
            ([self.write("fewer.txt", "exec -- true\n"), "--retry-failed", self.out],
             f"--retry-failed: {self.N} task(s) of {self.out} are no longer in the task file"),
        ]
        listing = sorted(self.files())
        for args, message in cases:
            rc, so, se = farm(args, cwd=self.dir)
            self.assertEqual(rc, 2, (args, se))
            self.assertEqual(len(se.strip().splitlines()), 1, se)
            self.assertIn(message, se)
            self.assertEqual(sorted(self.files()), listing, args)
            self.assertEqual(self.sha256(self.out), digest)
        self.assertEqual(len(self.ran()), self.N, "a task ran")
        # accepted, the changed file's task runs and the old successes stay
        rc, so, se = farm([self.dir + "/fewer.txt", "--retry-failed", self.out, "--accept-changed"])
        self.assertEqual(rc, 0, se)
        cols, attrs, _ = table(self.out)
        self.assertEqual(len(cols["id"]), self.N - self.failing() + 1)
        self.assertEqual(set(cols["status"]), {"ok"})

    def kill_retry_then_resume(self, ranks):
        self.N, self.SLEEP = 40, 0.15
        path = self.task_file()
        self.first_run(path, ranks)
        before, digest = rows(self.out), self.sha256(self.out)
        os.unlink(self.marker)
        cmd = [BINARY, "farm", path, "--retry-failed", self.out, "--slots", "2"]
        if ranks:
            cmd = [MPIEXEC, "-n", str(ranks)] + cmd
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for_tests(),
                             start_new_session=True)
        carried = self.N - self.failing()
        deadline = time.monotonic() + 60
        journal = self.out + ".journal"
        while time.monotonic() < deadline:
            if os.path.exists(journal) and journal_task_records(journal)[0] >= carried + 3:
                break
            time.sleep(0.01)
        self.kill_whole_job(p)
        done, _ = journal_task_records(journal)
        self.assertLess(done, self.N, "the retry finished before the kill")
        self.assertEqual(self.sha256(self.out), digest, "the killed retry changed the old file")
        rc, so, se = inspect(journal)
        self.assertEqual(rc, 0, se)
        self.assertIn("a retry of that file, which it replaces when it ends", so)
        self.assertIn(f"resume with: parcompute farm {path} --resume '{self.out}'", so)
        rc, so, se = farm([path, "--retry-failed", self.out])
        self.assertEqual(rc, 2, se)
        self.assertIn("--resume", se)
        rc, so, se = farm([path, "--resume", self.out, "--slots", "2"], ranks=ranks)
        self.assertEqual(rc, 0, se)
        again = self.ran()[self.N:]
        self.assertEqual(set(again), set(range(self.failing())), "only the failed ran again")
        attrs = self.check_all_ok(self.out, before)
        self.assertEqual((attrs["retry_of"], attrs["retry_of_sha256"]), (self.out, digest))
        self.assertFalse(os.path.exists(journal))

    def test_kill_9_during_a_retry_then_resume(self):
        self.kill_retry_then_resume(None)

    def test_kill_9_during_a_retry_under_mpiexec_then_resume(self):
        self.kill_retry_then_resume(3)


if __name__ == "__main__":
    unittest.main(argv=ARGV, verbosity=2)
