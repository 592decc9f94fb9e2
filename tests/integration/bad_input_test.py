"""Bad input: each case has a clear outcome, an error naming the file, and loses nothing
else."""
import gzip
import json
import os
import re
import shutil
import subprocess
import unittest

from harness import BIN, TempDirTest, run, wait_with_rss

GOOD = ("Lemon drizzle cake\n\nThis lemon drizzle cake is the one I bake for every birthday in "
        "our family, and it has never failed me once in twenty years.\n")

# Ill-formed UTF-8 of every kind, each inside a prose line that the pipeline keeps.
BAD_UTF8 = {
    "overlong_2": b"\xc0\xaf", "overlong_3": b"\xe0\x80\xaf", "overlong_4": b"\xf0\x80\x80\xaf",
    "surrogate_high": b"\xed\xa0\x80", "surrogate_low": b"\xed\xbf\xbf",
    "surrogate_pair": b"\xed\xa0\xbd\xed\xb8\x80", "above_10ffff": b"\xf4\x90\x80\x80",
    "lead_f5_ff": b"\xf5\xf8\xfc\xfe\xff", "lone_continuation": b"\x80\xbf",
    "truncated_2": b"\xc3", "truncated_3": b"\xe2\x82", "truncated_4": b"\xf0\x9f\x98",
}


# Pages of a few hundred bytes, as legacy sites served them, and the charset that
# boilerstrip reports for each (shift_jis is read as its superset windows-31j, as browsers do).
LEGACY = {
    "windows-1251": ("windows-1251", "Как испечь лимонный кекс\n\nЭтот лимонный кекс я пеку на каждый день "
                     "рождения в нашей семье, и за двадцать лет он ни разу меня не подвёл.\nТесто замешивают на "
                     "сливочном масле, сахаре и свежих яйцах, а цедру натирают прямо перед выпечкой.\n\nГотовый "
                     "кекс поливают сиропом из лимонного сока, пока он ещё тёплый.\n"),
    "iso-8859-2": ("iso-8859-2", "Jak upéct citronový koláč\n\nTento citronový koláč peču na každé narozeniny v "
                   "naší rodině a za dvacet let mě ani jednou nezklamal.\nTěsto se zadělává na másle, cukru a "
                   "čerstvých vejcích, kůra se strouhá těsně před pečením.\n\nHotový koláč se polévá sirupem z "
                   "citronové šťávy, dokud je ještě teplý.\n"),
    "shift_jis": ("windows-31j", "レモンケーキの作り方\n\nこのレモンケーキは、家族の誕生日のたびに焼いているもので、"
                  "二十年間一度も失敗したことがありません。\n生地はバターと砂糖と新鮮な卵で作り、レモンの皮は焼く直前に"
                  "すりおろします。\n\n焼き上がったケーキが温かいうちに、レモン果汁のシロップをかけます。\n"),
    "gb18030": ("gb18030", "柠檬蛋糕的做法\n\n这款柠檬蛋糕是我们家每次过生日都会烤的，二十年来从来没有失败过。\n"
                "面糊用黄油、白糖和新鲜鸡蛋调制，柠檬皮要在烘烤之前现擦。\n\n蛋糕出炉后趁热淋上柠檬汁糖浆，"
                "放凉以后切片，配一杯热茶。\n"),
}


def prose_with(bad):
    return (b"Lemon drizzle cake\n\nThis lemon drizzle cake is the one I bake " + bad +
            b" for every birthday in our family, and it has never failed me once in twenty years.\n")


