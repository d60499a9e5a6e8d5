#!/usr/bin/python3
"""The jobs/slurm scripts under a real Slurm: the two-node cluster of scripts/slurm-local.sh
(hosts vm and nodeb, each with its own /tmp), started by the ctest fixture. Each script is
submitted with sbatch --wait, its job state, output and HDF5 results checked; a rank killed
under srun --kill-on-bad-exit=1 must end the job. Folders are under --shared (both nodes see
it), never /tmp. Without root or Slurm installed the whole test is skipped (exit 77); in CI
(CI=true) that is a failure instead, since CI runs as root with the packages installed."""
import argparse
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

import h5py

import harness

BINARY = None
SERVERS = None
JOBS = None     # the repository's jobs/slurm folder
SHARED = None   # a folder every node sees, for job folders
FIRST = None    # the first node's name: this host's
SECOND = "nodeb"
SKIP = 77

# A job of these tests takes 2-4 s here; the bound only stops a hang from eating the suite.
JOB_SECONDS = 90


def exact_sumsq(n):
    return (n - 1) * n * (2 * n - 1) // 6


def missing_prerequisite():
    if os.geteuid() != 0:
        return "not root: a local Slurm needs root (slurmd, namespaces for the second node)"
    absent = [p for p in ("munged", "slurmctld", "slurmd", "sbatch", "srun", "scontrol", "sinfo")
              if shutil.which(p, path=os.environ.get("PATH", "") + ":/usr/sbin") is None]
    if absent:
        return "Slurm is not installed (no " + ", ".join(absent) + "): run scripts/install-deps.sh"
    return None


