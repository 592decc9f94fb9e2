#!/usr/bin/env python3
"""Makes the benchmark corpus: the same pages as text files, JSONL and WET.gz.

  make_corpus.py OUT_DIR [--mb 1024] [--seed 1] [--formats text,jsonl,wet] [--jobs N]

  OUT_DIR/text/<host>/<n>.txt          one page a file; text/samples/<name>.txt: samples/*.txt
  OUT_DIR/jsonl/part-NNNNN.jsonl       {"id","url","date","lang","text","meta"} a line, ~64 MB a part
  OUT_DIR/wet/part-NNNNN.warc.wet.gz   warcinfo, then a conversion record a page, a gzip member each
  OUT_DIR/MANIFEST                     pages, bytes per format, sites and languages, sources

--mb is the approximate total of page text per format. Pages belong to a few hundred sites,
each with its own template (header, menu, breadcrumb, footer) repeated on every page, built
from the rule packs' examples in the site's language and words of its own (pages.py,
boilerplate.py). Articles are real prose from Debian packages (prose.py): the script stops
and names the packages to install when one is missing. About 45% of pages are English, the
rest spread over every language with enough prose. The output depends only on the seed, the
repository's samples and rule packs, and the versions of the prose packages (in MANIFEST).
"""
import argparse
import bisect
import collections
import itertools
import math
import multiprocessing
import os
import pathlib
import random
import re
import sys
import time

import boilerplate
import formats
import pages
import prose

ROOT = pathlib.Path(__file__).resolve().parents[1]
PART_BYTES = 64_000_000    # page text per JSONL and WET file
CHUNK_BYTES = 4_000_000    # page text per unit of work
TEMPLATE_BYTES = 1_200     # what a page adds to its article, on average (measured)
MIN_PROSE_BYTES = 5_000    # a language with less prose than this is left out
ENGLISH_SHARE = 0.45
MIN_SHARE = 0.0005         # every language with prose gets some pages
# Percent of pages per language in recent Common Crawl crawls (their published language
# statistics, rounded): the shape of the mix, not exact numbers.
WEB_SHARE = {"ru": 6, "de": 5.5, "ja": 5, "zh": 5, "es": 4.5, "fr": 4.3, "it": 2.5, "pt": 2, "pl": 1.8,
             "nl": 1.6, "cs": 1, "tr": 1, "vi": 1, "id": 1, "fa": 0.7, "sv": 0.7, "uk": 0.6, "ko": 0.6,
             "ar": 0.6, "ro": 0.5, "hu": 0.5, "el": 0.5, "da": 0.4, "fi": 0.3, "no": 0.3, "ca": 0.2,
             "hr": 0.15, "sr": 0.1, "mk": 0.03, "be": 0.03, "sw": 0.01}
SITES = 600
STATE = {}                 # what forked workers share: filled before each pool starts


def ParseArgs():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--mb", type=int, default=1024, help="approximate MB of page text per format")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formats", default="text,jsonl,wet", help="comma-separated subset of text,jsonl,wet")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    args = ap.parse_args()
    args.formats = set(args.formats.split(","))
    if not args.formats or args.formats - {"text", "jsonl", "wet"}:
        ap.error("--formats takes a comma-separated subset of text,jsonl,wet")
    return args


def LoadOne(i):
    return prose.LoadDocument(STATE["docs"][i], STATE["filter"])


def BuildText(item):
    lang, documents = item
    stopwords = STATE["filter"].stopwords
    return pages.LanguageText(lang, documents, stopwords.get(lang, set()) | stopwords["en"])


def LoadTexts(jobs):
    """Returns {lang: LanguageText} and {(lang, source): bytes}; each sentence is kept once
    per language (man page translations repeat their translator's note on every page)."""
    STATE["docs"], STATE["filter"] = prose.Documents(ROOT), prose.ProseFilter(ROOT)
    by_lang, seen, sources = collections.defaultdict(list), collections.defaultdict(set), collections.Counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for (lang, source, _), sentences in zip(STATE["docs"], pool.imap(LoadOne, range(len(STATE["docs"])), 16)):
            kept = [s for s in sentences if s not in seen[lang] and not seen[lang].add(s)]
            by_lang[lang].append(kept)
            sources[(lang, source)] += sum(len(s.encode("utf-8")) for s in kept)
        texts = pool.map(BuildText, sorted(by_lang.items()))
    return {t.lang: t for t in texts if t.Bytes() >= MIN_PROSE_BYTES}, sources


def LanguageWeights(texts):
    """English gets ENGLISH_SHARE; the others share the rest as on the web (WEB_SHARE), less
    for a language with little prose, so that it is not repeated to death."""
    others = {l: WEB_SHARE.get(l, 0.1) * min(1, t.Bytes() / 200_000) for l, t in texts.items() if l != "en"}
    total = sum(others.values())
    return {"en": ENGLISH_SHARE, **{l: max(MIN_SHARE, (1 - ENGLISH_SHARE) * w / total) for l, w in others.items()}}


