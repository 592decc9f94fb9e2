"""Invariants over every sample and dev-case page: cleaning is idempotent, invents no
text, and does not depend on the thread count or the run."""
import pathlib
import tempfile
import unittest

from harness import page_inputs, run


def pieces(text):
    return [l for l in text.split("\n") if l]


class InvariantsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = pathlib.Path(cls.tmp.name)
        cls.pages = page_inputs(root / "in")
        run("clean", root / "in", "-o", root / "j1", "-j", "1", check=0)
        run("clean", root / "in", "-o", root / "j2", "-j", "2", check=0)
        run("clean", root / "in", "-o", root / "j2again", "-j", "2", check=0)
        run("clean", root / "j1", "-o", root / "twice", check=0)
        cls.root = root

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def out(self, run_name, page):
        return (self.root / run_name / page.name).read_text(encoding="utf-8")

    def test_enough_pages(self):
        self.assertGreaterEqual(len(self.pages), 2)

    def test_idempotent(self):
        for page in self.pages:
            with self.subTest(page=page.name):
                self.assertEqual(self.out("twice", page), self.out("j1", page))

    def test_thread_count_and_run_do_not_matter(self):
        for page in self.pages:
            with self.subTest(page=page.name):
                self.assertEqual(self.out("j2", page), self.out("j1", page))
                self.assertEqual(self.out("j2again", page), self.out("j1", page))

    def test_no_invented_text(self):
        for page in self.pages:
            source = [l.rstrip() for l in page.read_text(encoding="utf-8").splitlines()]
            source_set = set(source)
            with self.subTest(page=page.name):
                for line in pieces(self.out("j1", page)):
                    if line in source_set:
                        continue
                    # A rejoined paragraph: input lines joined by one space or none.
                    rest = line
                    while rest:
                        head = next((s for s in source if s and rest.startswith(s)), None)
                        self.assertIsNotNone(head, f"invented: {line[:100]!r}")
                        rest = rest[len(head):]
                        rest = rest[1:] if rest.startswith(" ") else rest


if __name__ == "__main__":
    unittest.main(verbosity=2)
