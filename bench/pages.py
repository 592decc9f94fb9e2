"""Sites and their pages: a template per site, real prose per page.

  text = LanguageText("de", documents, stopwords)     # documents: lists of sentences
  site = MakeSite(random.Random("1:site:7"), 7, "de", text, kit)
  page = MakePage(random.Random("1:page:42"), site, text, kit, 5000)

A site's header, menu, breadcrumb style and footer are fixed when it is made, so they repeat
on every page of the site as on a real one; the article, its byline and the boilerplate
between its paragraphs change from page to page.
"""
import bisect
import collections
import re
from dataclasses import dataclass, field
from urllib.parse import quote

UNSPACED = {"ja", "zh"}
NON_LATIN = {"ar", "be", "el", "fa", "ja", "ko", "mk", "ru", "sr", "uk", "zh"}
TLDS = {"en": ["com", "com", "org", "net", "co.uk", "com.au", "ca", "us", "io", "ie", "co.nz"],
        "ar": ["com", "net", "sa", "eg", "ma"], "be": ["by"], "ca": ["cat", "ad"], "cs": ["cz"],
        "da": ["dk"], "de": ["de", "de", "at", "ch"], "el": ["gr", "com.cy"], "es": ["es", "com.mx", "com.ar", "cl"],
        "fa": ["ir"], "fi": ["fi"], "fr": ["fr", "fr", "be", "ca", "ch"], "hr": ["hr"], "hu": ["hu"], "id": ["id", "co.id"],
        "it": ["it"], "ja": ["jp", "co.jp"], "ko": ["kr", "co.kr"], "mk": ["mk"], "nl": ["nl", "be"], "no": ["no"],
        "pl": ["pl", "com.pl"], "pt": ["com.br", "pt"], "ro": ["ro", "md"], "ru": ["ru", "ru", "su"], "sr": ["rs"],
        "sv": ["se"], "sw": ["co.tz", "co.ke"], "tr": ["com.tr"], "uk": ["ua", "com.ua"], "vi": ["vn", "com.vn"],
        "zh": ["cn", "com.cn", "tw", "com.tw"]}
SYLLABLES = ["ka", "lo", "ver", "mi", "tan", "ro", "sel", "vi", "no", "dar", "bel", "tu", "ra", "zen", "po",
             "lin", "ma", "sto", "ne", "gri", "fa", "ko", "ri", "pel", "san", "de", "mon", "tal", "ar", "is"]
HOST_SUFFIXES = ["", "", "", "news", "blog", "online", "mag", "daily", "hub", "24", "info", "press", "life"]


