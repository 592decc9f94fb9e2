"""The command-line contract: outputs, explanations, reports, errors and exit codes."""
import json
import unittest

from harness import SOURCE, TempDirTest, run

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


class CliTest(TempDirTest):

    def test_stdin_to_stdout(self):
        proc = run("clean", stdin=PAGE.encode(), check=0)
        self.assertEqual(proc.stdout.decode(), KEPT)
        self.assertEqual(run("clean", "-", stdin=PAGE.encode(), check=0).stdout.decode(), KEPT)

    def test_directory_keeps_relative_paths(self):
        self.write("in/a.txt", PAGE)
        self.write("in/sub/deeper/b.txt", PAGE)
        self.write("in/notes.md", "not a page")
        run("clean", self.tmp / "in", "-o", self.tmp / "out", check=0)
        self.assertEqual((self.tmp / "out/a.txt").read_text(), KEPT)
        self.assertEqual((self.tmp / "out/sub/deeper/b.txt").read_text(), KEPT)
        self.assertFalse((self.tmp / "out/notes.md").exists())
        self.assertEqual(sorted(p.name for p in (self.tmp / "out").rglob("*") if p.is_file()), ["a.txt", "b.txt"])

    def test_exclude_is_repeatable_and_takes_one_glob(self):
        self.write("in/a.txt", PAGE)
        self.write("in/b.expected.txt", PAGE)
        self.write("in/c.draft.txt", PAGE)
        run("clean", "--exclude", "*.expected.txt", "--exclude", "*.draft.txt", self.tmp / "in",
            "-o", self.tmp / "out", check=0)
        self.assertEqual(sorted(p.name for p in (self.tmp / "out").iterdir()), ["a.txt"])

    def test_explain_names_file_line_stage_rule(self):
        page = self.write("p.txt", PAGE)
        proc = run("clean", page, "--explain", check=0)
        lines = proc.stderr.decode().splitlines()
        self.assertIn(f"{page}:1  navigation/breadcrumb  Home > Recipes > Cakes", lines)
        self.assertIn(f"{page}:7  phrase_rules/en.related_header  Similar articles", lines)
        self.assertIn(f"{page}:8  phrase_rules/en.related_header  Chocolate cake in ten minutes", lines)
        self.assertTrue(any(l.startswith(f"{page}:11  footers/") for l in lines), lines)
        self.assertEqual(proc.stdout.decode(), KEPT)

    def test_explain_to_file_and_report(self):
        page = self.write("p.txt", PAGE)
        run("clean", page, "-o", self.tmp / "out", "--explain-to", self.tmp / "why.txt",
            "--report", self.tmp / "report.json", check=0)
        self.assertIn("Similar articles", (self.tmp / "why.txt").read_text())
        report = json.loads((self.tmp / "report.json").read_text())
        self.assertEqual(report["documents"], 1)
        self.assertEqual(report["documents_failed"], 0)
        self.assertEqual(report["bytes_in"], len(PAGE.encode()))
        self.assertEqual(report["bytes_out"], len(KEPT.encode()))
        self.assertEqual(report["lines_removed"], 5)
        self.assertEqual(report["removed_by_stage"]["phrase_rules"], 3)
        self.assertEqual(report["removed_by_rule"]["phrase_rules/en.related_header"], 3)
        self.assertEqual(report["languages"], {"en": 1})
        self.assertEqual(report["errors"], [])

    def test_report_counts_documents_by_language(self):
        pages = ["Die Kinder sind mit dem Hund in den Wald gegangen, und es war sehr kalt.\n",
                 "The children went into the woods with the dog, and it was cold.\n",
                 "12345 67890\n"]
        src = self.write("in.jsonl", "".join(json.dumps({"id": i, "text": p}) + "\n" for i, p in enumerate(pages)))
        run("clean", src, "-o", self.tmp / "out", "--report", self.tmp / "report.json", check=0)
        report = json.loads((self.tmp / "report.json").read_text())
        self.assertEqual(report["languages"], {"de": 1, "en": 1, "und": 1})

    def test_refuses_to_overwrite_inputs(self):
        page = self.write("in/p.txt", PAGE)
        proc = run("clean", page, "-o", self.tmp / "in", check=2)
        self.assertIn("refusing to write over input", proc.stderr.decode())
        self.assertEqual(page.read_text(), PAGE)

    def test_stages_and_version(self):
        out = run("stages", check=0).stdout.decode()
        for stage in ("normalize", "phrase_rules", "footers", "captions", "repeated_lines",
                      "navigation", "classifier", "rejoin"):
            self.assertRegex(out, rf"(?m)^{stage}\s+\S")
        self.assertRegex(run("--version", check=0).stdout.decode(), r"^boilerstrip \d+\.\d+")
        self.assertIn("clean", run("--help", check=0).stdout.decode())

    def test_usage_errors_exit_2(self):
        self.assertEqual(run("clean", "--no-such-flag").returncode, 2)
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("clean", "-j", "0").returncode, 2)

    def test_stdin_among_other_inputs_is_a_usage_error(self):
        page = self.write("a.txt", PAGE)
        for cmd in (["clean"], ["count", "--output", self.tmp / "counts"]):
            proc = run(*cmd, page, "-", stdin=PAGE.encode(), check=2)
            self.assertEqual(proc.stderr.decode().strip(),
                             "boilerstrip: error: '-' (standard input) must be the only input; "
                             "save the stream to a file to clean it with others")
            self.assertEqual(proc.stdout, b"")

    def test_builtin_rules_check(self):
        proc = run("rules", "check", check=0)
        self.assertRegex(proc.stdout.decode(), r"\d+ packs, \d+ rules, \d+ examples: 0 failed")

    def test_config_errors_name_file_and_line(self):
        cfg = self.write("p.toml", '[[stage]]\nname = "normalize"\n\n[[stage]]\nname = "nope"\n')
        proc = run("clean", "--config", cfg, stdin=b"x\n", check=2)
        self.assertIn(f"{cfg}:4: unknown stage 'nope'", proc.stderr.decode())
        self.assertEqual(proc.stdout, b"")
        cfg = self.write("q.toml", '[[stage]]\nname = "captions"\npair_max_wrds = 3\n')
        proc = run("clean", "--config", cfg, stdin=b"x\n", check=2)
        self.assertIn(f"{cfg}:3: unknown option 'pair_max_wrds'", proc.stderr.decode())

    def test_a_config_error_is_the_only_error_of_a_run_over_folders(self):
        # The folders are walked while the pipeline is built; a pipeline that cannot be
        # built ends the run before any input is reported or written.
        cfg = self.write("p.toml", '[[stage]]\nname = "nope"\n')
        for i in range(500):
            self.write(f"in/{i % 7}/{i}.txt", PAGE)
        proc = run("clean", self.tmp / "in", self.tmp / "missing", "-o", self.tmp / "out", "--config", cfg, check=2)
        self.assertEqual(proc.stderr.decode().strip(),
                         f"boilerstrip: error: {cfg}:1: unknown stage 'nope' (see `boilerstrip stages`)")
        self.assertFalse((self.tmp / "out").exists())

    def test_custom_config_changes_pipeline(self):
        cfg = self.write("p.toml", '[[stage]]\nname = "normalize"\n\n[[stage]]\nname = "footers"\n')
        out = run("clean", "--config", cfg, stdin=PAGE.encode(), check=0).stdout.decode()
        self.assertIn("Similar articles", out)
        self.assertNotIn("All rights reserved", out)

    def test_extra_rules_extend_defaults(self):
        self.write("rules/xx.toml", (
            '[pack]\nlang = "xx"\n\n[[rule]]\nid = "cake"\nmatch = "line"\n'
            'phrases = ["Lemon drizzle cake"]\nexamples = ["Lemon Drizzle Cake"]\n'))
        proc = run("clean", "--rules", self.tmp / "rules", "--explain", stdin=PAGE.encode(), check=0)
        self.assertNotIn("Lemon drizzle cake\n\n", proc.stdout.decode())
        self.assertIn("phrase_rules/xx.cake  Lemon drizzle cake", proc.stderr.decode())

    def test_bad_rule_packs_exit_2_naming_file_line(self):
        bad_regex = self.write("r1/bad.toml", (
            '[pack]\nlang = "xx"\n\n[[rule]]\nid = "oops"\nmatch = "regex"\n'
            "pattern = '(unclosed'\nexamples = [\"x\"]\n"))
        proc = run("clean", "--rules", self.tmp / "r1", stdin=PAGE.encode(), check=2)
        self.assertRegex(proc.stderr.decode(), rf"{bad_regex}:7: rule xx.oops: bad regex: missing \)")
        self.assertEqual(proc.stdout, b"")
        unknown = self.write("r2/unknown.toml", (
            '[pack]\nlang = "xx"\n\n[[rule]]\nid = "oops"\nphrases = ["x"]\n'
            'examples = ["x"]\nmax_wrods = 3\n'))
        proc = run("clean", "--rules", self.tmp / "r2", stdin=PAGE.encode(), check=2)
        self.assertIn(f"{unknown}:8: unknown field 'max_wrods' in [[rule]]", proc.stderr.decode())
        proc = run("rules", "check", self.tmp / "r2", check=2)
        self.assertIn("unknown field 'max_wrods'", proc.stderr.decode())

    def test_rules_check_reports_failing_examples(self):
        self.write("r/xx.toml", (
            '[pack]\nlang = "xx"\n\n[[rule]]\nid = "ads"\nmatch = "prefix"\nphrases = ["Ad:"]\n'
            'examples = ["Ads everywhere"]\ncounterexamples = ["Ad: buy now"]\n'))
        proc = run("rules", "check", self.tmp / "r", check=2)
        err = proc.stderr.decode()
        self.assertIn('rule xx.ads: example does not match: "Ads everywhere"', err)
        self.assertIn('rule xx.ads: counterexample matches rule xx.ads: "Ad: buy now"', err)
        self.assertIn("1 packs, 1 rules, 2 examples: 2 failed", proc.stdout.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
