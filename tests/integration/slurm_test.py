"""contrib/slurm on a real Slurm: a private single-node cluster on 127.0.0.1 runs the
count → merge → clean chain over 24 shards, and the result must be byte-identical to one
machine's `clean --site-lines`.

Needs root: it installs slurmctld, slurmd, slurm-client and munge with apt-get when they are
missing, and runs the daemons as root (contrib/slurm/local-cluster.sh); without root it
skips. It stops only the daemons it started, by PID."""
import gzip
import json
import os
import pathlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from harness import BIN, SKIP, SOURCE, run

SLURM = SOURCE / "contrib" / "slurm"
SHARDS = 24

# Per site: host, header lines, footer lines. Every page of a site repeats them, and they
# read as prose, so only the counts of the whole site can tell them from the article.
SITES = [
    ("harbour-gazette.example",
     ["The Harbour Gazette has brought the news of the northern coast to your table since 1921.",
      "Local | Fishing | Weather | Letters | Obituaries"],
     ["The Harbour Gazette is published by Northern Coast Media, 12 Quay Street, Port Elrick.",
      "Our newsroom reads every tip and every letter to the editor on each working day."]),
    ("allotment-diary.example",
     ["Welcome to the Allotment Diary, where a dozen gardeners write about what grows and what fails.",
      "Seeds · Soil · Tools · Pests · Recipes"],
     ["The Allotment Diary is written by volunteers and is free to read, copy and share with friends."]),
    ("rail-heritage.example",
     ["Rail Heritage Review collects the stories of branch lines, signal boxes and the people who kept them.",
      "Lines | Stations | Locomotives | Archive"],
     ["Rail Heritage Review is a member of the Association of Railway Preservation Societies.",
      "Photographs on this site are from the members' archive unless the caption says otherwise."]),
    ("kitchen-notes.example",
     ["Kitchen Notes is a small blog about cooking for a family on weeknights without any fuss at all."],
     ["All the recipes on Kitchen Notes are tested at least twice in an ordinary home kitchen."]),
    ("chess-corner.example",
     ["Chess Corner publishes a new annotated game and a puzzle for club players every single week.",
      "Games | Puzzles | Openings | Endgames | Clubs"],
     ["Chess Corner is run by the members of the Millbrook Chess Club and is supported by readers."]),
]
WORDS = ("the a of and to in that it was for on with as at by from this we they our "
         "river market winter station garden harvest signal kitchen village morning letter "
         "engine bishop pawn recipe onion harbour storm boat council bridge school library "
         "tomato carriage ticket opening season crowd museum festival road lantern").split()


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 24))]
    return " ".join(words).capitalize() + "."


def page(rng, site):
    _host, header, footer = site
    title = " ".join(rng.choice(WORDS) for _ in range(5)).title()
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(2, 5))]
    return "\n\n".join([*header, title, *paragraphs, *footer]) + "\n"


def make_corpus(root):
    """SHARDS JSONL files (two of them gzipped) in two folders, 8 pages each; every site's
    pages are spread over every file, so no shard alone sees a site's repeated lines often."""
    rng = random.Random(20261122)
    for f in range(SHARDS):
        lines = []
        for d in range(8):
            site = SITES[(f + d) % len(SITES)]
            lines.append(json.dumps({"id": f"doc-{f}-{d}", "url": f"https://{site[0]}/{f}/{d}.html",
                                     "text": page(rng, site)}, ensure_ascii=False) + "\n")
        path = root / ("a" if f % 2 else "b") / f"part-{f:03d}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(lines).encode()
        if f % 12 == 5:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            path.write_bytes(data)


def tree(root):
    """Relative path → bytes of every file under |root|."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def sh(*args, env=None, timeout=120):
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {' '.join(map(str, args))}\n{proc.stdout}{proc.stderr}")
    return proc.stdout


class SlurmChainTest(unittest.TestCase):
    def setUp(self):
        help_text = run("--help", check=0).stdout.decode()
        missing = [c for c in ("count", "merge") if f"\n  {c} " not in help_text]
        if missing:
            self.fail(f"{BIN} has no {' / '.join(missing)} command yet: the chain needs count and merge")
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="boilerstrip-slurm-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.tmp.chmod(0o755)  # munged wants every folder above its socket a+x
        self.cluster = self.tmp / "cluster"
        # Stop first (cleanups run last-in first-out), even when start failed half-way.
        self.addCleanup(self.stop_cluster)
        started = time.monotonic()
        try:
            sh(SLURM / "local-cluster.sh", "start", self.cluster, timeout=300)
        except AssertionError:
            self.dump_logs(self.cluster / "log")
            raise
        print(f"cluster up in {time.monotonic() - started:.1f}s", file=sys.stderr)
        self.env = dict(os.environ, SLURM_CONF=str(self.cluster / "slurm.conf"))

    def dump_logs(self, *folders):
        """The end of every daemon and task log, for a failure's report (the folder goes)."""
        for folder in folders:
            for log in sorted(folder.glob("*")) if folder.is_dir() else []:
                tail = log.read_text(errors="replace").splitlines()[-15:]
                print(f"--- {log}\n" + "\n".join(tail), file=sys.stderr)

    def stop_cluster(self):
        subprocess.run([SLURM / "local-cluster.sh", "stop", self.cluster], timeout=120)

    def test_chain_equals_one_machine(self):
        crawl = self.tmp / "crawl"
        make_corpus(crawl)
        out, work = self.tmp / "out", self.tmp / "work"
        started = time.monotonic()
        try:
            ids = sh(SLURM / "submit.sh", "--inputs", crawl, "--out", out, "-n", SHARDS, "--bin", BIN,
                     "--work", work, "--wait", env=self.env, timeout=150)
        except (AssertionError, subprocess.TimeoutExpired):
            self.dump_logs(work / "logs", self.cluster / "log")
            raise
        print(f"chain ran in {time.monotonic() - started:.1f}s", file=sys.stderr)
        self.assertEqual([line.split()[0] for line in ids.splitlines()], ["count", "merge", "clean"])

        # Every task ran its own shard: N count files, N reports, every page cleaned once.
        self.assertEqual(sorted(p.name for p in (work / "counts").iterdir()),
                         sorted(f"{k}.bsc" for k in range(SHARDS)))
        reports = [json.loads((work / "reports" / f"clean-{k}.json").read_text()) for k in range(SHARDS)]
        self.assertEqual([r["documents"] for r in reports], [8] * SHARDS)

        single = self.tmp / "single"
        run("clean", crawl, "-o", single, "--site-lines", "-q", check=0)
        plain = self.tmp / "plain"
        run("clean", crawl, "-o", plain, "-q", check=0)
        chained, alone = tree(out), tree(single)
        self.assertEqual(len(alone), SHARDS)
        self.assertEqual(chained.keys(), alone.keys())
        for name, data in alone.items():
            self.assertTrue(chained[name] == data, f"{name} differs from the one-machine run")
        self.assertTrue(alone != tree(plain), "--site-lines removed nothing: the corpus tests nothing")


if __name__ == "__main__":
    if os.geteuid() != 0:
        print("SKIP: the Slurm test installs packages and runs slurmctld/slurmd/munged as root; "
              "run it as root (CI does)", file=sys.stderr)
        sys.exit(SKIP)
    # ctest's timeout and ^C end the test through its cleanups, which stop the cluster.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    unittest.main()