class LanguageText:
    """Prose of one language: paragraphs, headlines and words drawn from real documents."""

    def __init__(self, lang, documents, stopwords):
        """|documents|: lists of sentences in reading order; |stopwords|: words that are no
        menu items (the language's and English stopwords)."""
        self.lang = lang
        self.docs = [d for d in documents if d]
        self.joiner = "" if lang in UNSPACED else " "
        self.cumulative = []
        total = 0
        for d in self.docs:
            total += len(d)
            self.cumulative.append(total)
        self.words = self._Words(stopwords)
        self.bytes = sum(len(s.encode("utf-8")) for d in self.docs for s in d)

    def _Words(self, stopwords):
        """Frequent content words, for menus, tags and names: the most frequent few dozen are
        left out, as they are the language's glue words whatever the stopword list says."""
        counts = collections.Counter()
        latin = self.lang not in NON_LATIN
        for doc in self.docs:
            for sentence in doc:
                if self.lang in UNSPACED:
                    counts.update(re.findall(r"(?<![\u30a0-\u30ff])[\u30a1-\u30fa][\u30a0-\u30ff]{1,7}(?![\u30a0-\u30ff])|"
                                             r"(?<![\u3400-\u9fff])[\u3400-\u9fff]{2,4}(?![\u3400-\u9fff])", sentence))
                else:  # English words in a Cyrillic or Arabic text are not its menu's words
                    counts.update(w for w in re.findall(r"\w{4,14}", sentence)
                                  if w.isalpha() and w.lower() not in stopwords and (latin or not w.isascii()))
        ranked = [w for w, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
        return ranked[40:3000] or ranked or ["Info"]

    def Bytes(self):
        return self.bytes

    def _Sentences(self, rng):
        """An endless run of consecutive sentences from random places in the documents."""
        while True:
            doc = self.docs[bisect.bisect_right(self.cumulative, rng.randrange(self.cumulative[-1]))]
            yield from doc[rng.randrange(len(doc)):]

    def Paragraphs(self, rng, sizes):
        """One paragraph per size in |sizes| (bytes), each at least one sentence long."""
        sentences, seen, out, skips = self._Sentences(rng), set(), [], 0
        for size in sizes:
            para, length = [], 0
            while length < size:
                s = next(sentences)
                if s in seen and skips < 200:  # a small pool must repeat in the end
                    skips += 1
                    continue
                seen.add(s)
                para.append(s)
                length += len(s.encode("utf-8")) + 1
            out.append(self.joiner.join(para))
        return out

    def Headline(self, rng):
        """A short sentence of the prose, or the start of a long one."""
        sentences = self._Sentences(rng)
        for _ in range(20):
            s = next(sentences)
            size = len(s) if self.lang in UNSPACED else len(s.split())
            if (8 <= size <= 30) if self.lang in UNSPACED else (3 <= size <= 12):
                break
        if self.lang in UNSPACED:
            cut = re.split(r"[、。，,！？!?（(「]", s)[0][:30]
        else:
            cut = " ".join(re.split(r"[,;:(] ", s)[0].split()[:12])
        cut = cut.rstrip(" .,;:!?…-–—\"'«»„“”()。")
        return cut[:1].upper() + cut[1:] if cut else self.Word(rng)

    def Word(self, rng):
        w = self.words[min(int(rng.paretovariate(1.1)) - 1, len(self.words) - 1) if rng.random() < 0.5
                       else rng.randrange(len(self.words))]
        return w[:1].upper() + w[1:]

    def Name(self, rng):
        """A made-up person's name in the language's script."""
        if self.lang in UNSPACED or self.lang == "ko":
            return "".join(rng.choice(rng.choice(self.words)) for _ in range(rng.randint(2, 3)))
        parts = []
        for _ in range(2):
            a, b = rng.choice(self.words), rng.choice(self.words)
            parts.append((a[: rng.randint(2, 4)] + b[-rng.randint(2, 4):]).capitalize())
        return " ".join(parts)


@dataclass
class Site:
    id: int
    lang: str
    host: str
    name: str
    header: list           # lines above the article, the same on every page
    sections: list         # menu items; a page belongs to one
    crumb_sep: str         # breadcrumb separator, "" for sites without breadcrumbs
    home: str
    footer: list
    authors: list
    blank_lines: bool      # paragraphs separated by blank lines (else one line each, as in WET)
    habits: dict = field(default_factory=dict)  # probability of each optional part of a page
    url_style: int = 0


def Brand(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def MakeSite(rng, site_id, lang, text, kit):
    brand = Brand(rng)
    suffix = rng.choice(HOST_SUFFIXES)
    host = ("www." if rng.random() < 0.5 else "") + brand + ("-" if suffix and rng.random() < 0.3 else "") + \
        suffix + "." + rng.choice(TLDS.get(lang, ["com"]) + ["com", "net"])
    name = brand.capitalize() + (" " + suffix.capitalize() if suffix else "")
    if rng.random() < 0.4:
        name = " ".join(text.Word(rng) for _ in range(rng.randint(1, 2)))
    home = kit.Home(lang) if rng.random() < 0.8 else "Home"
    sections = list(dict.fromkeys(text.Word(rng) for _ in range(rng.randint(4, 9))))
    header = []
    if rng.random() < 0.2:
        header.append(kit.Line(rng, lang, "top", owner=name))
    tagline = text.Headline(rng) if rng.random() < 0.5 else ""
    style = rng.random()
    header.append(name.upper() if style < 0.2 else name + (rng.choice([" - ", " | ", " — "]) + tagline if tagline else ""))
    menu = [home] + sections + ([kit.Line(rng, lang, "top")] if rng.random() < 0.3 else [])
    if rng.random() < 0.25:
        header += menu
    else:
        header.append(rng.choice([" | ", " · ", " ", "  ", " / ", " • "]).join(menu))
    footer = []
    if rng.random() < 0.5:
        footer.append(rng.choice([" | ", " · ", " - "]).join(rng.sample(sections, min(len(sections), rng.randint(3, 5)))))
    footer += [kit.Line(rng, lang, "footer", owner=name) for _ in range(rng.randint(1, 3))]
    footer = list(dict.fromkeys(footer))
    if rng.random() < 0.5:
        footer.append(f"© {rng.randint(2008, 2024)} {name}")
    rng.shuffle(footer)
    habits = {k: rng.random() ** 1.5 for k in ("top", "meta", "crumb", "mid", "list", "toc", "end", "subhead")}
    return Site(site_id, lang, host, name, header, sections,
                rng.choice([" » ", " > ", " / ", " › "]) if rng.random() < 0.5 else "", home, footer,
                [text.Name(rng) for _ in range(rng.randint(1, 6))], rng.random() < 0.6, habits,
                rng.randrange(4))


@dataclass
class Page:
    title: str
    section: str
    author: str
    tags: list
    text: str


def ParagraphSizes(rng, target):
    count = max(3, min(30, round(target / rng.uniform(450, 1100))))
    mean = target / count
    return [max(200, min(1500, int(mean * rng.uniform(0.5, 1.5)))) for _ in range(count)]


def MakePage(rng, site, text, kit, target):
    """Returns a page of about |target| bytes of article text plus the site's template."""
    lang, habits = site.lang, site.habits
    title = text.Headline(rng)
    section = rng.choice(site.sections)
    author = rng.choice(site.authors)

    def fill(kind):
        if kind == "headline":
            return text.Headline(rng)
        if kind == "name":
            return rng.choice([author, text.Name(rng)])
        return ", ".join(text.Word(rng) for _ in range(rng.randint(1, 4)))

    def line(zone, **kw):
        return kit.Line(rng, lang, zone, fill=fill, owner=site.name, **kw)

    blocks = [list(site.header)]
    if rng.random() < habits["top"] * 0.5:
        blocks[0].append(line("top"))
    if site.crumb_sep:
        crumb = [site.home, section] + ([title] if rng.random() < 0.3 else [])
        blocks.append([site.crumb_sep.join(crumb)])
    blocks.append([title])
    if rng.random() < habits["meta"]:
        blocks.append([line("meta") for _ in range(rng.randint(1, 2))])
    paragraphs = text.Paragraphs(rng, ParagraphSizes(rng, target))
    for i, para in enumerate(paragraphs):
        if i == 1 and rng.random() < habits["toc"] * 0.3:
            blocks.append([line("toc")] + [text.Headline(rng) for _ in range(rng.randint(3, 6))])
        if i > 0 and rng.random() < habits["subhead"] * 0.3:
            blocks.append([text.Headline(rng)])
        blocks.append([para])
        if i < len(paragraphs) - 1 and rng.random() < habits["mid"] * 0.35:
            blocks.append(InsertLines(rng, line, text))
    if rng.random() < habits["list"]:
        blocks.append([line("list")] + [text.Headline(rng) for _ in range(rng.randint(3, 6))])
    if rng.random() < habits["end"]:
        blocks.append([line("end") for _ in range(rng.randint(1, 4))])
    blocks.append(list(site.footer))
    sep = "\n\n" if site.blank_lines else "\n"
    body = sep.join("\n".join(b) for b in blocks if b) + "\n"
    return Page(title, section, author, [text.Word(rng) for _ in range(rng.randint(0, 4))], body)


def InsertLines(rng, line, text):
    """Lines between two paragraphs: a caption, an ad label, a related list, a prompt."""
    r = rng.random()
    if r < 0.55:
        return [line("mid")]
    if r < 0.7:
        return [line("list")] + [text.Headline(rng) for _ in range(rng.randint(3, 6))]
    if r < 0.85:
        return [line("end")]
    return [line("top")]


def PageUrl(site, page, number, date):
    words = page.title.split()[:8] if site.lang not in UNSPACED else [page.title[:12]]
    slug = quote("-".join(w.lower().strip(".,:;!?\"'()«»") for w in words), safe="-")
    if site.url_style == 0:
        return f"https://{site.host}/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"
    if site.url_style == 1:
        return f"https://{site.host}/{quote(page.section.lower())}/{slug}-{number}.html"
    if site.url_style == 2:
        return f"https://{site.host}/?p={number}"
    return f"https://{site.host}/news/{number}"