def job_env(extra=None, drop=()):
    """The environment jobs are submitted with (sbatch exports it): the test's, less any
    SLURM_* of an enclosing job, with Open MPI kept on loopback (nodeb is another hostname,
    so ranks there use TCP) and parcompute named by PARCOMPUTE."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLURM_") or k == "SLURM_CONF"}
    env.update(OMPI_MCA_btl_tcp_if_include="lo", OMPI_MCA_oob_tcp_if_include="lo", PARCOMPUTE=BINARY)
    env.update(extra or {})
    for name in drop:
        env.pop(name, None)
    return env


def is_parcompute(pid):
    """Whether `pid` is a live parcompute (a <defunct> one has no exe)."""
    try:
        return os.readlink(f"/proc/{pid}/exe") == os.path.realpath(BINARY)
    except OSError:
        return False


def proc_environ(pid):
    with open(f"/proc/{pid}/environ", "rb") as f:
        return dict(v.split(b"=", 1) for v in f.read().split(b"\0") if b"=" in v)


def rank_of(pid):
    return int(proc_environ(pid)[b"SLURM_PROCID"])


def farm_ranks(job):
    """{rank: pid} of the parcompute ranks of `job` running now."""
    ranks = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and is_parcompute(int(name)):
            try:
                if proc_environ(int(name)).get(b"SLURM_JOB_ID") == str(job).encode():
                    ranks[rank_of(int(name))] = int(name)
            except (OSError, KeyError):
                continue
    return ranks


def node_of(pid):
    return proc_environ(pid)[b"SLURMD_NODENAME"].decode()


def scontrol_job(job):
    """scontrol's fields of one job as a dict (JobState, ExitCode, NodeList, ...)."""
    out = subprocess.run(["scontrol", "show", "job", "-o", str(job)], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    return dict(f.split("=", 1) for f in out.split() if "=" in f)


def batch_shell(job):
    """The pid of `job`'s batch script (the nodes' slurmd share this machine's pids)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                words = f.read().split(b"\0")
            env = proc_environ(int(name))
        except OSError:
            continue
        if env.get(b"SLURM_JOB_ID") == str(job).encode() and b"SLURM_STEP_ID" not in env and \
                any(w.endswith(b".sbatch") or w.endswith(b"slurm_script") for w in words):
            return int(name)
    raise AssertionError(f"no batch shell of job {job}")


def stepds(job):
    """The slurmstepd processes of `job` still on the nodes: a run's step can outlive it by
    seconds, and a requeued run started before they are gone is refused by slurmd."""
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                if f.read().startswith(f"slurmstepd: [{job}.".encode()):
                    found.append(int(name))
        except OSError:
            continue
    return found


def wait_state(job, seconds):
    """Polls until the job has ended; returns its final JobState, or None on timeout."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        state = scontrol_job(job)["JobState"]
        if state not in ("PENDING", "CONFIGURING", "RUNNING", "COMPLETING"):
            return state
        time.sleep(0.2)
    return None


class SlurmCase(harness.TempDirCase):
    PREFIX = "pc-slurm-"

    def setUp(self):
        self.BASE = SHARED  # set by main(), after the class was made
        super().setUp()

    def sbatch(self, script, sbatch_args=(), script_args=(), env=None, wait=True, output="%j.out"):
        """Submits `script` (a jobs/slurm file, or None with --wrap in sbatch_args) from this
        test's folder; returns the job id once it has ended (wait) or at once."""
        cmd = ["sbatch", "--parsable", f"--chdir={self.dir}", f"--output={self.dir}/{output}", *sbatch_args]
        if wait:
            cmd.append("--wait")
        if script:
            cmd.append(os.path.join(JOBS, script))
        cmd += list(script_args)
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env or job_env(),
                               timeout=JOB_SECONDS, cwd=self.dir)
        except subprocess.TimeoutExpired as e:
            job = (e.stdout or b"").decode().split(";")[0].strip()
            if job:  # the job must not outlive its test
                subprocess.run(["scancel", job], timeout=30)
            self.fail(f"job {job or '?'} did not end within {JOB_SECONDS} s: {' '.join(cmd)}")
        job = p.stdout.split(";")[0].strip()
        self.assertRegex(job, r"^\d+$", f"sbatch printed no job id: {p.stderr}")
        return int(job)

    def log(self, job):
        with open(os.path.join(self.dir, f"{job}.out")) as f:  # job: an id, or <array id>_<task>
            return f.read()

    def assert_completed(self, job):
        fields = scontrol_job(job)
        self.assertEqual((fields["JobState"], fields["ExitCode"]), ("COMPLETED", "0:0"), self.log(job))
        return fields

    def results(self, pattern):
        [path] = glob.glob(os.path.join(self.dir, pattern))
        return path

    def assert_slurm_provenance(self, f, job, ntasks, cpus_per_task, nodes):
        self.assertEqual(f.attrs["slurm_job_id"], str(job))
        self.assertEqual(f.attrs["slurm_ntasks"], str(ntasks))
        self.assertEqual(f.attrs["slurm_cpus_per_task"], str(cpus_per_task))
        self.assertEqual(set(f.attrs["slurm_job_nodelist"].split(",")), set(nodes))
        self.assertEqual(int(f.attrs["mpi_ranks"]), ntasks)
        self.assertEqual(set(f.attrs["hostnames"]), set(nodes))
        # Slurm 22.05 does not tell a job its end time: nothing is made up.
        self.assertNotIn("slurm_job_end_time", f.attrs)


