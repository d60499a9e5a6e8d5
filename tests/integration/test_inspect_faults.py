#!/usr/bin/python3
"""`parcompute inspect` on damaged and strange files: truncated and bit-flipped copies of a real
results file, and h5py-made oddities (link cycles, dangling links, empty attributes, terminal
escapes, the largest uint64, invalid UTF-8). Damage is bad input: status 2, one line, no listing."""
import argparse
import collections
import concurrent.futures
import os
import random
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy

BINARY = None
MPIEXEC = None

CASES = 300            # truncations, single-byte flips and multi-byte flips, a third each
SEED = 20261201
RUN_SECONDS = 10       # a run that takes longer is a hang
MPIRUN_SECONDS = 60    # mpiexec's own start-up on a loaded machine takes seconds
READ_SECONDS = "3"     # inspect's own limit on the reading child, well inside RUN_SECONDS


def run(args, ranks=None):
    """Exit status (negative: killed by that signal), stdout and stderr as bytes."""
    cmd = [BINARY] + args
    if ranks is not None:
        cmd = [MPIEXEC, "-n", str(ranks)] + cmd
    env = dict(os.environ, OMP_NUM_THREADS="1")
    p = subprocess.run(cmd, capture_output=True, timeout=RUN_SECONDS if ranks is None else MPIRUN_SECONDS, env=env)
    return p.returncode, p.stdout, p.stderr


def inspect(path, ranks=None):
    return run(["inspect", "--timeout", READ_SECONDS, path], ranks)


def mutants(data, rng):
    """(description, bytes): truncations at lengths spread over the whole file, then flips of
    one bit in one byte, then of bits in two to eight bytes anywhere in it."""
    third = CASES // 3
    for i in range(third):
        length = (i * len(data)) // third + rng.randrange(max(1, len(data) // third))
        yield f"truncated to {length} bytes", data[:length]
    for kind in ("one byte", "several bytes"):
        for _ in range(third):
            b = bytearray(data)
            flips = [rng.randrange(len(b)) for _ in range(1 if kind == "one byte" else rng.randrange(2, 9))]
            for at in flips:
                b[at] ^= 1 << rng.randrange(8)
            yield f"bits flipped at {flips}", bytes(b)


def skeleton(listing):
    """The listing's lines but its tables: a table follows a blank line, a group does too."""
    out, in_table = [], False
    for line in listing.splitlines():
        if line == "":
            in_table = None
        elif in_table is None:
            in_table = not line.startswith("group ")
        if line and not in_table:
            out.append(line)
    return out


