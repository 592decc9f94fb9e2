"""site_lines: counting lines across a site's documents, count files, merging, and
cleaning with the counts, on a generated corpus of many sites."""
import json
import pathlib
import random
import shutil
import tempfile
import unittest

from harness import run

# Letters of several scripts, so that templates and articles are in varied languages.
SCRIPTS = {
    "latin": "abcdefghijklmnoprstuvzäöüéèñçåø",
    "cyrillic": "абвгдежзиклмнопрстуфхцчшщыэюя",
    "greek": "αβγδεζηθικλμνξοπρστυφχψω",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "hangul": "가나다라마바사아자차카타파하거너더러머버서어저",
    "cjk": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计",
}


def words(rng, script, n, length=(2, 8)):
    letters = SCRIPTS[script]
    sep = "" if script == "cjk" else " "
    return sep.join("".join(rng.choice(letters) for _ in range(rng.randint(*length))) for _ in range(n))


def make_corpus(root, sites=60, seed=7):
    """JSONL files of pages from |sites| sites. Each site has its own header, menu and
    footer lines, in its own script, on every page; articles are unique. Returns
    (template lines, article lines) as sets of (site, line)."""
    rng = random.Random(seed)
    template, article = set(), set()
    files = [[] for _ in range(24)]
    for s in range(sites):
        host = f"site{s}.example"
        script = list(SCRIPTS)[s % len(SCRIPTS)]
        head = [words(rng, script, 3).title(), " | ".join(words(rng, script, 1) for _ in range(6))]
        foot = [f"© 2026 {words(rng, script, 2)}", words(rng, script, 7)]
        pages = rng.randint(4, 30)
        for p in range(pages):
            body = []
            for _ in range(rng.randint(3, 12)):
                line = words(rng, script, rng.randint(8, 30)) + "."
                body.append(line)
                article.add((host, line))
            for line in head + foot:
                template.add((host, line))
            # Page numbers vary: the normalised line is still the same template line.
            text = "\n\n".join(head + [f"{words(rng, script, 5)} {p + 1}"] + body + foot + [f"Page {p + 1} of {pages}"])
            article.add((host, f"{text.splitlines()[4]}"))  # the page's title line
            files[rng.randrange(len(files))].append(json.dumps(
                {"id": f"{host}/{p}", "url": f"https://www.{host}/news/{p}?ref=x", "text": text}, ensure_ascii=False))
    root.mkdir(parents=True, exist_ok=True)
    for i, lines in enumerate(files):
        (root / f"part-{i:02d}.jsonl").write_text("\n".join(lines) + "\n" if lines else "")
    return template, article


class SiteLinesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = pathlib.Path(tempfile.mkdtemp())
        cls.template, cls.article = make_corpus(cls.tmp / "in")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_template_lines_go_and_articles_stay(self):
        explain = self.tmp / "explain.txt"
        run("clean", self.tmp / "in", "-o", self.tmp / "out-q", "--site-lines", "--explain-to", explain, check=0)
        removed = set()
        for line in explain.read_text().splitlines():
            where, reason, text = line.split("  ", 2)
            if reason == "site_lines/template":
                host = where.split("[", 1)[1].split("/", 1)[0]
                removed.add((host, text))
        template_removed = len(self.template & removed) / len(self.template)
        article_removed = len(self.article & removed) / len(self.article)
        print(f"site_lines: {len(self.template)} template lines, {template_removed:.2%} removed; "
              f"{len(self.article)} article lines, {article_removed:.3%} removed")
        self.assertGreaterEqual(template_removed, 0.99)
        self.assertLessEqual(article_removed, 0.001)
        self.assertGreaterEqual(len({h for h, _ in self.template}), 50)

    def test_count_merge_clean_chain_equals_one_machine(self):
        shards = 4
        counts = []
        for k in range(shards):
            out = self.tmp / f"c{k}.bsc"
            run("count", self.tmp / "in", "-o", out, "--shard", f"{k}/{shards}", check=0)
            counts.append(out)
        run("merge", *counts, "-o", self.tmp / "all.bsc", check=0)
        run("merge", *reversed(counts), "-o", self.tmp / "rev.bsc", check=0)
        run("count", self.tmp / "in", "-o", self.tmp / "whole.bsc", check=0)
        whole = (self.tmp / "whole.bsc").read_bytes()
        self.assertEqual((self.tmp / "all.bsc").read_bytes(), whole)
        self.assertEqual((self.tmp / "rev.bsc").read_bytes(), whole)
        run("merge", counts[0], counts[1], "-o", self.tmp / "ab.bsc", check=0)
        run("merge", self.tmp / "ab.bsc", counts[2], counts[3], "-o", self.tmp / "abcd.bsc", check=0)
        self.assertEqual((self.tmp / "abcd.bsc").read_bytes(), whole)

        for k in range(shards):
            run("clean", self.tmp / "in", "-o", self.tmp / "chain", "--site-counts", self.tmp / "all.bsc",
                "--shard", f"{k}/{shards}", check=0)
        report = self.tmp / "single.json"
        run("clean", self.tmp / "in", "-o", self.tmp / "single", "--site-lines", "--report", report, check=0)
        chain = {p.name: p.read_bytes() for p in (self.tmp / "chain").iterdir()}
        single = {p.name: p.read_bytes() for p in (self.tmp / "single").iterdir()}
        self.assertEqual(len(single), 24)
        self.assertEqual(chain, single)
        self.assertGreater(json.loads(report.read_text())["removed_by_stage"]["site_lines"], 1000)

    def test_a_site_with_one_document_is_never_judged(self):
        page = "Lonely Site Header\n\n" + " ".join(["word"] * 20) + ".\n"
        lines = [json.dumps({"url": "https://lonely.example/a", "text": page}),
                 json.dumps({"url": "https://other.example/a", "text": page}),
                 json.dumps({"url": "https://other.example/b", "text": page}),
                 json.dumps({"url": "https://other.example/c", "text": page})]
        src = self.tmp / "one.jsonl"
        src.write_text("\n".join(lines) + "\n")
        out = [json.loads(x)["text"] for x in run("clean", src, "--site-lines", check=0).stdout.splitlines()]
        self.assertIn("Lonely Site Header", out[0])
        self.assertNotIn("Lonely Site Header", out[1])  # three documents of other.example

    def test_text_files_take_their_folder_as_site(self):
        d = self.tmp / "txt"
        for site in ("a", "b"):
            for i in range(3):
                (d / site).mkdir(parents=True, exist_ok=True)
                (d / site / f"{i}.txt").write_text(
                    f"Header of {site}\n\nArticle {site} {i}: " + words(random.Random(i + ord(site)), "latin", 20) + ".\n")
        explain = run("clean", d, "-o", self.tmp / "txt-out", "--site-lines", "--explain", check=0).stderr.decode()
        self.assertEqual(explain.count("site_lines/template  Header of"), 6)

    def test_damaged_count_files_are_refused(self):
        run("count", self.tmp / "in/part-01.jsonl", "-o", self.tmp / "p.bsc", check=0)
        good = (self.tmp / "p.bsc").read_bytes()
        for name, data, why in [("short.bsc", good[:10], "too short"),
                                ("cut.bsc", good[:-5], "truncated or damaged"),
                                ("flip.bsc", good[:40] + bytes([good[40] ^ 1]) + good[41:], "checksum mismatch"),
                                ("other.bsc", b"x" * 100, "not a boilerstrip count file")]:
            (self.tmp / name).write_bytes(data)
            proc = run("clean", self.tmp / "in/part-01.jsonl", "--site-counts", self.tmp / name, check=2)
            self.assertIn(f"{self.tmp / name}: {why}", proc.stderr.decode(), name)
            self.assertEqual(proc.stdout, b"")
            proc = run("merge", self.tmp / name, self.tmp / "p.bsc", "-o", self.tmp / "m.bsc", check=1)
            self.assertIn(why, proc.stderr.decode())
            self.assertFalse((self.tmp / "m.bsc").exists())


if __name__ == "__main__":
    unittest.main()
