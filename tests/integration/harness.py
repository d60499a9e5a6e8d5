"""What the end-to-end tests share: their command line (the binary, mpiexec, the servers'
folder) and a base class that gives each test a fresh folder with a results path in it."""
import argparse
import os
import sys
import tempfile
import unittest


def run_tests():
    """Parses --binary, --mpiexec and --servers; returns the binary as an absolute path,
    mpiexec, the servers' folder, and the argv left for unittest.main."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--mpiexec", required=True)
    parser.add_argument("--servers", required=True)
    args, rest = parser.parse_known_args()
    return os.path.abspath(args.binary), args.mpiexec, args.servers, [sys.argv[0]] + rest


class TempDirCase(unittest.TestCase):
    PREFIX = "pc-it-"  # the folder's name starts with this
    OUT = "r.h5"       # self.out, inside the folder
    BASE = None        # where the folder is made; None: the system's temporary folder

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix=self.PREFIX, dir=self.BASE)
        self.dir = self._tmp.name
        self.out = os.path.join(self.dir, self.OUT)

    def tearDown(self):
        self._tmp.cleanup()

    def files(self):
        return sorted(os.listdir(self.dir))