class Damaged(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix="pc-faults-")
        cls.dir = cls._tmp.name
        cls.valid = os.path.join(cls.dir, "valid.h5")
        rc, _, stderr = run(["run", "sumsq", "--tasks", "2", "--size", "1000", "-o", cls.valid])
        assert rc == 0, stderr
        rc, cls.listing, stderr = inspect(cls.valid)
        assert rc == 0 and Damaged.malformed(cls.listing, cls.valid) is None, stderr

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    @staticmethod
    def malformed(stdout, path):
        """Why `stdout` is not a whole listing, or None. Not compared with the valid file's:
        HDF5 1.10 reads some damaged object headers without an error and leaves out what
        it could not decode (measured: an attribute, or four of a group's eight datasets)."""
        try:
            text = stdout.decode("utf-8")
        except UnicodeDecodeError as e:
            return f"not UTF-8 ({e})"
        lines = skeleton(text)
        if not text.endswith("\n") or not lines or lines[0] != f"file {path} ({os.path.getsize(path)} bytes)":
            return "no file line first or no newline last"
        odd = [l for l in lines[1:] if not (l.startswith("group /") or l.startswith("  "))]
        raw = [c for c in text if ord(c) < 0x20 and c != "\n"]
        return (odd and f"lines of no known kind {odd[:3]}") or (raw and f"raw control characters {raw[:3]}") or None

    def verdict(self, description, data, path):
        """What is wrong with inspect's answer to `data`, or None; and the outcome's name."""
        with open(path, "wb") as f:
            f.write(data)
        try:
            rc, stdout, stderr = inspect(path)
        except subprocess.TimeoutExpired:
            return f"{description}: no answer in {RUN_SECONDS} s", "hang"
        if rc not in (0, 2):
            return f"{description}: status {rc}, stderr {stderr[-300:]!r}", f"status {rc}"
        if rc == 0:
            why = self.malformed(stdout, path) or (stderr and "stderr not empty")
            return (why and f"{description}: status 0 but {why}: {stdout[-300:]!r}"), "listed"
        lines = stderr.decode("utf-8").splitlines()
        if stdout or len(lines) != 1 or not lines[0].startswith(f"parcompute: error: inspect: '{path}' is "):
            return f"{description}: status 2 with stdout {stdout[:200]!r}, stderr {stderr!r}", "bad input"
        cause = "damaged" if " is damaged: " in lines[0] else "not HDF5"
        reader = {"reading it crashed": ", reader crashed", "took more than": ", reader hung"}
        return None, f"bad input ({cause}{''.join(v for k, v in reader.items() if k in lines[0])})"

    def test_truncated_and_bit_flipped_files_are_bad_input_or_listed_whole(self):
        with open(self.valid, "rb") as f:
            data = f.read()
        cases = list(mutants(data, random.Random(SEED)))
        self.assertEqual(len(cases), CASES)
        paths = [os.path.join(self.dir, f"m{i}.h5") for i in range(len(cases))]
        # Two at a time: the machine this runs on has two cores; each run is mostly start-up.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda c: self.verdict(*c[0], c[1]), zip(cases, paths)))
        outcomes = collections.Counter(name for _, name in results)
        print(f"\n{len(cases)} damaged copies of a {len(data)}-byte file: {dict(outcomes)}", file=sys.stderr)
        failures = [why for why, _ in results if why]
        self.assertEqual(failures, [], f"{len(failures)} of {len(cases)} cases")
        # The sample is what it claims to be: most damage is detected, some flips are harmless.
        self.assertGreater(sum(n for name, n in outcomes.items() if name.startswith("bad input")), CASES // 3)
        self.assertGreater(outcomes["listed"], 0)

    def test_an_empty_file_and_a_lone_superblock_are_bad_input(self):
        with open(self.valid, "rb") as f:
            data = f.read()
        for length in (0, 8, 96):
            path = os.path.join(self.dir, f"short{length}.h5")
            with open(path, "wb") as f:
                f.write(data[:length])
            rc, stdout, stderr = inspect(path)
            self.assertEqual((rc, stdout), (2, b""), stderr)
            self.assertEqual(len(stderr.splitlines()), 1, stderr)
            self.assertIn(f"'{path}' is ", stderr.decode())

    def test_under_mpirun_the_listing_and_the_error_appear_once(self):
        rc, stdout, stderr = inspect(self.valid, ranks=2)
        self.assertEqual(rc, 0, stderr)
        self.assertEqual(stdout, self.listing)
        damaged = os.path.join(self.dir, "half.h5")
        with open(self.valid, "rb") as f, open(damaged, "wb") as g:
            g.write(f.read()[: os.path.getsize(self.valid) // 2])
        rc, stdout, stderr = inspect(damaged, ranks=2)
        self.assertEqual((rc, stdout), (2, b""), stderr)
        # One line of ours; mpirun's own banner may come before it (stderr of the ranks is
        # forwarded asynchronously), so its place is not checked.
        self.assertEqual(len([l for l in stderr.decode().splitlines() if l.startswith("parcompute:")]), 1, stderr)
        self.assertEqual(stderr.decode().count("parcompute: error: inspect:"), 1, stderr)


class Strange(unittest.TestCase):
    """Valid HDF5 files that parcompute never writes but h5py can."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="pc-strange-")
        self.path = os.path.join(self._tmp.name, "s.h5")

    def tearDown(self):
        self._tmp.cleanup()

    def listing(self):
        rc, stdout, stderr = inspect(self.path)
        self.assertEqual(rc, 0, stderr)
        self.assertEqual(stderr, b"")
        return stdout.decode("utf-8")  # strictly: invalid UTF-8 never reaches the terminal

    def test_a_group_linked_into_itself_is_listed_once(self):
        with h5py.File(self.path, "w") as f:
            g = f.create_group("g")
            g.attrs["x"] = 1
            g["self"] = g
            g["root"] = f["/"]
            f["later"] = g
        out = self.listing()
        self.assertIn("\ngroup /g\n  x: 1\n", out)
        self.assertIn("\ngroup /g/self (already shown at /g)\n", out)
        self.assertIn("\ngroup /g/root (already shown at /)\n", out)
        self.assertEqual(out.count("  x: 1\n"), 1)

    def test_soft_and_external_links_are_listed_not_followed(self):
        other = os.path.join(self._tmp.name, "other.h5")
        with h5py.File(other, "w") as f:
            f["data"] = numpy.arange(3)
        with h5py.File(self.path, "w") as f:
            g = f.create_group("g")
            g["real"] = numpy.arange(4)
            g["dangling"] = h5py.SoftLink("/nowhere")
            g["alias"] = h5py.SoftLink("/g/real")
            g["missing"] = h5py.ExternalLink("missing.h5", "/x")
            g["outside"] = h5py.ExternalLink(other, "/data")
        out = self.listing()
        self.assertIn("  link dangling -> /nowhere (soft, not followed)\n", out)
        self.assertIn("  link alias -> /g/real (soft, not followed)\n", out)
        self.assertIn("  link missing -> missing.h5:/x (external, not followed)\n", out)
        self.assertIn(f"  link outside -> {other}:/data (external, not followed)\n", out)
        self.assertIn("  dataset real: int64 [4]\n", out)

    def test_attributes_with_no_elements_read_as_empty_lists(self):
        with h5py.File(self.path, "w") as f:
            f.attrs.create("floats", data=numpy.zeros(0))
            f.attrs.create("strings", data=numpy.array([], dtype=h5py.string_dtype()))
            f.attrs["null"] = h5py.Empty("f8")
            f.attrs["after"] = "still listed"
        out = self.listing()
        for line in ("  floats: []\n", "  strings: []\n", "  null: []\n", "  after: still listed\n"):
            self.assertIn(line, out)

    def test_control_characters_and_escape_sequences_are_shown_escaped(self):
        with h5py.File(self.path, "w") as f:
            g = f.create_group("grp\x1b[2J")
            g.attrs["bell\x07\x1b[31mred"] = "\x1b]0;title\x07 line\nnext\ttab \\ \u009b end ünï"
            g["d\x1b[0m"] = numpy.array([b"\x1b[1mbold"], dtype="S8")
        out = self.listing()
        self.assertIn("\ngroup /grp\\x1b[2J\n", out)
        self.assertIn("  bell\\x07\\x1b[31mred: \\x1b]0;title\\x07 line\\nnext\\ttab \\\\ \\u009b end ünï\n", out)
        self.assertIn("  dataset d\\x1b[0m: string [1]\n", out)
        self.assertIn("\\x1b[1mbold", out)
        self.assertEqual([c for c in out if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) < 0xa0], [])

    def test_the_largest_uint64_and_the_smallest_int64_are_exact(self):
        with h5py.File(self.path, "w") as f:
            f.attrs["biggest"] = numpy.uint64(2**64 - 1)
            f.attrs["smallest"] = numpy.int64(-2**63)
            f.attrs["small_unsigned"] = numpy.uint8(255)
        out = self.listing()
        self.assertIn("  biggest: 18446744073709551615\n", out)
        self.assertIn("  smallest: -9223372036854775808\n", out)
        self.assertIn("  small_unsigned: 255\n", out)

    def test_invalid_utf8_in_a_string_attribute_is_shown_as_bytes(self):
        with h5py.File(self.path, "w") as f:
            f.attrs["fixed"] = numpy.bytes_(b"ok\xff\xfe\xc3")
            f.attrs.create("variable", data=b"\xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80",
                           dtype=h5py.string_dtype("ascii"))
        out = self.listing()
        self.assertIn("  fixed: ok\\xff\\xfe\\xc3\n", out)
        self.assertIn("  variable: \\xc3( \\xed\\xa0\\x80 \\xf4\\x90\\x80\\x80\n", out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--mpiexec", required=True)
    args, rest = parser.parse_known_args()
    BINARY, MPIEXEC = os.path.abspath(args.binary), args.mpiexec
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