def MakeSites(seed, texts, kit):
    """Returns the sites and each one's share of pages: per language a Zipf-like spread."""
    sites, weights = [], []
    for lang, share in sorted(LanguageWeights(texts).items()):
        count = max(2, round(SITES * share))
        zipf = [1 / (rank + 1) ** 0.9 for rank in range(count)]
        for rank in range(count):
            rng = random.Random(f"{seed}:site:{len(sites)}")
            sites.append(pages.MakeSite(rng, len(sites), lang, texts[lang], kit))
            weights.append(share * zipf[rank] / sum(zipf))
    hosts = collections.Counter(s.host for s in sites)
    for site in sites:  # made-up names may meet; a host must be one site
        if hosts[site.host] > 1:
            rng = random.Random(f"{seed}:host:{site.id}")
            site.host = re.sub(r"^(www\.)?", lambda m: f"{m.group()}{pages.Brand(rng)}-", site.host)
    return sites, weights


def PageTarget(rng):
    """Article bytes of a page: log-normal, so pages come out at 1-30 KB, median ~5 KB, as in
    Common Crawl."""
    return max(600, min(22_000, int(rng.lognormvariate(math.log(3900), 0.75))))


def PlanChunks(seed, sites, weights, budget):
    """Returns chunks of work: (part number, [(page index, site id, number in site, target)]).
    A part (one JSONL and one WET file) is made of whole chunks; chunks are small so that
    the workers share even a small corpus."""
    rng = random.Random(f"{seed}:plan")
    cumulative = list(itertools.accumulate(weights))
    numbers, chunks, pages_, part, part_bytes, chunk_bytes, total, index = (
        collections.Counter(), [], [], 0, 0, 0, 0, 0)
    while total < budget:
        site = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
        target = PageTarget(rng)
        numbers[site] += 1
        pages_.append((index, site, numbers[site], target))
        index += 1
        estimate = target + TEMPLATE_BYTES
        total, part_bytes, chunk_bytes = total + estimate, part_bytes + estimate, chunk_bytes + estimate
        if chunk_bytes >= CHUNK_BYTES or part_bytes >= PART_BYTES or total >= budget:
            chunks.append((part, pages_))
            pages_, chunk_bytes = [], 0
        if part_bytes >= PART_BYTES:
            part, part_bytes = part + 1, 0
    return chunks or [(0, [])]


def Samples():
    names = sorted(p.name[:-4] for p in (ROOT / "samples").glob("*.txt") if not p.name.endswith(".expected.txt"))
    return [(name, prose.SAMPLES.get(name, "und"), (ROOT / "samples" / f"{name}.txt").read_bytes()) for name in names]


def PageDate(rng):
    t = rng.randrange(1_451_606_400, 1_735_689_600)  # 2016-01-01 .. 2024-12-31 UTC
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def ChunkRecords(number):
    """Yields (id, url, date, lang, text bytes, meta, text path, rng) of chunk |number|'s pages,
    the samples first in chunk 0."""
    seed, sites, texts, kit = STATE["seed"], STATE["sites"], STATE["texts"], STATE["kit"]
    if number == 0:
        rng = random.Random(f"{seed}:samples")
        for sample, lang, data in Samples():
            yield (f"sample-{sample}", f"https://samples.invalid/{sample}", PageDate(rng), lang, data,
                   {"site": "samples", "sample": sample}, pathlib.Path("samples") / f"{sample}.txt", rng)
    for index, site_id, n, target in STATE["chunks"][number][1]:
        rng = random.Random(f"{seed}:page:{index}")
        site = sites[site_id]
        page = pages.MakePage(rng, site, texts[site.lang], kit, target)
        date = PageDate(rng)
        meta = {"site": site.host, "section": page.section, "author": page.author, "tags": page.tags,
                "template": site.id}
        yield (f"page-{index:08d}", pages.PageUrl(site, page, n, date), date, site.lang,
               page.text.encode("utf-8"), meta, pathlib.Path(site.host) / f"{n}.txt", rng)


def WriteChunk(number):
    """Writes the text files of chunk |number|; returns its part number, JSONL and WET bytes
    (for the parent to append to the part's files in order) and its counts."""
    out, fmts = STATE["out"], STATE["formats"]
    jsonl, wet = [], []
    stats = {"pages": 0, "text": 0, "lang": collections.Counter(), "lang_bytes": collections.Counter()}
    for rid, url, date, lang, data, meta, path, rng in ChunkRecords(number):
        if "text" in fmts:
            (out / "text" / path).write_bytes(data)
        if "jsonl" in fmts:
            jsonl.append(formats.JsonlLine({"id": rid, "url": url, "date": date, "lang": lang,
                                            "text": data.decode("utf-8"), "meta": meta}))
        if "wet" in fmts:
            wet.append(formats.Conversion(url, date, lang, data, rng))
        stats["pages"] += 1
        stats["text"] += len(data)
        stats["lang"][lang] += 1
        stats["lang_bytes"][lang] += len(data)
    return STATE["chunks"][number][0], b"".join(jsonl), b"".join(wet), stats