class Sumsq(SlurmCase):
    def check_sumsq(self, job, path, nodes):
        with h5py.File(path, "r") as f:
            self.assert_slurm_provenance(f, job, 4, 1, nodes)
            self.assertEqual(int(f.attrs["omp_threads"]), 1)
            g = f["sumsq"]
            self.assertEqual(int(g.attrs["validates"]), 1)
            self.assertEqual([int(s) for s in g["result"].asstr()[:]], [exact_sumsq(10_000_000)] * 4)
            self.assertEqual(list(g["rank"][:]), [0, 1, 2, 3])
            self.assertEqual(list(g["threads"][:]), [1] * 4)
            hosts = list(f.attrs["hostnames"])
        self.assertIn("Solution validates", self.log(job))
        return hosts

    def test_on_one_node_four_ranks_default_name_with_the_job_id(self):
        # One node has 2 CPUs here: four ranks on it need --overcommit.
        job = self.sbatch("sumsq.sbatch", ["--nodes=1", f"--nodelist={FIRST}", "--overcommit"])
        self.assert_completed(job)
        name = os.path.basename(self.results("*.h5"))
        self.assertRegex(name, rf"^parcompute-sumsq-\d{{8}}T\d{{6}}Z-{job}\.h5$")
        self.assertEqual(self.files(), sorted([f"{job}.out", name]))
        self.assertEqual(self.check_sumsq(job, os.path.join(self.dir, name), [FIRST]), [FIRST] * 4)

    def test_on_two_nodes_ranks_on_both_hosts(self):
        out = os.path.join(self.dir, "two.h5")
        job = self.sbatch("sumsq.sbatch", ["--nodes=2", "--ntasks-per-node=2"], ["-o", out])
        fields = self.assert_completed(job)
        self.assertEqual(set(re.split(r"[,\[\]]", fields["NodeList"])) - {""}, {FIRST, SECOND})
        hosts = self.check_sumsq(job, out, [FIRST, SECOND])
        # Block distribution: two ranks on each node, consecutive (which node comes first is
        # Slurm's choice).
        self.assertEqual(sorted(hosts), sorted([FIRST, FIRST, SECOND, SECOND]))
        self.assertEqual(hosts[0], hosts[1])

    def test_a_killed_rank_ends_the_step_instead_of_hanging(self):
        # Every rank stops just before computing and prints its pid; rank 3 is killed.
        env = job_env({"PARCOMPUTE_TEST_PAUSE": "computing"})
        job = self.sbatch("sumsq.sbatch", ["--nodes=2", "--ntasks-per-node=2"], ["-o", os.path.join(self.dir, "never.h5")],
                          env=env, wait=False)
        pids = []
        end = time.monotonic() + JOB_SECONDS
        while len(pids) < 4 and time.monotonic() < end:
            time.sleep(0.2)
            try:
                pids = [int(p) for p in re.findall(r"paused at computing \(pid (\d+)\)", self.log(job))]
            except FileNotFoundError:
                pass
        if len(pids) < 4:
            subprocess.run(["scancel", str(job)], timeout=30)
            self.fail(f"the ranks did not all pause: {pids}")
        # The last rank, on the other node than rank 0: rank 0 must live to see the others end
        # (and remove its temporary file, which a killed rank 0 could not).
        ranks = {rank_of(pid): pid for pid in pids}
        self.assertEqual(sorted(ranks), [0, 1, 2, 3])
        victim = ranks[3]
        self.assertNotEqual(node_of(victim), node_of(ranks[0]))
        t0 = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        state = wait_state(job, 30)
        if state is None:
            subprocess.run(["scancel", str(job)], timeout=30)
        self.assertEqual(state, "FAILED", self.log(job))
        self.assertLess(time.monotonic() - t0, 30)
        for pid in pids:  # the paused ranks were ended by srun, not left behind
            self.assertFalse(is_parcompute(pid), f"rank pid {pid} is still running")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "never.h5")))
        self.assertEqual([n for n in self.files() if n.endswith(".tmp")], [])


class Hybrid(SlurmCase):
    SIZE, ITERATIONS = 4_000_000, 10

    def check_nstream(self, job, path, ranks, threads, nodes):
        with h5py.File(path, "r") as f:
            self.assert_slurm_provenance(f, job, ranks, threads, nodes)
            self.assertEqual(int(f.attrs["omp_threads"]), threads)
            self.assertEqual((f.attrs["omp_places"], f.attrs["omp_proc_bind"]), ("cores", "close"))
            g = f["nstream"]
            self.assertEqual((int(g.attrs["ranks"]), int(g.attrs["threads"])), (ranks, threads))
            self.assertEqual(int(g.attrs["validates"]), 1)
            # A = (K+1) * (B + 3C) = 8 (K+1) everywhere: whole numbers, so the sum is exact.
            self.assertEqual(g.attrs["checksum"], 8.0 * self.SIZE * (self.ITERATIONS + 1))
        self.assertIn(f"{ranks} rank(s) x {threads} thread(s)", self.log(job))
        self.assertIn("Solution validates", self.log(job))

    def test_one_rank_of_two_threads_on_one_node(self):
        out = os.path.join(self.dir, "h1.h5")
        job = self.sbatch("hybrid.sbatch", ["--nodes=1", "--ntasks=1"], ["-o", out])
        self.assert_completed(job)
        self.check_nstream(job, out, 1, 2, [self.node_of(job)])
        self.assertNotIn("warning", self.log(job))

    def test_two_ranks_of_two_threads_on_two_nodes(self):
        out = os.path.join(self.dir, "h2.h5")
        job = self.sbatch("hybrid.sbatch", ["--nodes=2"], ["-o", out])
        self.assert_completed(job)
        self.check_nstream(job, out, 2, 2, [FIRST, SECOND])
        self.assertNotIn("warning", self.log(job))

    def node_of(self, job):
        return scontrol_job(job)["NodeList"]