class BadInputTest(TempDirTest):
    def setUp(self):
        super().setUp()
        os.chmod(self.tmp, 0o777)  # the unreadable-input test runs a child as another user


    def test_invalid_utf8_is_replaced_counted_and_warned_once(self):
        bad = self.write("in/bad.txt", GOOD.encode() + b"Caf\xe9 au lait \xff\xfe and more text here.\n")
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", "--report", self.tmp / "r.json", check=0)
        err = proc.stderr.decode()
        self.assertEqual(err.count("invalid UTF-8"), 1, err)
        self.assertIn(f"{bad}: 3 invalid UTF-8 sequence(s) replaced with U+FFFD", err)
        out = (self.tmp / "out/bad.txt").read_text(encoding="utf-8")
        self.assertIn("Caf\ufffd au lait \ufffd\ufffd and more text here.", out)
        self.assertIn('"invalid_utf8": 3', (self.tmp / "r.json").read_text())

    def test_invalid_utf8_of_every_kind_in_text_and_jsonl(self):
        for kind, bad in BAD_UTF8.items():
            with self.subTest(kind=kind):
                page = self.write(f"{kind}/page.txt", prose_with(bad))
                # At the very end of the file too, where a truncated sequence has no next byte.
                tail = self.write(f"{kind}/tail.txt", prose_with(b"").rstrip(b"\n") + bad)
                line = b'{"id": "r", "text": "' + prose_with(bad).replace(b"\n", b"\\n") + b'"}\n'
                jsonl = self.write(f"{kind}/page.jsonl", line)
                report = self.tmp / f"{kind}.json"
                proc = run("clean", page.parent, "-o", self.tmp / f"{kind}-out", "--report", report, check=0)
                err = proc.stderr.decode()
                self.assertEqual(err.count("invalid UTF-8"), 3, err)
                for src in (page, tail):
                    out = (self.tmp / f"{kind}-out" / src.name).read_bytes().decode("utf-8")  # strict
                    self.assertIn("\ufffd", out)
                    self.assertIn("twenty years", out)
                    self.assertIn("This lemon drizzle cake is the one I bake", out)
                record = json.loads((self.tmp / f"{kind}-out/page.jsonl").read_bytes().decode("utf-8"))
                self.assertIn("I bake \ufffd", record["text"])
                self.assertIn("invalid UTF-8", err)
                self.assertIn(f"{jsonl}[r]:", err)
                # The report counts what the warnings name, JSONL records included.
                warned = sum(int(n) for n in re.findall(r"(\d+) invalid UTF-8 sequence", err))
                self.assertGreaterEqual(warned, 3)
                self.assertEqual(json.loads(report.read_text())["invalid_utf8"], warned)

    def test_utf16_with_bom_is_converted(self):
        utf8 = run("clean", stdin=GOOD.encode(), check=0).stdout
        for codec in ("utf-16-le", "utf-16-be"):
            with self.subTest(codec=codec):
                page = self.write(f"{codec}.txt", ("\ufeff" + GOOD.replace("\n", "\r\n")).encode(codec))
                proc = run("clean", page, check=0)
                self.assertEqual(proc.stdout, utf8)
                self.assertEqual(proc.stderr, b"")
        # An unpaired surrogate and an odd last byte: replaced, counted, warned about.
        page = self.write("lone.txt", "\ufeff".encode("utf-16-le") + GOOD.replace("bake", "b\ud800ke").encode(
            "utf-16-le", "surrogatepass") + b"!")
        proc = run("clean", page, check=0)
        self.assertIn("b\ufffdke", proc.stdout.decode("utf-8"))
        self.assertIn(f"{page}: 2 invalid UTF-8 sequence(s) replaced with U+FFFD", proc.stderr.decode())
        # UTF-16 without a byte order mark is not guessed: its NUL bytes make it binary.
        page = self.write("nobom.txt", GOOD.encode("utf-16-le"))
        proc = run("clean", page, check=1)
        self.assertIn(f"{page}: binary file (NUL byte at offset 1), skipped", proc.stderr.decode())

    def test_legacy_charsets_in_text_files_are_detected_and_converted(self):
        expected = {}
        for codec, (_, text) in LEGACY.items():
            data = text.encode(codec)
            self.assertGreater(len(data), 160)
            self.write(f"in/{codec}.txt", data)
            self.write(f"in/gz/{codec}.txt.gz", gzip.compress(data))
            expected[codec] = run("clean", stdin=text.encode(), check=0).stdout
            self.assertIn(text.splitlines()[2].encode(), expected[codec])  # the article's lines stay
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", "--report", self.tmp / "r.json", check=0)
        err = proc.stderr.decode()
        for codec, (found, _) in LEGACY.items():
            with self.subTest(codec=codec):
                for rel in (f"{codec}.txt", f"gz/{codec}.txt.gz"):
                    note = f"{self.tmp / 'in' / rel}: not UTF-8, decoded as {found} (detected; --input-encoding sets it)"
                    self.assertEqual(err.count(note), 1, err)
                self.assertEqual((self.tmp / f"out/{codec}.txt").read_bytes(), expected[codec])
                self.assertEqual(gzip.decompress((self.tmp / f"out/gz/{codec}.txt.gz").read_bytes()), expected[codec])
        self.assertNotIn("invalid UTF-8", err)
        report = json.loads((self.tmp / "r.json").read_text())
        self.assertEqual(report["charsets_detected"], {found: 2 for found, _ in LEGACY.values()})
        self.assertEqual(report["invalid_utf8"], 0)

    def test_input_encoding_forces_text_and_html_files_only(self):
        _, text = LEGACY["windows-1251"]
        data = text.encode("windows-1251")
        expected = run("clean", stdin=text.encode(), check=0).stdout
        page = self.write("in/a.txt", data)
        # Forced: no guess, no note; the same for count, which shares the input options.
        proc = run("clean", page, "--input-encoding", "CP1251", check=0)
        self.assertEqual((proc.stdout, proc.stderr), (expected, b""))
        run("count", page, "--input-encoding", "windows-1251", "-o", self.tmp / "c.bsc", check=0)
        # A wrong charset forced is obeyed: KOI8-R reads every byte, as mojibake.
        proc = run("clean", page, "--input-encoding", "koi8-r", check=0)
        self.assertNotEqual(proc.stdout, expected)
        self.assertEqual(proc.stderr, b"")
        # HTML: before the page's own (wrong) declaration.
        html = self.write("in/p.html", b'<meta charset="iso-8859-5"><p>' + data.replace(b"\n", b"<br>") + b"</p>")
        self.assertNotIn("Этот лимонный кекс", run("clean", html, check=0).stdout.decode())
        proc = run("clean", html, "--input-encoding", "windows-1251", check=0)
        self.assertIn("Этот лимонный кекс я пеку", proc.stdout.decode())
        # JSONL stays UTF-8 (JSON is): the field's text is not reinterpreted.
        line = json.dumps({"id": "r", "text": text}, ensure_ascii=False).encode() + b"\n"
        proc = run("clean", "--format", "jsonl", "--input-encoding", "windows-1251", "-", stdin=line, check=0)
        self.assertEqual(json.loads(proc.stdout)["text"].encode(), expected)

    def test_unknown_input_encoding_is_a_usage_error(self):
        page = self.write("in/a.txt", GOOD)
        for cmd in (("clean", page, "-o", self.tmp / "out"), ("count", page, "-o", self.tmp / "out/c.bsc")):
            with self.subTest(cmd=cmd[0]):
                proc = run(*cmd, "--input-encoding", "no-such-charset", check=2)
                self.assertIn("--input-encoding: unknown encoding 'no-such-charset'", proc.stderr.decode())
                self.assertEqual(proc.stdout, b"")
                self.assertFalse((self.tmp / "out").exists())

    def test_100_mib_line_is_cleaned_with_max_page_mb(self):
        sentence = b"This lemon drizzle cake is the one I bake for every birthday in our family, and it never failed. "
        line = (sentence * ((100 << 20) // len(sentence) + 1))[:100 << 20].rstrip(b" ") + b"\n"
        page = self.write("in/line.txt", line)
        proc = run("clean", page, "-o", self.tmp / "out", check=1)
        self.assertIn(f"{page}: page longer than {64 << 20} bytes, skipped (--max-page-mb raises the limit)",
                      proc.stderr.decode())
        self.assertFalse((self.tmp / "out/line.txt").exists())
        with subprocess.Popen([BIN, "clean", str(page), "-o", str(self.tmp / "out"), "--max-page-mb", "128"],
                              stderr=subprocess.PIPE) as child:
            err = child.stderr.read()
            code, rss_mib = wait_with_rss(child)
        self.assertEqual((code, err), (0, b""))
        # One line of prose is kept whole.
        self.assertTrue((self.tmp / "out/line.txt").read_bytes() == line)
        # The page, its one block and its output, each once and then some: not unbounded.
        self.assertLess(rss_mib, 1024)

    def test_hostile_names_and_ids_write_nothing_outside_the_output(self):
        root = self.tmp
        hostile = ["-o.txt", "..txt", "...txt", "a\\..\\..\\b.txt", "line\nbreak.txt", " -rf .txt",
                   "..hidden/x.txt", "sub/.x.txt"]
        for name in hostile:
            self.write(f"in/{name}", GOOD)
        self.write(os.fsdecode(b"in/\xff\xfe/\xc0.txt"), GOOD)  # not UTF-8
        records = [{"id": i, "url": u, "site": u, "text": GOOD} for i, u in (
            ("../../x", "../../x"), ("/tmp/abs", "file:///etc/passwd"), ("..\\..\\w", "http://../../"))]
        self.write("in/records.jsonl", "".join(json.dumps(r) + "\n" for r in records))
        self.write("in/w.warc", b"".join(
            b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: %s\r\nWARC-Target-URI: %s\r\n"
            b"Content-Length: %d\r\n\r\n%s\r\n\r\n" % (r["id"].encode(), r["url"].encode(), len(GOOD), GOOD.encode())
            for r in records))
        # A file link to outside is an input like any other; a directory link is not followed.
        self.write("elsewhere/outside.txt", GOOD)
        os.symlink(root / "elsewhere/outside.txt", root / "in/link.txt")
        os.symlink(root / "elsewhere", root / "in/dirlink")
        # Symbolic links planted in the output, at an output's name and at its temporary
        # name, are replaced, never written through.
        victim = self.write("victim.txt", "VICTIM\n")
        (root / "out").mkdir()
        os.symlink(victim, root / "out/-o.txt")
        os.symlink(victim, root / "out/..txt.tmp")

        def tree():
            return {p: (p.is_symlink(), p.read_bytes() if p.is_file() and not p.is_symlink() else None)
                    for p in root.rglob("*")}

        before = tree()
        args = ["--site-key", "site", "--report", root / "out/r.json", "--explain-to", root / "out/e.txt"]
        run("clean", root / "in", "-o", root / "out", *args, check=0)
        # Inputs named one by one, by relative paths that climb: outputs are their names.
        home = os.getcwd()
        os.chdir(root / "in/..hidden")
        try:
            run("clean", "../../in/sub/../-o.txt", "x.txt", "../sub/.x.txt", "-o", root / "out2", check=0)
        finally:
            os.chdir(home)
        after = tree()
        for p, state in before.items():
            if not str(p).startswith(str(root / "out") + "/"):
                self.assertEqual(after.get(p), state, p)
        added = sorted(str(p.relative_to(root)) for p in after if p not in before and after[p][1] is not None)
        expected = sorted(["out/" + n for n in hostile] + [
            "out/\udcff\udcfe/\udcc0.txt", "out/records.jsonl", "out/w.jsonl", "out/link.txt", "out/r.json",
            "out/e.txt", "out2/-o.txt", "out2/x.txt", "out2/.x.txt"])
        self.assertEqual([a for a in added if a != "out/-o.txt"], [e for e in expected if e != "out/-o.txt"])
        self.assertEqual(victim.read_text(), "VICTIM\n")
        self.assertFalse((root / "out/-o.txt").is_symlink())
        self.assertFalse((root / "out/..txt.tmp").exists())
        self.assertEqual((root / "out/-o.txt").read_text(), GOOD)
        self.assertEqual([json.loads(x)["id"] for x in (root / "out/records.jsonl").read_text().splitlines()],
                         [r["id"] for r in records])

    def test_nul_bytes_in_jsonl_fail_only_their_record(self):
        good = json.dumps({"id": "g", "text": GOOD})
        raw_nul = b'{"id": "raw", "text": "a\x00b"}'
        escaped_nul = json.dumps({"id": "esc", "text": "This page\u0000 has a NUL"}).encode()
        src = self.write("in/nul.jsonl", b"\n".join([good.encode(), raw_nul, escaped_nul, good.encode()]) + b"\n")
        proc = run("clean", src, check=1)
        err = proc.stderr.decode()
        self.assertIn(f"{src}: line 2: not JSON", err)
        self.assertIn(f"{src}: line 3: binary file (NUL byte at offset 9), skipped", err)
        self.assertEqual([json.loads(x)["text"] for x in proc.stdout.splitlines()], [GOOD, GOOD])

    def test_text_page_over_64_mib_fails_that_input_only(self):
        self.write("in/a_good.txt", GOOD)
        huge = self.write("in/b_huge.txt", b"word " * (20 << 20))  # one 100 MiB line
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", check=1)
        self.assertIn(f"{huge}: page longer than {64 << 20} bytes, skipped", proc.stderr.decode())
        self.assertEqual(sorted(p.name for p in (self.tmp / "out").iterdir()), ["a_good.txt"])

    def test_empty_inputs_of_every_format(self):
        for name in ("t.txt", "j.jsonl", "w.warc", "g.jsonl.gz", "z.txt.zst", "wz.warc.wet.gz"):
            self.write(f"in/{name}", b"")
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", check=0)
        self.assertEqual(proc.stderr, b"")
        out = self.tmp / "out"
        self.assertEqual(sorted(p.name for p in out.iterdir()),
                         ["g.jsonl.gz", "j.jsonl", "t.txt", "w.jsonl", "wz.jsonl.gz", "z.txt.zst"])
        self.assertEqual(gzip.decompress((out / "g.jsonl.gz").read_bytes()), b"")
        self.assertEqual((out / "t.txt").read_bytes(), b"")
        unzst = subprocess.run(["zstd", "-dc", str(out / "z.txt.zst")], capture_output=True, check=True)
        self.assertEqual(unzst.stdout, b"")

    def test_decompression_bombs_are_refused(self):
        self.write("in/good.txt", GOOD)
        # 300 MiB of one letter: gzip shrinks it 1000 times, zstd far more. In a WARC
        # record and a JSONL line the reader streams until the ratio check stops it.
        data = b"a" * (300 << 20)
        head = b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: %d\r\n\r\n" % len(data)
        self.write("in/bomb.warc.gz", gzip.compress(head + data + b"\r\n\r\n", 6))
        subprocess.run(["zstd", "-q", "-3", "-o", str(self.tmp / "in/bomb.jsonl.zst")],
                       input=b'{"text": "' + data + b'"}\n', check=True)
        # A text page is refused sooner, at the 64 MiB page limit.
        self.write("in/bomb.txt.gz", gzip.compress(data, 6))
        del data
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", check=1)
        err = proc.stderr.decode()
        for name in ("bomb.warc.gz", "bomb.jsonl.zst"):
            self.assertIn(f"{self.tmp / 'in' / name}: decompressed data is more than 200 times its compressed size",
                          err)
        self.assertIn(f"{self.tmp / 'in/bomb.txt.gz'}: page longer than {64 << 20} bytes, skipped", err)
        self.assertEqual(sorted(p.name for p in (self.tmp / "out").iterdir()), ["good.txt"])

    def test_symlink_loops_do_not_hang(self):
        page = self.write("in/sub/a.txt", GOOD)
        os.symlink("..", self.tmp / "in/sub/up")            # a directory loop
        os.symlink(self.tmp / "in", self.tmp / "in/self")    # another, absolute
        os.symlink("loop2.txt", self.tmp / "in/loop1.txt")   # a file loop
        os.symlink("loop1.txt", self.tmp / "in/loop2.txt")
        os.symlink("nowhere.txt", self.tmp / "in/dangling.txt")
        proc = subprocess.run([BIN, "clean", str(self.tmp / "in"), "-o", str(self.tmp / "out")],
                              capture_output=True, timeout=30)
        # Directory links are not followed and links to nothing are not files: the tree's
        # one page is cleaned once.
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([str(p.relative_to(self.tmp / "out")) for p in (self.tmp / "out").rglob("*")
                          if p.is_file()], ["sub/a.txt"])
        self.assertEqual((self.tmp / "out/sub/a.txt").read_text(), GOOD)
        # Named directly, a looping link is an input that cannot be read.
        proc = run("clean", self.tmp / "in/loop1.txt", page, "-o", self.tmp / "out2", check=1)
        self.assertIn("loop1.txt: Too many levels of symbolic links", proc.stderr.decode())

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

    def test_current_directory_deleted_under_the_run(self):
        good = self.write("in/good.txt", GOOD)
        gone = self.tmp / "gone"
        gone.mkdir()
        home = os.getcwd()
        os.chdir(gone)
        try:
            gone.rmdir()
            run("clean", good, "-o", self.tmp / "out", check=0)
        finally:
            os.chdir(home)
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
