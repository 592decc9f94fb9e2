"""Corpora: JSONL and WARC/WET, compression, ordering across threads, shards, resume,
malformed records, --on-error and signals."""
import gzip
import hashlib
import json
import os
import pty
import pathlib
import shutil
import signal
import subprocess
import time
import unittest
import zlib

from harness import BIN, SANITIZED, SOURCE, TIME_FACTOR, TempDirTest, run, wait_with_rss

PAGE = (
    "Home > Recipes > Cakes\n\n"
    "Lemon drizzle cake\n\n"
    "This lemon drizzle cake is the one I bake for every birthday in our family, and it has never failed me once in twenty years.\n\n"
    "Similar articles\nChocolate cake in ten minutes\nVictoria sponge for beginners\n\n"
    "© 2024 Cake Corner. All rights reserved.\n"
)
KEPT = (
    "Lemon drizzle cake\n\n"
    "This lemon drizzle cake is the one I bake for every birthday in our family, and it has never failed me once in twenty years.\n"
)


def sample_pages():
    """The sample pages with their golden outputs: (name, page, expected)."""
    out = []
    for p in sorted((SOURCE / "samples").glob("*.txt")):
        if p.name.endswith(".expected.txt"):
            continue
        out.append((p.stem, p.read_text(), p.with_name(p.stem + ".expected.txt").read_text()))
    return out


def warc_record(headers, block):
    body = block.encode() if isinstance(block, str) else block
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(body)}\r\n\r\n"
    return head.encode() + body + b"\r\n\r\n"


def wet_file(pages):
    """A WET file as Common Crawl writes it: warcinfo, then one conversion record per
    page, each record its own gzip member. Returns the gzip bytes."""
    records = [warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", "2026-11-01T00:00:00Z"),
                            ("WARC-Record-ID", "<urn:uuid:info>"), ("Content-Type", "application/warc-fields")],
                           "software: test\r\n")]
    for i, page in enumerate(pages):
        block = page.encode()
        digest = hashlib.sha1(block).hexdigest()
        records.append(warc_record([
            ("WARC-Type", "conversion"),
            ("WARC-Target-URI", f"https://site{i % 3}.example/page/{i}"),
            ("WARC-Date", "2026-11-01T00:00:%02dZ" % (i % 60)),
            ("WARC-Record-ID", f"<urn:uuid:{i:08d}>"),
            ("WARC-Refers-To", f"<urn:uuid:r{i:08d}>"),
            ("WARC-Block-Digest", f"sha1:{digest}"),
            ("Content-Type", "text/plain")], block))
    return b"".join(gzip.compress(r) for r in records)


def gzip_members(data):
    """Decompresses |data| member by member; returns the members' contents."""
    members = []
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        members.append(d.decompress(data))
        data = d.unused_data
    return members


def parse_warc(data):
    """(headers dict, block) per record, checking Content-Length and the record ends."""
    records = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        assert lines[0].startswith("WARC/1."), lines[0]
        headers = dict(line.split(": ", 1) for line in lines[1:])
        n = int(headers["Content-Length"])
        block, end, data = rest[:n], rest[n:n + 4], rest[n + 4:]
        assert end == b"\r\n\r\n", (headers, end)
        records.append((headers, block))
    return records


