"""Bad input: each case has a clear outcome, an error naming the file, and loses nothing
else."""
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, run

GOOD = ("Lemon drizzle cake\n\nThis lemon drizzle cake is the one I bake for every birthday in "
        "our family, and it has never failed me once in twenty years.\n")


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp())
        os.chmod(self.tmp, 0o777)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, rel, data):
        p = self.tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
        return p

    def test_invalid_utf8_is_replaced_counted_and_warned_once(self):
        bad = self.write("in/bad.txt", GOOD.encode() + b"Caf\xe9 au lait \xff\xfe and more text here.\n")
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", "--report", self.tmp / "r.json", check=0)
        err = proc.stderr.decode()
        self.assertEqual(err.count("invalid UTF-8"), 1, err)
        self.assertIn(f"{bad}: 3 invalid UTF-8 sequence(s) replaced with U+FFFD", err)
        out = (self.tmp / "out/bad.txt").read_text(encoding="utf-8")
        self.assertIn("Caf\ufffd au lait \ufffd\ufffd and more text here.", out)
        self.assertIn('"invalid_utf8": 3', (self.tmp / "r.json").read_text())

    def test_binary_file_is_skipped_with_error_and_exit_1(self):
        self.write("in/a_good.txt", GOOD)
        binary = self.write("in/b_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        self.write("in/c_good.txt", GOOD)
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", "--report", self.tmp / "r.json", check=1)
        self.assertIn(f"{binary}: binary file (NUL byte at offset 8), skipped", proc.stderr.decode())
        self.assertEqual((self.tmp / "out/a_good.txt").read_text(), GOOD)
        self.assertEqual((self.tmp / "out/c_good.txt").read_text(), GOOD)
        self.assertFalse((self.tmp / "out/b_binary.txt").exists())
        self.assertIn("binary file", (self.tmp / "r.json").read_text())

    def test_empty_and_blank_files_give_empty_output(self):
        for name, data in (("empty.txt", b""), ("blank.txt", "\n \u00a0\n\u3000\n".encode())):
            page = self.write(name, data)
            proc = run("clean", page, check=0)
            self.assertEqual(proc.stdout, b"", name)
            self.assertEqual(proc.stderr, b"", name)

    def test_crlf_cr_and_bom(self):
        lf = run("clean", stdin=GOOD.encode(), check=0).stdout
        self.assertEqual(lf.decode(), GOOD)
        for variant in (GOOD.replace("\n", "\r\n"), GOOD.replace("\n", "\r"), "\ufeff" + GOOD,
                        "\ufeff" + GOOD.replace("\n", "\r\n")):
            with self.subTest(variant=repr(variant[:5])):
                self.assertEqual(run("clean", stdin=variant.encode(), check=0).stdout, lf)

    def test_missing_input_fails_but_others_are_written(self):
        good = self.write("good.txt", GOOD)
        missing = self.tmp / "nope.txt"
        proc = run("clean", good, missing, "-o", self.tmp / "out", check=1)
        self.assertIn(f"{missing}: No such file or directory", proc.stderr.decode())
        self.assertEqual((self.tmp / "out/good.txt").read_text(), GOOD)

    def test_unreadable_input(self):
        page = self.write("in/secret.txt", GOOD)
        self.write("in/open.txt", GOOD)
        os.chmod(page, 0)
        cmd = [BIN, "clean", str(self.tmp / "in"), "-o", str(self.tmp / "out")]
        if os.geteuid() == 0:
            # root reads any file: run as nobody to meet a real permission error, from a
            # copy of the binary that nobody can reach whatever the checkout's path.
            if not shutil.which("setpriv"):
                self.skipTest("setpriv missing")
            binary = self.tmp / "boilerstrip"
            shutil.copy(BIN, binary)
            os.chmod(binary, 0o755)
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(binary)] + cmd[1:]
        proc = subprocess.run(cmd, capture_output=True, timeout=60)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(f"{page}: Permission denied", proc.stderr.decode())
        self.assertEqual((self.tmp / "out/open.txt").read_text(), GOOD)
        self.assertFalse((self.tmp / "out/secret.txt").exists())

    def test_no_partial_output_files_left(self):
        self.write("in/a.txt", GOOD)
        self.write("in/b.txt", b"\x00")
        run("clean", self.tmp / "in", "-o", self.tmp / "out", check=1)
        names = sorted(p.name for p in (self.tmp / "out").iterdir())
        self.assertEqual(names, ["a.txt"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