class PartFiles:
    """The JSONL and WET files of the part being written; a new part opens both anew."""

    def __init__(self, out, fmts, seed):
        self.out, self.fmts, self.seed = out, fmts, seed
        self.part, self.files, self.parts = None, {}, 0
        self.bytes = collections.Counter()

    def Append(self, part, jsonl, wet):
        if part != self.part:
            self.Close()
            self.part, self.parts = part, self.parts + 1
            name = f"part-{part:05d}"
            if "jsonl" in self.fmts:
                self.files["jsonl"] = open(self.out / "jsonl" / f"{name}.jsonl", "wb")
            if "wet" in self.fmts:
                self.files["wet"] = open(self.out / "wet" / f"{name}.warc.wet.gz", "wb")
                rng = random.Random(f"{self.seed}:part:{part}")
                self._Write("wet", formats.WarcInfo(f"{name}.warc.wet.gz", PageDate(rng), rng))
        self._Write("jsonl", jsonl)
        self._Write("wet", wet)

    def _Write(self, fmt, data):
        if fmt in self.files:
            self.files[fmt].write(data)
            self.bytes[fmt] += len(data)

    def Close(self):
        for f in self.files.values():
            f.close()
        self.files = {}


def WriteManifest(args, texts, sources, sites, totals, parts):
    langs = sorted(totals["lang"], key=lambda l: (-totals["lang"][l], l))
    site_langs = collections.Counter(s.lang for s in sites)
    lines = [
        "# boilerstrip benchmark corpus, made by bench/make_corpus.py",
        f"command: make_corpus.py OUT --mb {args.mb} --seed {args.seed} --formats {','.join(sorted(args.formats))}",
        f"pages: {totals['pages']} ({len(Samples())} of them samples/*.txt, in text/samples/ and ids sample-<name>)",
        f"sites: {len(sites)} (+ samples)",
        f"languages: {len(langs)} ({' '.join(langs)})",
    ]
    if "text" in args.formats:
        lines.append(f"text: {totals['text']} bytes in {totals['pages']} files under text/<host>/<n>.txt")
    if "jsonl" in args.formats:
        lines.append(f"jsonl: {totals['jsonl']} bytes in {parts} files jsonl/part-NNNNN.jsonl")
    if "wet" in args.formats:
        lines.append(f"wet: {totals['wet']} bytes (gzip; {totals['text']} bytes of page text) "
                     f"in {parts} files wet/part-NNNNN.warc.wet.gz")
    lines.append("prose packages: " + ", ".join(f"{p} {v}" for p, v in sorted(prose.PackageVersions().items())))
    lines += ["", "# lang  pages  page-bytes  sites  prose-bytes  prose sources (bytes)"]
    for lang in langs:
        src = ", ".join(f"{s} {b}" for (l, s), b in sorted(sources.items()) if l == lang and b)
        prose_bytes = texts[lang].Bytes() if lang in texts else 0
        lines.append(f"{lang}  {totals['lang'][lang]}  {totals['lang_bytes'][lang]}  {site_langs[lang]}  "
                     f"{prose_bytes}  {src}")
    (args.out / "MANIFEST").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    args = ParseArgs()
    missing = prose.MissingPackages()
    if missing:
        sys.exit("make_corpus.py: the prose of the corpus comes from Debian packages that are not installed: "
                 f"{' '.join(missing)}\n  install them: apt-get install {' '.join(missing)}")
    if args.out.exists() and any(args.out.iterdir()):
        sys.exit(f"make_corpus.py: {args.out} is not empty; remove it or name a new directory")
    start = time.time()
    texts, sources = LoadTexts(args.jobs)
    kit = boilerplate.BoilerplateKit(ROOT)
    sites, weights = MakeSites(args.seed, texts, kit)
    budget = args.mb * 1_000_000 - sum(len(d) for _, _, d in Samples())
    chunks = PlanChunks(args.seed, sites, weights, budget)
    for fmt in args.formats:
        (args.out / fmt).mkdir(parents=True, exist_ok=True)
    if "text" in args.formats:
        for host in ["samples"] + [s.host for s in sites]:
            (args.out / "text" / host).mkdir(exist_ok=True)
    STATE.update(out=args.out, seed=args.seed, formats=args.formats, sites=sites, texts=texts, kit=kit,
                 chunks=chunks)
    totals = collections.Counter()
    totals["lang"], totals["lang_bytes"] = collections.Counter(), collections.Counter()
    parts = PartFiles(args.out, args.formats, args.seed)
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for part, jsonl, wet, stats in pool.imap(WriteChunk, range(len(chunks))):
            parts.Append(part, jsonl, wet)
            for key, value in stats.items():
                totals[key] += value
    parts.Close()
    totals.update(parts.bytes)
    WriteManifest(args, texts, sources, sites, totals, parts.parts)
    print(f"{totals['pages']} pages, {totals['text'] / 1e6:.0f} MB of text, {len(sites)} sites, "
          f"{len(totals['lang'])} languages in {args.out} ({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