class CorpusTest(TempDirTest):

    def jsonl(self, n=20):
        lines = []
        for i, (name, page, _) in enumerate(sample_pages() * n):
            lines.append(json.dumps({"id": f"{name}-{i}", "url": f"https://x.example/{i}", "text": page,
                                     "meta": {"n": i, "tags": ["a", "b"]}}, ensure_ascii=i % 2 == 0))
        return "\n".join(lines) + "\n"

    # ---- JSONL ---------------------------------------------------------------------

    def test_jsonl_replaces_text_and_passes_every_other_byte(self):
        line = '{"url":"https://a.example/x" , "text": %s,"n": 1.50e3, "text2": "x", "id": 7}' % json.dumps(PAGE)
        proc = run("clean", "--format", "jsonl", stdin=(line + "\n").encode(), check=0)
        expected = line.replace(json.dumps(PAGE), json.dumps(KEPT, ensure_ascii=False)) + "\n"
        self.assertEqual(proc.stdout.decode(), expected)

    def test_jsonl_pages_clean_like_text_pages(self):
        src = self.write("in/data.jsonl", self.jsonl(1))
        out = run("clean", src, check=0).stdout.decode().splitlines()
        for line, (name, _, expected) in zip(out, sample_pages()):
            record = json.loads(line)
            self.assertEqual(record["text"], expected, name)
            self.assertEqual(list(record), ["id", "url", "text", "meta"])

    def test_jsonl_field_options(self):
        line = json.dumps({"doc": "d1", "content": PAGE, "text": "left alone"})
        proc = run("clean", "--format", "jsonl", "--text-field", "content", "--id-field", "doc", "--explain",
                   stdin=(line + "\n").encode(), check=0)
        record = json.loads(proc.stdout)
        self.assertEqual(record, {"doc": "d1", "content": KEPT, "text": "left alone"})
        self.assertIn("-[d1]:1  navigation/breadcrumb  Home > Recipes > Cakes", proc.stderr.decode())

    def test_malformed_jsonl_lines_are_reported_and_skipped(self):
        good = json.dumps({"id": "g", "text": PAGE})
        lines = [good, '{"id": "a", "text": "unterminated', "", json.dumps({"id": "b", "text": 5}),
                 json.dumps({"id": "c"}), "[1, 2]", good]
        src = self.write("in/bad.jsonl", "\n".join(lines) + "\n")
        report = self.tmp / "report.json"
        proc = run("clean", src, "-o", self.tmp / "out", "--report", report, check=1)
        err = proc.stderr.decode()
        for where, why in [(2, "not JSON"), (4, 'field "text" is not a string'), (5, 'no field "text"'),
                           (6, "not a JSON object")]:
            self.assertIn(f"{src}: line {where}: {why}", err)
        out = (self.tmp / "out/bad.jsonl").read_text().splitlines()
        self.assertEqual([json.loads(x)["text"] for x in out], [KEPT, KEPT])
        data = json.loads(report.read_text())
        self.assertEqual(data["documents"], 2)
        self.assertEqual(data["documents_failed"], 4)
        self.assertEqual([e["input"] for e in data["errors"]],
                         [f"{src}: line {n}" for n in (2, 4, 5, 6)])

    def test_on_error_fail_stops_without_partial_output(self):
        self.write("in/a.jsonl", json.dumps({"text": PAGE}) + "\n")
        self.write("in/b.jsonl", json.dumps({"text": PAGE}) + "\n{oops\n" + json.dumps({"text": PAGE}) + "\n")
        self.write("in/c.jsonl", json.dumps({"text": PAGE}) + "\n")
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", "--on-error", "fail", "-j", "1", check=1)
        self.assertIn("b.jsonl: line 2: not JSON", proc.stderr.decode())
        self.assertEqual(sorted(p.name for p in (self.tmp / "out").iterdir()), ["a.jsonl"])

    def test_oversized_record_is_skipped_and_the_rest_read(self):
        big = json.dumps({"id": "big", "text": "x" * (65 << 20)})
        src = self.write("in/big.jsonl", big + "\n" + json.dumps({"text": PAGE}) + "\n")
        proc = run("clean", src, check=1)
        self.assertIn(f"{src}: line 1: line longer than", proc.stderr.decode())
        self.assertEqual(json.loads(proc.stdout)["text"], KEPT)

    # ---- compression ---------------------------------------------------------------

    def test_gz_and_zst_in_and_out(self):
        data = self.jsonl(3)
        plain = run("clean", "--format", "jsonl", stdin=data.encode(), check=0).stdout
        self.write("in/a.jsonl.gz", gzip.compress(data.encode()))
        subprocess.run(["zstd", "-q", "-o", str(self.tmp / "in/b.jsonl.zst")], input=data.encode(), check=True)
        run("clean", self.tmp / "in", "-o", self.tmp / "out", check=0)
        self.assertEqual(gzip.decompress((self.tmp / "out/a.jsonl.gz").read_bytes()), plain)
        unzst = subprocess.run(["zstd", "-dc", str(self.tmp / "out/b.jsonl.zst")], capture_output=True, check=True)
        self.assertEqual(unzst.stdout, plain)
        # Streams: --format and --output-format say the compression.
        proc = run("clean", "--format", "jsonl.gz", "--output-format", "jsonl.zst",
                   stdin=gzip.compress(data.encode()), check=0)
        self.assertEqual(subprocess.run(["zstd", "-dc"], input=proc.stdout, capture_output=True).stdout, plain)

    def test_truncated_gz_fails_that_input_only(self):
        whole = gzip.compress(self.jsonl(3).encode())
        self.write("in/a.jsonl.gz", whole[: len(whole) // 2])
        self.write("in/b.jsonl", json.dumps({"text": PAGE}) + "\n")
        zst = subprocess.run(["zstd", "-q", "-c"], input=PAGE.encode() * 50, capture_output=True, check=True).stdout
        self.write("in/c.txt.zst", zst[: len(zst) // 2])
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", check=1)
        self.assertIn("a.jsonl.gz: truncated gzip", proc.stderr.decode())
        self.assertIn("c.txt.zst: truncated zstd data", proc.stderr.decode())
        self.assertEqual(sorted(p.name for p in (self.tmp / "out").rglob("*") if p.is_file()), ["b.jsonl"])

    # ---- WARC / WET ----------------------------------------------------------------

    def test_wet_to_jsonl(self):
        pages = [p for _, p, _ in sample_pages()]
        src = self.write("in/part.warc.wet.gz", wet_file(pages))
        report = self.tmp / "r.json"
        run("clean", self.tmp / "in", "-o", self.tmp / "out", "--report", report, check=0)
        records = [json.loads(x) for x in gzip.decompress((self.tmp / "out/part.jsonl.gz").read_bytes()).splitlines()]
        self.assertEqual([list(r) for r in records], [["id", "url", "date", "text"]] * len(pages))
        self.assertEqual([r["text"] for r in records], [e for _, _, e in sample_pages()])
        self.assertEqual(records[1]["id"], "<urn:uuid:00000001>")
        self.assertEqual(records[1]["url"], "https://site1.example/page/1")
        self.assertEqual(records[1]["date"], "2026-11-01T00:00:01Z")
        self.assertEqual(json.loads(report.read_text())["records_skipped"], {"warcinfo": 1})

    def test_wet_to_wet_keeps_headers_and_one_member_per_record(self):
        pages = [p for _, p, _ in sample_pages()]
        self.write("in/part.warc.wet.gz", wet_file(pages))
        run("clean", self.tmp / "in", "-o", self.tmp / "out", "--output-format", "wet", check=0)
        data = (self.tmp / "out/part.warc.wet.gz").read_bytes()
        members = gzip_members(data)
        self.assertEqual(len(members), len(pages) + 1)
        records = parse_warc(b"".join(members))
        self.assertEqual(records[0][0]["WARC-Type"], "warcinfo")
        self.assertEqual([b.decode() for _, b in records[1:]], [e for _, _, e in sample_pages()])
        self.assertEqual(records[2][0]["WARC-Target-URI"], "https://site1.example/page/1")
        self.assertEqual(records[2][0]["WARC-Refers-To"], "<urn:uuid:r00000001>")
        self.assertNotIn("WARC-Block-Digest", records[2][0])  # it was the digest of the page before cleaning

    def test_malformed_warc_record_is_skipped(self):
        good = warc_record([("WARC-Type", "conversion"), ("WARC-Record-ID", "<urn:uuid:g>")], PAGE)
        bad = warc_record([("WARC-Type", "conversion"), ("WARC-Record-ID", "<urn:uuid:b>")], PAGE)
        bad = bad.replace(b"Content-Length: %d" % len(PAGE.encode()), b"Content-Length: 9")
        src = self.write("in/x.warc", good + bad + good)
        proc = run("clean", src, check=1)
        self.assertIn(f"{src}: offset {len(good)}", proc.stderr.decode())
        self.assertEqual([json.loads(x)["text"] for x in proc.stdout.splitlines()], [KEPT, KEPT])

    # ---- HTML in JSONL and WARC ----------------------------------------------------

    def html_sample(self):
        page = sorted((SOURCE / "samples").glob("*.html"))[0]
        return page, page.with_name(page.stem + ".expected.txt").read_text()

    def test_jsonl_html_field(self):
        page, expected = self.html_sample()
        line = json.dumps({"id": "h1", "text": page.read_text()})
        proc = run("clean", "--format", "jsonl", "--html", stdin=(line + "\n").encode(), check=0)
        self.assertEqual(json.loads(proc.stdout)["text"], expected)

    def test_warc_response_records_are_html_pages(self):
        page, expected = self.html_sample()
        body = page.read_bytes()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
        image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG..."
        records = [
            warc_record([("WARC-Type", "request"), ("WARC-Record-ID", "<urn:uuid:q>")], "GET / HTTP/1.1\r\n\r\n"),
            warc_record([("WARC-Type", "response"), ("WARC-Record-ID", "<urn:uuid:r1>"),
                         ("WARC-Target-URI", "https://news.example/a"), ("WARC-Date", "2026-11-01T00:00:00Z"),
                         ("Content-Type", "application/http; msgtype=response")], http),
            warc_record([("WARC-Type", "response"), ("WARC-Record-ID", "<urn:uuid:r2>"),
                         ("WARC-Target-URI", "https://news.example/logo.png")], image),
        ]
        self.write("in/crawl.warc.gz", b"".join(gzip.compress(r) for r in records))
        report = self.tmp / "r.json"
        run("clean", self.tmp / "in", "-o", self.tmp / "out", "--report", report, check=0)
        out = [json.loads(x) for x in gzip.decompress((self.tmp / "out/crawl.jsonl.gz").read_bytes()).splitlines()]
        self.assertEqual(out, [{"id": "<urn:uuid:r1>", "url": "https://news.example/a",
                                "date": "2026-11-01T00:00:00Z", "text": expected}])
        self.assertEqual(json.loads(report.read_text())["records_skipped"], {"request": 1, "response (not HTML)": 1})
        run("clean", self.tmp / "in", "-o", self.tmp / "wet", "--output-format", "wet", check=0)
        wet = parse_warc(b"".join(gzip_members((self.tmp / "wet/crawl.warc.gz").read_bytes())))
        self.assertEqual(len(wet), 1)
        headers, block = wet[0]
        self.assertEqual(headers["WARC-Type"], "conversion")
        self.assertEqual(headers["WARC-Refers-To"], "<urn:uuid:r1>")
        self.assertRegex(headers["WARC-Record-ID"], r"^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}>$")
        self.assertEqual(block.decode(), expected)

    def test_warc_content_length_too_long_or_not_a_number(self):
        def conv(n):
            return warc_record([("WARC-Type", "conversion"), ("WARC-Record-ID", f"<urn:uuid:{n}>")], PAGE)
        length = b"Content-Length: %d" % len(PAGE.encode())
        too_long = conv("long").replace(length, b"Content-Length: %d" % (len(PAGE.encode()) + 40))
        not_number = conv("nan").replace(length, b"Content-Length: 12abc")
        beyond_end = conv("end").replace(length, b"Content-Length: 99999")
        data = conv("a") + too_long + conv("b") + not_number + conv("c") + beyond_end
        src = self.write("in/y.warc", data)
        proc = run("clean", src, check=1)
        err = proc.stderr.decode()
        off = len(conv("a"))
        # A length that swallows the next record's start: the bad one is skipped, and
        # the reader finds the next record inside the swallowed bytes.
        self.assertIn(f"{src}: offset {off}: Content-Length {len(PAGE.encode()) + 40} does not end at a "
                      "record boundary", err)
        self.assertIn("bad Content-Length '12abc'", err)
        self.assertIn("truncated record (Content-Length 99999", err)
        self.assertEqual([json.loads(x)["id"] for x in proc.stdout.splitlines()],
                         ["<urn:uuid:a>", "<urn:uuid:b>", "<urn:uuid:c>"])

    def test_jsonl_text_field_of_every_other_type(self):
        lines = [json.dumps({"id": i, "text": v}) for i, v in enumerate([None, True, 3.5, [PAGE], {"t": PAGE}])]
        src = self.write("in/types.jsonl", "\n".join(lines + [json.dumps({"id": "ok", "text": PAGE})]) + "\n")
        proc = run("clean", src, check=1)
        err = proc.stderr.decode()
        for n in range(1, 6):
            self.assertIn(f"{src}: line {n}: field \"text\" is not a string", err)
        self.assertEqual([json.loads(x)["text"] for x in proc.stdout.splitlines()], [KEPT])

    def test_jsonl_record_of_50_mb_is_cleaned(self):
        paragraphs = "".join(f"Paragraph {i}: this lemon drizzle cake is the one I bake for every birthday "
                             f"in our family, number {i} of many.\n\n" for i in range(500_000))
        self.assertGreater(len(paragraphs), 50 << 20)
        self.assertLess(len(paragraphs), 64 << 20)
        src = self.write("in/big.jsonl", json.dumps({"id": "big", "text": paragraphs}) + "\n" +
                         json.dumps({"id": "small", "text": PAGE}) + "\n")
        proc = run("clean", src, check=0)
        out = [json.loads(x) for x in proc.stdout.splitlines()]
        self.assertEqual([r["id"] for r in out], ["big", "small"])
        self.assertEqual(out[0]["text"], paragraphs.rstrip("\n") + "\n")
        self.assertEqual(out[1]["text"], KEPT)

    # ---- driver --------------------------------------------------------------------

    def test_output_does_not_depend_on_threads(self):
        src = self.write("in/big.jsonl", self.jsonl(120))  # several chunks
        for i, (name, page, _) in enumerate(sample_pages() * 30):
            self.write(f"in/pages/{i:03d}-{name}.txt", page)
        outs = []
        for j in (1, 2, 3):
            out = self.tmp / f"out{j}"
            run("clean", self.tmp / "in", "-o", out, "-j", j, check=0)
            outs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
            self.assertEqual(run("clean", src, "-j", j, check=0).stdout, outs[0][pathlib.Path("big.jsonl")])
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(outs[0], outs[2])

    def test_pages_read_at_once_or_one_by_one_clean_the_same(self):
        # Pages of a folder are read in batches through io_uring where the system has it;
        # BOILERSTRIP_IO_URING=0 reads them one by one. Odd pages (empty, over the batch
        # size, binary, in several folders) take the same way out of both.
        pages = sample_pages()
        for i in range(150):
            name, page, _ = pages[i % len(pages)]
            self.write(f"in/{'a' if i % 3 else 'b/c'}/{i:03d}-{name}.txt", page)
        self.write("in/a/empty.txt", "")
        self.write("in/a/big.txt", PAGE * 8000)  # about 2 MB
        (self.tmp / "in/a/binary.txt").write_bytes(b"text\0more")
        runs = []
        for switch in ("1", "0"):
            env = dict(os.environ, BOILERSTRIP_IO_URING=switch)
            proc = subprocess.run([BIN, "clean", self.tmp / "in", "-j", "2"], capture_output=True, env=env, timeout=300)
            runs.append((proc.returncode, proc.stdout, proc.stderr))
        self.assertEqual(runs[0], runs[1])
        code, out, err = runs[0]
        self.assertEqual(code, 1, err)
        self.assertIn(b"binary.txt: binary file (NUL byte at offset 4), skipped", err)
        self.assertEqual(out.count(KEPT.encode()), 1)  # the big page, cleaned once
        self.assertEqual(out.count(pages[0][2].encode()), len(range(0, 150, len(pages))))

    def test_a_big_folder_lists_the_same_pages_in_the_same_order_on_any_threads(self):
        # Links are asked where they lead, and with a progress bar every file its size,
        # a big folder's by several threads (-j); the pages still come in the order of
        # their paths, links to files included and links to nothing, FIFOs and folders
        # between the files taken as before.
        def page(name):
            return f"The page called {name} is one long sentence of prose that a reader came for, so it stays.\n"
        names = [f"p{i:03d}.txt" for i in range(300)] + ["p150-a.txt", "p150.txt.txt", "q.txt"]
        for name in names:
            self.write(f"in/{name}", page(name))
        self.write("in/p150/inner.txt", page("p150/inner.txt"))
        os.symlink("p000.txt", self.tmp / "in/p200-link.txt")
        os.symlink("nowhere.txt", self.tmp / "in/p201-dangling.txt")
        os.mkfifo(self.tmp / "in/p202-fifo.txt")
        expected = sorted(names + ["p200-link.txt"]) + ["p150/inner.txt"]
        expected.sort(key=lambda n: n.split("/"))
        texts = ["".join(page(n if n != "p200-link.txt" else "p000.txt") for n in expected).encode()]
        for j in (1, 2, 4):
            proc = run("clean", self.tmp / "in", "-j", j, check=0)
            self.assertEqual(proc.stdout, texts[0], f"-j {j}")
            with open(self.tmp / "shown.out", "wb+") as out:
                code, shown = self.stderr_on_terminal("clean", self.tmp / "in", "-j", j, stdout=out)
                out.seek(0)
                self.assertEqual(out.read(), texts[0], f"-j {j}, progress shown")
            self.assertEqual(code, 0)
            self.assertRegex(shown, r"\r%d documents .* 100%%" % len(expected))

    def test_a_folder_of_large_pages_is_cleaned_in_parts_in_bounded_memory(self):
        # Without a progress bar the walk does not ask pages their sizes, so a batch may
        # be 64 large pages: it is cleaned and written in parts of about a megabyte, not
        # held whole until its turn (here that would be 128 MB of output).
        paragraphs = 2_000 if SANITIZED else 16_000  # pages of 256 KB or 2 MB: cut either way

        def page(k):
            return "".join(f"Page {k}, paragraph {i}: this lemon drizzle cake is the one I bake for every "
                           f"birthday in our family, number {i} of many.\n\n" for i in range(paragraphs))
        for k in range(64):
            self.write(f"in/big/p{k:02d}.txt", page(k))
        self.write("in/small/p.txt", PAGE)
        rss = {}
        for name, src, j in (("small", "in/small", 1), ("big1", "in/big", 1), ("big2", "in/big", 2)):
            with open(self.tmp / f"{name}.out", "wb") as out, open(self.tmp / f"{name}.err", "wb+") as err:
                proc = subprocess.Popen([BIN, "clean", self.tmp / src, "-j", str(j)], stdout=out, stderr=err)
                code, rss[name] = wait_with_rss(proc)
                err.seek(0)
                self.assertEqual(code, 0, err.read())
        if not SANITIZED:  # the release build's `make test` checks the bound
            self.assertLess(rss["big1"] - rss["small"], 48, rss)
        big = (self.tmp / "big1.out").read_bytes()
        self.assertEqual(big, (self.tmp / "big2.out").read_bytes())
        ends = [big.find(f"Page {k}, paragraph {paragraphs - 1}: ".encode()) for k in range(64)]
        self.assertEqual(ends, sorted(ends))
        self.assertNotIn(-1, ends)
        self.assertEqual(big.count(b" of many.\n"), 64 * paragraphs)

    @staticmethod
    def stderr_on_terminal(*args, stdout=subprocess.DEVNULL):
        """Runs boilerstrip with stderr on a pseudo-terminal; returns (exit code, what it showed)."""
        primary, secondary = pty.openpty()
        proc = subprocess.run([BIN, *map(str, args)], stdout=stdout, stderr=secondary)
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            shown += chunk
        os.close(primary)
        return proc.returncode, shown.decode()

    def test_progress_only_on_a_terminal(self):
        src = self.write("in/a.jsonl", self.jsonl(40))
        piped = subprocess.run([BIN, "clean", str(src)], capture_output=True)
        self.assertEqual(piped.stderr, b"")
        code, shown = self.stderr_on_terminal("clean", src)
        self.assertEqual(code, 0)
        self.assertRegex(shown, r"\r%d documents .* docs/s .* MB/s  100%%" % (40 * len(sample_pages())))
        self.assertEqual(self.stderr_on_terminal("clean", "-q", src), (0, ""))
        # A folder's pages are asked their sizes only for a progress bar, which has them.
        for i in range(5):
            self.write(f"pages/{i}.txt", PAGE)
        code, shown = self.stderr_on_terminal("clean", self.tmp / "pages")
        self.assertEqual(code, 0)
        self.assertRegex(shown, r"\r5 documents .* MB/s  100%")

    def test_shards_split_the_inputs(self):
        for i in range(10):
            self.write(f"in/{i}.txt", PAGE)
        seen = []
        for k in range(3):
            out = self.tmp / f"out{k}"
            run("clean", self.tmp / "in", "-o", out, "--shard", f"{k}/3", check=0)
            seen.append(sorted(p.name for p in out.iterdir()) if out.exists() else [])
        flat = sum(seen, [])
        self.assertEqual(sorted(flat), sorted(f"{i}.txt" for i in range(10)))
        self.assertTrue(all(3 <= len(s) <= 4 for s in seen), seen)
        for bad in ("3/3", "1", "a/2", "-1/2", "1/0"):
            proc = run("clean", self.tmp / "in", "-o", self.tmp / "x", "--shard", bad, check=2)
            self.assertIn("--shard", proc.stderr.decode())

    def test_resume_after_kill_9_gives_the_same_output(self):
        for i in range(40):
            self.write(f"in/{i:02d}.jsonl", self.jsonl(8))
        ref = self.tmp / "ref"
        run("clean", self.tmp / "in", "-o", ref, "-j", "1", check=0)
        out = self.tmp / "out"
        proc = subprocess.Popen([BIN, "clean", str(self.tmp / "in"), "-o", str(out), "-j", "1", "-q"])
        deadline = time.time() + 60
        while time.time() < deadline and len(list(out.glob("*.jsonl"))) < 3:
            time.sleep(0.01)
        proc.kill()
        proc.wait()
        done = len(list(out.glob("*.jsonl")))
        self.assertTrue(3 <= done < 40, done)
        report = self.tmp / "r.json"
        run("clean", self.tmp / "in", "-o", out, "--resume", "--report", report, check=0)
        self.assertEqual(json.loads(report.read_text())["inputs_resumed"], done)
        self.assertEqual(sorted(p.name for p in out.iterdir()), sorted(p.name for p in ref.iterdir()))
        for p in ref.iterdir():
            self.assertEqual((out / p.name).read_bytes(), p.read_bytes(), p.name)

    def test_sigterm_stops_quickly_without_partial_files(self):
        for i in range(200):
            self.write(f"in/{i:03d}.jsonl", self.jsonl(8))
        ref = self.tmp / "ref"
        out = self.tmp / "out"
        for sig, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
            shutil.rmtree(out, ignore_errors=True)
            proc = subprocess.Popen([BIN, "clean", str(self.tmp / "in"), "-o", str(out), "-j", "2", "-q"])
            deadline = time.time() + 60
            while time.time() < deadline and len(list(out.glob("*.jsonl"))) < 2:
                time.sleep(0.01)
            sent = time.time()
            proc.send_signal(sig)
            self.assertEqual(proc.wait(timeout=10), code)
            self.assertLess(time.time() - sent, 1.0 * TIME_FACTOR)
            names = sorted(p.name for p in out.iterdir())
            self.assertTrue(names and all(n.endswith(".jsonl") for n in names), names)
            self.assertLess(len(names), 200)
            if not ref.exists():
                run("clean", self.tmp / "in", "-o", ref, check=0)
            for n in names:
                self.assertEqual((out / n).read_bytes(), (ref / n).read_bytes(), n)


if __name__ == "__main__":
    unittest.main()
