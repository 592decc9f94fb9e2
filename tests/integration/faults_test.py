"""Faults around the run: a full disk, many runs at once, hostile rule packs and configs.
Each ends with a clear error (or the right output), nothing partial, nothing else lost."""
import json
import os
import resource
import shutil
import signal
import subprocess
import time
import unittest

from harness import BIN, TIME_FACTOR, TempDirTest, run

GOOD = ("Lemon drizzle cake\n\nThis lemon drizzle cake is the one I bake for every birthday in "
        "our family, and it has never failed me once in twenty years.\n")


def long_page(n):
    """A page of |n| distinct prose paragraphs, every one kept: about 100 bytes each."""
    return "".join(f"Paragraph {i}: this lemon drizzle cake is the one I bake for every birthday, "
                   f"number {i} of many.\n\n" for i in range(n))


class FaultsTest(TempDirTest):

    def small_then_big_inputs(self):
        """in/: two small pages, one of about 500 KB, one small page after it."""
        for name, page in (("a.txt", GOOD), ("b.txt", long_page(3)), ("c.txt", long_page(5000)),
                           ("d.txt", GOOD)):
            self.write(f"in/{name}", page)
        ref = self.tmp / "ref"
        run("clean", self.tmp / "in", "-o", ref, check=0)
        return ref

    def check_full_disk(self, out, proc, why):
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(f"in/c.txt: cannot write {out / 'c.txt'}: {why}", proc.stderr.decode())
        # The page that did not fit left nothing, not even its temporary file; the
        # others are complete.
        ref = self.tmp / "ref"
        self.assertEqual(sorted(p.name for p in out.iterdir()), ["a.txt", "b.txt", "d.txt"])
        for name in ("a.txt", "b.txt", "d.txt"):
            self.assertEqual((out / name).read_bytes(), (ref / name).read_bytes(), name)

    def test_file_size_limit_while_writing(self):
        # RLIMIT_FSIZE with SIGXFSZ ignored: write() fails with EFBIG, as on a full disk.
        self.small_then_big_inputs()
        out = self.tmp / "out"

        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

        proc = subprocess.run([BIN, "clean", str(self.tmp / "in"), "-o", str(out), "-j", "1"],
                              capture_output=True, timeout=120, preexec_fn=limit)
        self.check_full_disk(out, proc, "File too large")

    def test_disk_full_while_writing(self):
        ref = self.small_then_big_inputs()
        disk = self.tmp / "disk"
        disk.mkdir()
        if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                                               capture_output=True).returncode != 0:
            self.skipTest("cannot mount a tmpfs (needs root)")
        try:
            out = disk / "out"
            proc = run("clean", self.tmp / "in", "-o", out, "-j", "2")
            self.check_full_disk(out, proc, "No space left on device")
            # --on-error fail: stops at the first failure, what was complete stays.
            shutil.rmtree(out)
            proc = run("clean", self.tmp / "in", "-o", out, "-j", "1", "--on-error", "fail", check=1)
            self.assertEqual(sorted(p.name for p in out.iterdir()), ["a.txt", "b.txt"])
            self.assertEqual((out / "b.txt").read_bytes(), (ref / "b.txt").read_bytes())
        finally:
            subprocess.run(["umount", str(disk)], check=True)

    def test_full_stdout(self):
        page = self.write("c.txt", long_page(5000))
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([BIN, "clean", str(page)], stdout=full, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot write standard output: No space left on device", proc.stderr.decode())

    def test_eight_runs_at_once_equal_one_run(self):
        for i in range(40):
            self.write(f"in/p/{i:02d}.txt", GOOD if i % 3 else long_page(50 + i))
            self.write(f"in/j/{i:02d}.jsonl",
                       "".join(json.dumps({"id": f"{i}-{k}", "text": long_page(k + 2)}) + "\n" for k in range(20)))
        ref = self.tmp / "ref"
        run("clean", self.tmp / "in", "-o", ref, "-j", "1", check=0)
        procs = [subprocess.Popen([BIN, "clean", str(self.tmp / "in"), "-o", str(self.tmp / f"out{n}"),
                                   "-j", "2", "-q"]) for n in range(8)]
        self.assertEqual([p.wait(timeout=600) for p in procs], [0] * 8)
        expected = {p.relative_to(ref): p.read_bytes() for p in ref.rglob("*") if p.is_file()}
        self.assertEqual(len(expected), 80)
        for n in range(8):
            out = self.tmp / f"out{n}"
            self.assertEqual({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}, expected)

    def test_exponential_regex_rule_finishes_fast(self):
        # (a+)+$ takes exponential time in a backtracking engine on "aaa…b"; RE2 is linear.
        self.write("rules/evil.toml", """[pack]
lang = "xx"
name = "Evil"

[[rule]]
id = "evil"
stage = "phrase_rules"
match = "regex"
pattern = '(a+)+$'
examples = ["aaaa"]
counterexamples = ["aaab"]
""")
        line = "a" * 100_000 + "b"
        page = self.write("p.txt", f"{line}\n\n{GOOD}\n{'a' * 40}\n")
        start = time.time()
        proc = run("clean", "--rules", self.tmp / "rules", page, "--explain", check=0)
        self.assertLess(time.time() - start, 5 * TIME_FACTOR)
        self.assertTrue(proc.stderr.decode().endswith(f"{page}:7  phrase_rules/xx.evil  {'a' * 40}\n"))
        self.assertIn("This lemon drizzle cake", proc.stdout.decode())

    def test_rules_and_config_cannot_read_other_files(self):
        # TOML has no include; a field that names a file is an unknown field, and the
        # error shows the field, never the file's content.
        secret = self.write("secret.txt", "TOPSECRET\n")
        rules = self.tmp / "rules"
        cases = [
            ("rules/a.toml", f'[pack]\nlang = "xx"\nname = "x"\ninclude = "{secret}"\n', "unknown field 'include'"),
            ("rules/b.toml", f'[pack]\nlang = "xx"\nname = "x"\n\n[[rule]]\nid = "r"\nstage = "footers"\n'
                             f'match = "line"\nphrases_file = "{secret}"\n', "phrases_file"),
            ("c.toml", f'include = "{secret}"\n[[stage]]\nname = "normalize"\n', "unknown field 'include'"),
            ("d.toml", f'[[stage]]\nname = "phrase_rules"\nrules = "{secret}"\n', "unknown option 'rules'"),
        ]
        page = self.write("p.txt", GOOD)
        for rel, text, why in cases:
            with self.subTest(rel=rel):
                shutil.rmtree(rules, ignore_errors=True)
                f = self.write(rel, text)
                args = ("--rules", rules) if rel.startswith("rules/") else ("--config", f)
                proc = run("clean", *args, page, check=2)
                err = proc.stderr.decode()
                self.assertIn(why, err)
                self.assertNotIn("TOPSECRET", err + proc.stdout.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