class Environment(SlurmCase):
    def test_cpus_per_task_sets_the_threads_when_omp_num_threads_is_unset(self):
        job = self.sbatch(None, ["--nodes=1", "--ntasks=1", "--cpus-per-task=2",
                                 "--wrap", 'srun --cpus-per-task=2 "$PARCOMPUTE" run sumsq --tasks 1 --size 1000 -o t.h5'],
                          env=job_env(drop=["OMP_NUM_THREADS"]))
        self.assert_completed(job)
        with h5py.File(os.path.join(self.dir, "t.h5"), "r") as f:
            self.assertEqual(int(f.attrs["omp_threads"]), 2)
            self.assertEqual(list(f["sumsq/threads"][:]), [2])

    def test_threads_beyond_the_allotment_are_warned_about(self):
        # One thread more than the CPUs allotted (a whole core per CPU asked for, so 1 here, 2
        # where cores have two hardware threads).
        job = self.sbatch(None, ["--nodes=1", "--ntasks=1", "--cpus-per-task=1", "--wrap",
                                 'OMP_NUM_THREADS=$((SLURM_CPUS_ON_NODE + 1)) srun "$PARCOMPUTE" run sumsq --tasks 1 '
                                 '--size 1000 -o w.h5'])
        self.assert_completed(job)
        m = re.search(r"warning: 1 rank runs (\d+) OpenMP threads on host \w+, where Slurm allotted this job (\d+) "
                      r"CPU\(s\); ask for --cpus-per-task=(\d+)", self.log(job))
        self.assertIsNotNone(m, self.log(job))
        threads, allotted, ask = map(int, m.groups())
        self.assertEqual((threads, ask), (allotted + 1, allotted + 1))

    def test_array_tasks_are_named_job_underscore_task(self):
        job = self.sbatch(None, ["--array=1-2", "--ntasks=1",
                                 "--wrap", 'srun "$PARCOMPUTE" run sumsq --tasks 1 --size 1000'], output="%A_%a.out")
        names = sorted(n for n in self.files() if n.endswith(".h5"))
        self.assertEqual(len(names), 2, self.files())
        for task, name in zip((1, 2), names):
            self.assertRegex(name, rf"^parcompute-sumsq-\d{{8}}T\d{{6}}Z-{job}_{task}\.h5$")
            with h5py.File(os.path.join(self.dir, name), "r") as f:
                self.assertEqual(f.attrs["slurm_array_job_id"], str(job))
                self.assertEqual(f.attrs["slurm_array_task_id"], str(task))
                self.assertEqual(int(f["sumsq/result"].asstr()[0]), exact_sumsq(1000))
        for task in (1, 2):
            self.assert_completed(f"{job}_{task}")


