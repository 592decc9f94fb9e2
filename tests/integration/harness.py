"""Shared helpers for the integration tests: run the built binary as a user would."""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("BOILERSTRIP", "build/boilerstrip")
SOURCE = pathlib.Path(os.environ.get("BOILERSTRIP_SOURCE", pathlib.Path(__file__).parents[2]))
SHARED = SOURCE.parent / "shared"
SKIP = 77  # CTest's SKIP_RETURN_CODE for these tests
# How much slower than a release build the binary is: `make test-asan` sets it, so time
# limits (stop within a second of SIGTERM) measure the code, not the sanitizers.
TIME_FACTOR = float(os.environ.get("BOILERSTRIP_TIME_FACTOR", "1"))
# Built with sanitizers (`make test-asan` sets it): ASan keeps freed memory in quarantine
# (256 MB by default), so peak RSS says nothing of the code's bounds there.
SANITIZED = os.environ.get("BOILERSTRIP_SANITIZED") == "1"


def run(*args, stdin=None, check=None):
    """Runs boilerstrip with |args|; returns the CompletedProcess (bytes)."""
    proc = subprocess.run([BIN, *map(str, args)], input=stdin, capture_output=True, timeout=300)
    if check is not None and proc.returncode != check:
        raise AssertionError(f"exit {proc.returncode} != {check}: {args}\n{proc.stderr.decode(errors='replace')}")
    return proc


def need_shared():
    """Exits with SKIP (reported as skipped, never passed) when ../shared is absent."""
    if not (SHARED / "dev-cases").is_dir():
        print(f"SKIP: {SHARED} not found", file=sys.stderr)
        sys.exit(SKIP)


def build_cases(dest):
    """Builds ../shared/dev-cases into |dest|: <name>.txt and <name>.expected.txt."""
    subprocess.run([sys.executable, str(SHARED / "tools" / "build_cases.py"),
                    str(SHARED / "dev-cases"), str(dest)], check=True)


def page_inputs(dest):
    """Every sample page and dev-case page, copied flat into |dest|; returns the paths."""
    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    pages = []
    for p in sorted((SOURCE / "samples").glob("*.txt")):
        if not p.name.endswith(".expected.txt"):
            (dest / p.name).write_bytes(p.read_bytes())
            pages.append(dest / p.name)
    if (SHARED / "dev-cases").is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            build_cases(tmp)
            for p in sorted(pathlib.Path(tmp).glob("*.txt")):
                if not p.name.endswith(".expected.txt"):
                    (dest / p.name).write_bytes(p.read_bytes())
                    pages.append(dest / p.name)
    return pages


def wait_with_rss(proc):
    """Waits for Popen |proc|; returns (exit code, its peak RSS in MiB) from wait4, so
    that only this child is measured."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024  # Linux: ru_maxrss in KiB


class TempDirTest(unittest.TestCase):
    """A test with a temporary directory of its own, self.tmp, removed after it."""

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp())

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, rel, data):
        """Writes |data| (str or bytes) to self.tmp / rel, making its folders; returns the path."""
        p = self.tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode() if isinstance(data, str) else data)
        return p
