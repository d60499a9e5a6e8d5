#!/usr/bin/python3
"""`parcompute slurm` without a cluster: every generated script passes `bash -n`; hostile
words ($(...), backticks, quotes, ;, newlines, globs, ~, $VAR, backslashes) reach parcompute
byte for byte when the script runs, and nothing in them is run by the shell; the header
comment stays comment; bad values are one line and exit 2. The script runs under bash with a
stand-in srun (drops its own options) and a stand-in parcompute (writes its argv as JSON);
test_slurm.py submits generated scripts to the real Slurm."""
import json
import os
import stat
import subprocess
import sys
import unittest

import harness

BINARY = None

HOSTILE = [
    "$(touch PWNED)", "`touch PWNED`", "a;touch PWNED", "it's", 'say "hi"', "two\nlines", "tab\there",
    "*", "~", "$HOME", "${HOME}", "a\\b", "#hash", "-dash", "é \u00e9", "\x1b[2J", "'$(touch PWNED)'",
    "x' ; touch PWNED ; '", "!", "&& touch PWNED", "> PWNED",
]


def slurm(args):
    p = subprocess.run([BINARY, "slurm", *args], capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


class Scripts(harness.TempDirCase):
    PREFIX = "pc-slurm-script-"

    def setUp(self):
        super().setUp()
        self.bin = os.path.join(self.dir, "bin")
        os.mkdir(self.bin)
        self.argv_file = os.path.join(self.dir, "argv.json")
        # srun: its own options (all --x or --x=y here) dropped, the rest run.
        self.tool("srun", "#!/bin/bash\nwhile [ $# -gt 0 ] && [ \"${1#--}\" != \"$1\" ]; do shift; done\nexec \"$@\"\n")
        self.tool("scancel", "#!/bin/sh\nexit 0\n")
        self.fake_pc = self.tool("fake-parcompute", f"#!{sys.executable}\nimport json, sys\n"
                                 f"json.dump(sys.argv[1:], open({self.argv_file!r}, 'w'))\n")

    def tool(self, name, text):
        path = os.path.join(self.bin, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, stat.S_IRWXU)
        return path

    def make(self, args):
        rc, script, err = slurm(args)
        self.assertEqual(rc, 0, err)
        path = os.path.join(self.dir, "job.sbatch")
        with open(path, "w") as f:
            f.write(script)
        p = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr + script)
        return path, script

    def run_script(self, path, script_args=(), env=None):
        """Runs the script as a job's batch shell would; returns (rc, the argv parcompute got)."""
        if os.path.exists(self.argv_file):
            os.remove(self.argv_file)
        job_env = {"PATH": self.bin + ":/usr/bin:/bin", "PARCOMPUTE": self.fake_pc, "HOME": "/nonexistent",
                   "SLURM_JOB_ID": "42", "SLURM_NNODES": "1", "SLURM_CPUS_PER_TASK": "3", **(env or {})}
        p = subprocess.run(["bash", path, *script_args], capture_output=True, text=True, env=job_env,
                           cwd=self.dir, timeout=30)
        argv = None
        if os.path.exists(self.argv_file):
            with open(self.argv_file) as f:
                argv = json.load(f)
        return p.returncode, argv, p.stderr

    def assert_nothing_ran(self):
        self.assertFalse(os.path.exists(os.path.join(self.dir, "PWNED")), "the shell ran part of a word")

    def assert_header_is_comment(self, script):
        # Up to the first command, every line is a comment: a word with a newline must not
        # have started a line of its own.
        lines = script.split("\n")
        first = next(i for i, line in enumerate(lines) if line.startswith("name="))
        self.assertTrue(all(line.startswith("#") for line in lines[:first]), script)

    def test_hostile_words_arrive_as_they_are_in_run_and_farm(self):
        for word in [w for w in HOSTILE if not w.startswith("-")]:  # a leading - is a flag to CLI11
            with self.subTest(word=word):
                path, script = self.make(["--ntasks", "2", "--", "run", "sumsq", "-o", word + ".h5"])
                self.assert_header_is_comment(script)
                rc, argv, err = self.run_script(path, ["--size", "5"])
                self.assertEqual(rc, 0, err)
                self.assertEqual(argv, ["run", "sumsq", "-o", word + ".h5", "--size", "5"])
                # A farm: the task file and -o (the farm's results file) from the words.
                path, script = self.make(["--", "farm", word, "-o", word + ".h5", "--log-dir", word])
                self.assert_header_is_comment(script)
                rc, argv, err = self.run_script(path)
                self.assertEqual(rc, 0, err)
                self.assertEqual(argv, ["farm", word, "--log-dir", word, "-o", word + ".h5"])
                self.assert_nothing_ran()

    def test_words_given_to_the_script_arrive_as_they_are(self):
        path, _ = self.make(["--", "fetch", "--input", "urls.txt"])
        for word in HOSTILE:
            rc, argv, err = self.run_script(path, ["-o", word])
            self.assertEqual((rc, argv), (0, ["fetch", "--input", "urls.txt", "-o", word]), err)
        self.assert_nothing_ran()

    def test_a_farm_takes_its_task_file_first_and_refuses_its_own_results_flags(self):
        path, _ = self.make(["--requeue", "--", "farm", "--retries", "2"])
        rc, argv, err = self.run_script(path, ["t.txt", "--grace", "5"])
        self.assertEqual((rc, argv), (0, ["farm", "--retries", "2", "-o", "pc-farm-42.h5", "t.txt", "--grace", "5"]),
                         err)
        with open(os.path.join(self.dir, "pc-farm-42.h5.journal"), "w"):
            pass  # an unfinished farm: the next run resumes it
        rc, argv, err = self.run_script(path, ["t.txt"], env={"SLURM_RESTART_COUNT": "1"})
        self.assertEqual((rc, argv), (0, ["farm", "--retries", "2", "--resume", "pc-farm-42.h5", "t.txt"]), err)
        rc, argv, err = self.run_script(path, [])
        self.assertEqual((rc, argv), (2, None))
        self.assertIn("usage: sbatch SCRIPT TASKFILE", err)
        for bad in (["t.txt", "-o", "x.h5"], ["t.txt", "--resume=x.h5"], ["t.txt", "-ox.h5"], ["t.txt", "--part", "1/2"]):
            rc, argv, err = self.run_script(path, bad)
            self.assertEqual((rc, argv), (2, None), bad)
            self.assertIn("the results file is $PC_FARM_OUTPUT", err)

    def test_a_stopped_farm_says_how_to_resume_or_requeues(self):
        self.tool("fake-parcompute", f"#!/bin/sh\nexit 3\n")
        self.tool("scontrol", f"#!/bin/sh\necho \"$@\" > {self.dir}/requeued\n")
        path, _ = self.make(["--", "farm", "t.txt"])
        rc, _, err = self.run_script(path)
        self.assertEqual(rc, 3)
        self.assertIn("to resume, submit again with PC_FARM_OUTPUT=pc-farm-42.h5", err)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "requeued")))
        path, _ = self.make(["--requeue", "--", "farm", "t.txt"])
        rc, _, err = self.run_script(path)
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.dir, "requeued")) as f:
            self.assertEqual(f.read(), "requeue 42\n")

    def test_an_array_task_runs_its_part_into_its_own_file(self):
        path, script = self.make(["--array", "4-6%2", "--cpus-per-task", "2", "--", "farm", "t.txt"])
        self.assertIn("#SBATCH --array=4-6%2\n", script)
        self.assertIn("#SBATCH --output=pc-farm-%A_%a.out\n", script)
        array = {"SLURM_ARRAY_JOB_ID": "40", "SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3",
                 "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_MAX": "6"}
        rc, argv, err = self.run_script(path, env=array)
        self.assertEqual((rc, argv), (0, ["farm", "t.txt", "-o", "pc-array-40_5.h5", "--part", "2/3"]), err)
        rc, argv, err = self.run_script(path, env={**array, "PC_ARRAY_OUTPUT": "/shared/sweep"})
        self.assertEqual(argv, ["farm", "t.txt", "-o", "/shared/sweep_5.h5", "--part", "2/3"], err)
        rc, argv, err = self.run_script(path, env={**array, "SLURM_ARRAY_TASK_MAX": "9"})
        self.assertEqual((rc, argv), (2, None))
        self.assertIn("not consecutive", err)

    def test_the_job_options_become_sbatch_lines(self):
        _, script = self.make(["-N", "2", "--ntasks-per-node", "4", "-c", "8", "-t", "2-12:30", "-p", "short",
                               "-A", "proj_1", "-J", "sweep", "--requeue", "--", "run", "stencil"])
        lines = [line for line in script.split("\n") if line.startswith("#SBATCH")]
        self.assertEqual(lines, ["#SBATCH --job-name=sweep", "#SBATCH --nodes=2", "#SBATCH --ntasks-per-node=4",
                                 "#SBATCH --cpus-per-task=8", "#SBATCH --time=2-12:30", "#SBATCH --partition=short",
                                 "#SBATCH --account=proj_1", "#SBATCH --requeue", "#SBATCH --output=sweep-%j.out"])
        self.assertIn("\n#   parcompute slurm --job-name=sweep --nodes=2 --ntasks-per-node=4 --cpus-per-task=8 "
                      "--time=2-12:30 --partition=short --account=proj_1 --requeue -- run stencil\n", script)

    def test_the_cpus_per_task_become_threads_and_srun_cpus(self):
        self.tool("fake-parcompute", f"#!/bin/sh\nenv | grep -E '^(OMP_|SRUN_CPUS)' | sort > {self.dir}/env\n")
        path, _ = self.make(["-c", "3", "--", "run", "nstream"])
        rc, _, err = self.run_script(path)
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.dir, "env")) as f:
            self.assertEqual(f.read().split(), ["OMP_NUM_THREADS=3", "OMP_PLACES=cores", "OMP_PROC_BIND=close",
                                                "SRUN_CPUS_PER_TASK=3"])

    def test_bad_values_are_one_line_and_exit_2(self):
        cases = {
            ("--time", "1-24", "--", "run", "sumsq"): "--time: '1-24' has 24 hours or more after the days",
            ("--time", "10:60", "--", "run", "sumsq"): "--time: '10:60' has a field of 60 or more",
            ("--time", "1h", "--", "run", "sumsq"): "--time: '1h' is not a Slurm time",
            ("--nodes", "0", "--", "info"): "--nodes: 0 is out of range",
            ("--array", "0,2,4", "--", "farm", "t"): "--array: '0,2,4' is a list or has a step",
            ("--array", "5-2", "--", "farm", "t"): "--array: '5-2' ends before it begins",
            ("--array", "0-3", "--", "run", "sumsq"): "--array: only for farm",
            ("--ntasks", "4", "--", "farm", "t"): "--ntasks: a farm runs one rank per node",
            ("--job-name", "a b", "--", "info"): "--job-name: 'a b' holds a space",
            ("--partition", "p\nq", "--", "info"): "--partition: 'p\\nq' holds a space",
            ("--", "merge", "a.h5", "b.h5"): "slurm: 'merge' does not run as a job",
            ("--", "run", "nosuch"): "slurm: the job's command: run: unknown kernel 'nosuch'",
            ("--", "run", "sumsq", "--size", "x"): "slurm: the job's command: --size: 'x' is not a whole number",
            ("--", "farm", "--retries", "x"): "slurm: the job's command: --retries: 'x'",
            ("--", "farm", "t", "--resume", "r.h5"): "slurm: farm --resume: the script resumes its own results file",
            ("--", "run", "sumsq", "--help"): "--help and --version print and end",
            (): "slurm: name the command the job runs after --",
        }
        for args, message in cases.items():
            with self.subTest(args=args):
                rc, out, err = slurm(list(args))
                self.assertEqual((rc, out), (2, ""), err)
                self.assertEqual(len(err.strip().split("\n")), 1, err)
                self.assertIn(message, err)

    def test_accepted_time_formats(self):
        for value in ["30", "30:15", "48:00:00", "2-12", "2-12:30", "2-12:30:15", "UNLIMITED", "0"]:
            rc, _, err = slurm(["--time", value, "--", "info"])
            self.assertEqual(rc, 0, f"{value}: {err}")

    def test_the_ready_scripts_are_the_generators(self):
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        p = subprocess.run([os.path.join(root, "scripts", "slurm-scripts.sh"), "--check", BINARY],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


def main():
    global BINARY
    binary, _, _, rest = harness.run_tests()
    BINARY = binary
    unittest.main(argv=rest, verbosity=2)


if __name__ == "__main__":
    main()