class Farm(SlurmCase):
    """jobs/slurm/farm.sbatch: the farm, the time-limit signal, requeue and resume."""
    TASKS = 24

    def write_tasks(self, seconds):
        path = os.path.join(self.dir, "tasks.txt")
        with open(path, "w") as f:
            for i in range(self.TASKS):
                f.write(f"exec -- sh -c 'sleep {seconds}; echo task {i} on $(hostname)'\n")
        return path

    def check_farm(self, path, hosts):
        with h5py.File(path, "r") as f:
            g = f["farm"]
            ids = list(g["id"][:])
            self.assertEqual(len(ids), self.TASKS)
            self.assertEqual(len(set(ids)), self.TASKS)  # each task once
            self.assertEqual(set(g["status"].asstr()[:]), {"ok"})
            out = sorted(int(t.split()[1]) for t in g["stdout_head"].asstr()[:])
            self.assertEqual(out, list(range(self.TASKS)))
            self.assertEqual(set(g["host"].asstr()[:]), set(hosts))
            return f.attrs["slurm_job_id"]

    def wait_done(self, job, seconds):
        state = wait_state(job, seconds)
        if state is None:
            subprocess.run(["scancel", str(job)], timeout=30)
        return state

    def test_a_farm_on_one_node_fills_it_with_slots(self):
        tasks = self.write_tasks(0.05)
        job = self.sbatch("farm.sbatch", ["--nodes=1", "--cpus-per-task=2"], [tasks])
        node = self.assert_completed(job)["NodeList"]
        self.assertEqual(self.check_farm(os.path.join(self.dir, f"pc-farm-{job}.h5"), [node]), str(job))
        self.assertIn(f"run 1 of job {job}: -o pc-farm-{job}.h5", self.log(job))
        self.assertFalse(os.path.exists(os.path.join(self.dir, f"pc-farm-{job}.h5.journal")))

    def test_a_farm_on_two_nodes_runs_tasks_on_both(self):
        tasks = self.write_tasks(0.2)
        out = os.path.join(self.dir, "two.h5")
        job = self.sbatch("farm.sbatch", ["--nodes=2", "--cpus-per-task=2"], [tasks],
                          env=job_env({"PC_FARM_OUTPUT": out}))
        self.assert_completed(job)
        self.check_farm(out, [FIRST, SECOND])

    def test_the_time_limit_signal_stops_requeues_and_resumes_each_task_once(self):
        tasks = self.write_tasks(0.4)
        out = os.path.join(self.dir, "stopped.h5")
        job = self.sbatch("farm.sbatch", ["--nodes=1", "--cpus-per-task=2"], [tasks, "--grace", "5"],
                          env=job_env({"PC_FARM_OUTPUT": out}), wait=False)
        # Some tasks done, most not: then what --signal=B:TERM@120 does at the limit.
        journal = out + ".journal"
        end = time.monotonic() + JOB_SECONDS
        while time.monotonic() < end and (not os.path.exists(journal) or os.path.getsize(journal) < 2000):
            time.sleep(0.1)
        self.assertTrue(os.path.exists(journal), "the farm did not start")
        # What Slurm does at --signal=B:TERM@120: TERM to the batch shell alone. (`scancel --batch
        # --signal` is not the same: slurmd then counts the job as killed and will not start its
        # requeued run on that node for a while.)
        os.kill(batch_shell(job), signal.SIGTERM)
        # Slurm holds a requeued job (BeginTime about 2 minutes on): once its first run's
        # processes have left the node, let it start now.
        end = time.monotonic() + JOB_SECONDS
        while time.monotonic() < end and not (scontrol_job(job)["JobState"] == "PENDING" and not stepds(job)):
            time.sleep(0.2)
        subprocess.run(["scontrol", "update", f"JobId={job}", "StartTime=now"], timeout=30, check=True)
        state = self.wait_done(job, JOB_SECONDS)
        log = self.log(job)
        self.assertEqual(state, "COMPLETED", log)
        self.assertIn("requeueing job", log)
        self.assertIn(f"run 2 of job {job}: --resume {out}", log)
        fields = scontrol_job(job)
        self.assertEqual(fields["Restarts"], "1", log)
        self.assertTrue(os.path.exists(out), log)
        self.check_farm(out, [fields["NodeList"]])
        self.assertFalse(os.path.exists(journal))

    def test_a_killed_worker_rank_ends_the_job_and_a_resubmission_resumes(self):
        tasks = self.write_tasks(0.4)
        out = os.path.join(self.dir, "lost.h5")
        env = job_env({"PC_FARM_OUTPUT": out})
        job = self.sbatch("farm.sbatch", ["--nodes=2", "--cpus-per-task=2"], [tasks], env=env, wait=False)
        journal = out + ".journal"
        end = time.monotonic() + JOB_SECONDS
        while time.monotonic() < end and (not os.path.exists(journal) or os.path.getsize(journal) < 2000):
            time.sleep(0.1)
        self.assertTrue(os.path.exists(journal), "the farm did not start")
        ranks = {}
        end = time.monotonic() + JOB_SECONDS
        while len(ranks) < 3 and time.monotonic() < end:
            ranks = farm_ranks(job)
            time.sleep(0.1)
        self.assertEqual(sorted(ranks), [0, 1, 2], self.log(job))  # rank 0 manages, one worker a node
        victim = ranks[2]
        t0 = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        state = self.wait_done(job, JOB_SECONDS)
        # srun --kill-on-bad-exit=1 ends the step: no hang, the other ranks gone too.
        self.assertEqual(state, "FAILED", self.log(job))
        self.assertLess(time.monotonic() - t0, 30)
        for pid in ranks.values():
            self.assertFalse(is_parcompute(pid), f"rank pid {pid} is still running")
        self.assertTrue(os.path.exists(journal))
        self.assertFalse(os.path.exists(out))
        # The same script submitted again finds the journal and finishes the rest.
        again = self.sbatch("farm.sbatch", ["--nodes=2", "--cpus-per-task=2"], [tasks], env=env)
        self.assert_completed(again)
        self.assertIn(f"run 1 of job {again}: --resume {out}", self.log(again))
        self.check_farm(out, [FIRST, SECOND])
        self.assertFalse(os.path.exists(journal))

    def test_no_task_starts_that_cannot_end_before_the_time_limit(self):
        # The job's end from squeue (Slurm 22.05 does not set SLURM_JOB_END_TIME): 10 minutes
        # away, and each task said to take 15: none starts, the farm stops resumable.
        tasks = self.write_tasks(0)
        p = subprocess.run([BINARY, "slurm", "--nodes", "1", "--cpus-per-task", "2", "--time", "10", "--", "farm",
                            tasks, "--task-time", "900", "--grace", "0"], capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        script = os.path.join(self.dir, "limited.sbatch")
        with open(script, "w") as f:
            f.write(p.stdout)
        out = os.path.join(self.dir, "limited.h5")
        job = self.sbatch(script, env=job_env({"PC_FARM_OUTPUT": out}))
        log = self.log(job)
        self.assertEqual(scontrol_job(job)["ExitCode"], "3:0", log)
        self.assertRegex(log, r"the job ends at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
        self.assertIn("farm stopped before the job's time limit: 0 of 24 task(s)", log)
        self.assertIn(f"to resume, submit again with PC_FARM_OUTPUT={out}", log)
        self.assertFalse(os.path.exists(out))
        p = subprocess.run([BINARY, "farm", tasks, "--resume", out], capture_output=True, text=True, timeout=60,
                           env=job_env(drop=["SLURM_CONF"]))
        self.assertEqual(p.returncode, 0, p.stderr)
        with h5py.File(out, "r") as f:
            self.assertEqual(len(set(f["farm/id"][:])), self.TASKS)
            self.assertEqual(set(f["farm/status"].asstr()[:]), {"ok"})

    def test_bad_arguments_are_refused_before_anything_runs(self):
        tasks = self.write_tasks(0)
        job = self.sbatch("farm.sbatch", ["--nodes=1"], [tasks, "-o", "x.h5"])
        self.assertEqual(scontrol_job(job)["ExitCode"], "2:0")
        self.assertIn("the results file is $PC_FARM_OUTPUT", self.log(job))
        self.assertEqual(self.files(), [f"{job}.out", "tasks.txt"])


class Array(SlurmCase):
    """jobs/slurm/array.sbatch: one task file over a job array, a part per array task."""

    def test_each_array_task_runs_its_part_and_the_parts_are_the_whole_list(self):
        tasks = os.path.join(self.dir, "tasks.txt")
        with open(tasks, "w") as f:  # repeated lines: identities must stay those of the whole file
            f.writelines(f"exec -- echo {i % 4}\n" for i in range(10))
        job = self.sbatch("array.sbatch", ["--array=0-2"], [tasks], output="%A_%a.out")
        whole = os.path.join(self.dir, "whole.h5")
        subprocess.run([BINARY, "farm", tasks, "-o", whole], capture_output=True, timeout=60, check=True)
        with h5py.File(whole, "r") as f:
            expected = sorted(f["farm/id"][:])
        seen = []
        for index in range(3):
            self.assertEqual(scontrol_job(f"{job}_{index}")["JobState"], "COMPLETED", self.log(f"{job}_{index}"))
            with h5py.File(os.path.join(self.dir, f"pc-array-{job}_{index}.h5"), "r") as f:
                g = f["farm"]
                self.assertEqual(g.attrs["part"], f"{index + 1}/3")
                self.assertEqual(list(g["line"][:]), list(range(index + 1, 11, 3)))
                self.assertEqual(set(g["status"].asstr()[:]), {"ok"})
                self.assertEqual(f.attrs["slurm_array_task_id"], str(index))
                seen += list(g["id"][:])
        self.assertEqual(sorted(seen), expected)  # every task once over the parts
        # The parts merge into the whole farm: each task once, every part's provenance kept.
        merged = os.path.join(self.dir, "merged.h5")
        parts = [os.path.join(self.dir, f"pc-array-{job}_{i}.h5") for i in range(3)]
        p = subprocess.run([BINARY, "merge", merged, *parts], capture_output=True, text=True, timeout=60,
                           env=job_env(drop=["SLURM_CONF"]))
        self.assertEqual(p.returncode, 0, p.stderr)
        with h5py.File(merged, "r") as f:
            self.assertEqual(sorted(f["farm/id"][:]), expected)
            self.assertEqual(len(f["merge/inputs"]), 3)

    def test_an_array_task_refuses_a_part_or_output_of_its_own(self):
        tasks = os.path.join(self.dir, "tasks.txt")
        with open(tasks, "w") as f:
            f.write("exec -- true\n")
        job = self.sbatch("array.sbatch", ["--array=0-1"], [tasks, "--part", "1/2"], output="%A_%a.out")
        self.assertEqual(scontrol_job(f"{job}_0")["ExitCode"], "2:0")
        self.assertIn("each array task names its own file and part", self.log(f"{job}_0"))


class Generator(SlurmCase):
    """`parcompute slurm` scripts submitted to the real Slurm (test_slurm_script.py has the rest)."""

    def test_a_hostile_results_name_is_written_as_it_is_on_two_nodes(self):
        name = "a b;$(touch PWNED)`id`'\"*.h5"
        p = subprocess.run([BINARY, "slurm", "--nodes", "2", "--ntasks-per-node", "1", "--", "run", "sumsq",
                            "--tasks", "2", "--size", "1000", "-o", name], capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0, p.stderr)
        script = os.path.join(self.dir, "gen.sbatch")
        with open(script, "w") as f:
            f.write(p.stdout)
        job = self.sbatch(script)
        fields = self.assert_completed(job)
        self.assertEqual(set(re.split(r"[,\[\]]", fields["NodeList"])) - {""}, {FIRST, SECOND})
        self.assertEqual(self.files(), sorted([f"{job}.out", "gen.sbatch", name]))
        with h5py.File(os.path.join(self.dir, name), "r") as f:
            self.assertEqual(f.attrs["slurm_job_id"], str(job))
            self.assertEqual([int(v) for v in f["sumsq/result"].asstr()[:]], [exact_sumsq(1000)] * 2)

    def test_submit_prints_the_job_id_of_a_job_that_runs(self):
        p = subprocess.run([BINARY, "slurm", "--nodes", "1", "--ntasks", "1", "--job-name", "pc-gen-submit",
                            "--output", f"{self.dir}/%j.out", "--submit", "--", "info"],
                           capture_output=True, text=True, timeout=30, cwd=self.dir, env=job_env())
        self.assertEqual(p.returncode, 0, p.stderr)
        job = p.stdout.strip()
        self.assertRegex(job, r"^\d+$")
        self.assertEqual(wait_state(job, JOB_SECONDS), "COMPLETED", self.log(job))
        self.assertEqual(scontrol_job(job)["JobName"], "pc-gen-submit")
        self.assertIn("MPI", self.log(job))

    def test_submit_reports_what_sbatch_refuses_as_one_line(self):
        p = subprocess.run([BINARY, "slurm", "--partition", "nosuchpartition", "--submit", "--", "info"],
                           capture_output=True, text=True, timeout=30, cwd=self.dir, env=job_env())
        self.assertEqual(p.returncode, 2)
        self.assertEqual(len(p.stderr.strip().split("\n")), 1, p.stderr)
        self.assertIn("sbatch refused the job", p.stderr)
        self.assertIn("nosuchpartition", p.stderr.lower())


class Fetch(SlurmCase):
    FILES = ["1k.bin", "64k.bin", "1m.bin", "empty.bin", "1k.bin"]

    def test_urls_fetched_over_two_ranks_rows_in_input_order(self):
        with open(os.path.join(SERVERS, "nginx", "port")) as f:
            port = int(f.read())
        urls = [f"http://127.0.0.1:{port}/{name}" for name in self.FILES]
        with open(os.path.join(self.dir, "urls.txt"), "w") as f:
            f.write("# test files of the nginx fixture\n" + "\n".join(urls) + "\n")
        out = os.path.join(self.dir, "f.h5")
        job = self.sbatch("fetch.sbatch", ["--nodes=1"], ["-o", out])
        self.assert_completed(job)
        bodies = {}
        for name in set(self.FILES):
            with open(os.path.join(SERVERS, "nginx", "html", name), "rb") as f:
                bodies[name] = f.read()
        with h5py.File(out, "r") as f:
            self.assertEqual(f.attrs["slurm_job_id"], str(job))
            self.assertEqual(int(f.attrs["mpi_ranks"]), 2)
            g = f["fetch"]
            self.assertEqual(list(g["url"].asstr()[:]), urls)
            self.assertEqual(list(g["status"][:]), [200] * len(urls))
            self.assertEqual(list(g["bytes"][:]), [len(bodies[n]) for n in self.FILES])
            self.assertEqual(list(g["sha256"].asstr()[:]), [hashlib.sha256(bodies[n]).hexdigest() for n in self.FILES])
            self.assertEqual(list(g["error"].asstr()[:]), [""] * len(urls))
            self.assertEqual(set(g["rank"][:]), {0, 1})  # both ranks fetched


def main():
    global BINARY, SERVERS, JOBS, SHARED, FIRST
    binary, _, servers, rest = harness.run_tests()
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", required=True)
    parser.add_argument("--shared", required=True)
    parser.add_argument("--slurm-conf", required=True)
    args, rest = parser.parse_known_args(rest[1:])
    reason = missing_prerequisite()
    if reason:
        print(f"test_slurm.py: {'FAILED' if os.environ.get('CI') else 'skipped'}: {reason}", file=sys.stderr)
        sys.exit(1 if os.environ.get("CI") else SKIP)
    # The second node has a private /tmp (platform.md): a build tree under /tmp is invisible
    # there, so its binary and job folders cannot be used on both nodes.
    if any(os.path.abspath(p).startswith("/tmp/") for p in (binary, args.shared)):
        print("test_slurm.py: skipped: the build tree is under /tmp, which the second node "
              "(private /tmp) cannot see; build outside /tmp to run these tests", file=sys.stderr)
        sys.exit(SKIP)
    BINARY, SERVERS, JOBS, FIRST = binary, servers, os.path.abspath(args.jobs), os.uname().nodename.split(".")[0]
    SHARED = os.path.abspath(args.shared)
    os.makedirs(SHARED, exist_ok=True)
    os.environ["SLURM_CONF"] = args.slurm_conf
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
