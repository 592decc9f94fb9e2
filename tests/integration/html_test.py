"""HTML inputs through the CLI: names, outputs, explanations, bad pages."""
import pathlib
import socket
import time
import unittest

from harness import SOURCE, TempDirTest, run

PAGE = """<html><head><title>Lemon cake | Bakery</title></head><body>
<nav><a href="/">Home</a> <a href="/cakes">Cakes</a></nav>
<article><h1>Lemon drizzle cake</h1>
<p>This lemon drizzle cake is the one I bake for every birthday in our family, and it has
never failed me <b>once</b> in twenty years.</p>
<div class="share-row"><a href="#">Share on Facebook</a></div></article>
<footer>&copy; 2024 Bakery</footer></body></html>"""
CLEAN = ("Lemon drizzle cake\n\nThis lemon drizzle cake is the one I bake for every birthday in our "
         "family, and it has never failed me once in twenty years.\n")


class HtmlTest(TempDirTest):

    def test_html_files_become_txt_outputs(self):
        self.write("in/a.html", PAGE)
        self.write("in/sub/b.htm", PAGE)
        self.write("in/c.txt", "Just a line of text that stays as it is in the output.\n")
        run("clean", self.tmp / "in", "-o", self.tmp / "out", "-q", check=0)
        self.assertEqual((self.tmp / "out/a.txt").read_text(), CLEAN)
        self.assertEqual((self.tmp / "out/sub/b.txt").read_text(), CLEAN)
        self.assertTrue((self.tmp / "out/c.txt").exists())
        self.assertFalse((self.tmp / "out/a.html").exists())

    def test_stdin_with_format_html(self):
        proc = run("clean", "--format", "html", "-", stdin=PAGE.encode(), check=0)
        self.assertEqual(proc.stdout.decode(), CLEAN)

    def test_explain_names_structural_reasons(self):
        page = self.write("in/a.html", PAGE)
        proc = run("clean", page, "--explain", check=0)
        err = proc.stderr.decode()
        self.assertIn(f"{page}:2  structure/nav  Home", err)
        self.assertIn("structure/class:share  Share on Facebook", err)
        self.assertIn("structure/footer  © 2024 Bakery", err)

    def test_bad_pages(self):
        self.write("in/empty.html", b"")
        self.write("in/image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        self.write("in/broken.html", "<div><p>unclosed <b>tags " * 50 + "</td></tr>")
        self.write("in/good.html", PAGE)
        proc = run("clean", self.tmp / "in", "-o", self.tmp / "out", check=1)
        err = proc.stderr.decode()
        self.assertIn("image.html: binary file (NUL byte at offset 8), skipped", err)
        self.assertEqual((self.tmp / "out/empty.txt").read_text(), "")
        self.assertFalse((self.tmp / "out/image.txt").exists())
        self.assertTrue((self.tmp / "out/broken.txt").exists())
        self.assertEqual((self.tmp / "out/good.txt").read_text(), CLEAN)

    def test_no_external_entities_or_network(self):
        # XXE: entities naming /etc/passwd, a file of ours and a URL of a server we listen
        # on, used in the body; an external DTD on that server too. Nothing may be read or
        # fetched: no line of either file in the output, no connection to the server.
        secret = self.write("secret.txt", "TOP-SECRET-LINE in a file the page names\n")
        passwd = [line for line in pathlib.Path("/etc/passwd").read_text().splitlines() if line]
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen(8)
            server.setblocking(False)
            url = f"http://127.0.0.1:{server.getsockname()[1]}"
            pages = [
                f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}">'
                '<!ENTITY pw SYSTEM "file:///etc/passwd">'
                f'<!ENTITY net SYSTEM "{url}/x">]><html><body><article>'
                '<p>This lemon drizzle cake is the one I bake for every birthday in our family, '
                'and it has never failed me once in twenty years. &leak; &pw; &net;</p></article></body></html>',
                f'<!DOCTYPE html SYSTEM "{url}/html.dtd"><html><body><p>This lemon drizzle cake is the '
                'one I bake for every birthday. &pw;</p></body></html>',
            ]
            for page in pages:
                start = time.time()
                proc = run("clean", "--format", "html", stdin=page.encode(), check=0)
                self.assertLess(time.time() - start, 10)
                out = proc.stdout.decode() + proc.stderr.decode()
                self.assertIn("lemon drizzle cake", out)
                self.assertNotIn("TOP-SECRET", out)
                for line in passwd:
                    self.assertNotIn(line, out)
            with self.assertRaises(BlockingIOError):
                server.accept()

    def test_output_does_not_depend_on_threads(self):
        for i in range(8):
            self.write(f"in/p{i}.html", PAGE.replace("twenty", f"{20 + i}"))
        for sample in (SOURCE / "samples").glob("*.html"):
            self.write(f"in/{sample.name}", sample.read_bytes())
        run("clean", self.tmp / "in", "-o", self.tmp / "o1", "-j", "1", check=0)
        run("clean", self.tmp / "in", "-o", self.tmp / "o2", "-j", "2", check=0)
        for p in sorted((self.tmp / "o1").iterdir()):
            self.assertEqual(p.read_bytes(), (self.tmp / "o2" / p.name).read_bytes(), p.name)


if __name__ == "__main__":
    unittest.main()
