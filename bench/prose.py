"""Real prose per language for the benchmark corpus, read from Debian packages.

  pools = load_prose(root)          # {lang: [document, ...]}, a document a list of sentences

Sources (all packaged, none from the network):
  - debian-handbook: the Debian Administrator's Handbook (HTML), 26 translations;
  - installation-guide-amd64: the Debian installation guide (HTML), 19 translations;
  - manpages and manpages-<lang>: man pages, read from their troff source;
  - samples/*.expected.txt of this project (Belarusian, Finnish, English, Swahili).
Only the paragraphs that read as running text are kept: code, option lists and
untranslated (English) paragraphs of a translation are dropped, see IsProse().
"""
import gzip
import html
import pathlib
import re
import subprocess

DPKG_INFO = pathlib.Path("/var/lib/dpkg/info")

# Handbook and installation-guide directories -> language codes of rules/*.toml.
HANDBOOK = {"ar-MA": "ar", "ca-ES": "ca", "cs-CZ": "cs", "da-DK": "da", "de-DE": "de", "el-GR": "el",
            "en-US": "en", "es-ES": "es", "fa-IR": "fa", "fr-FR": "fr", "hr-HR": "hr", "id-ID": "id",
            "it-IT": "it", "ja-JP": "ja", "ko-KR": "ko", "nb-NO": "no", "nl-NL": "nl", "pl-PL": "pl",
            "pt-BR": "pt", "ro-RO": "ro", "ru-RU": "ru", "sv-SE": "sv", "tr-TR": "tr", "vi-VN": "vi",
            "zh-CN": "zh", "zh-TW": "zh"}
INSTALL_GUIDE = {"ca": "ca", "cs": "cs", "da": "da", "de": "de", "el": "el", "en": "en", "es": "es",
                 "fr": "fr", "id": "id", "it": "it", "ja": "ja", "ko": "ko", "nl": "nl", "pt": "pt",
                 "ro": "ro", "ru": "ru", "sv": "sv", "vi": "vi", "zh_CN": "zh"}
MANPAGES = {"manpages": "en", "manpages-cs": "cs", "manpages-da": "da", "manpages-de": "de",
            "manpages-el": "el", "manpages-es": "es", "manpages-fi": "fi", "manpages-fr": "fr",
            "manpages-hu": "hu", "manpages-id": "id", "manpages-it": "it", "manpages-ja": "ja",
            "manpages-mk": "mk", "manpages-nb": "no", "manpages-nl": "nl", "manpages-pl": "pl",
            "manpages-pt-br": "pt", "manpages-ro": "ro", "manpages-ru": "ru", "manpages-sr": "sr",
            "manpages-sv": "sv", "manpages-tr": "tr", "manpages-uk": "uk", "manpages-vi": "vi",
            "manpages-zh": "zh"}
SAMPLES = {"000_b8bf2da50c11bc8d": "be", "001_226cfad25eb9e164": "fi", "traps_en": "en",
           "unknown_language_sw": "sw"}
PACKAGES = ["debian-handbook", "installation-guide-amd64"] + sorted(MANPAGES)

UNSPACED = {"ja", "zh"}  # scripts written without spaces between words
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CODE = re.compile(r"--|[/=_<>{}\[\]\\|@#$%~*]|\(\)|\.\w+\(|\b[a-z]+\.[a-z]{1,4}\b|\d{5,}|(?:^|\s)-\w|\w ?\(\d\w?\)")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"«„“(]?[^\s a-z])|(?<=[。！？])")


def MissingPackages():
    """Returns the prose packages that are not installed, in install order."""
    return [p for p in PACKAGES if not (DPKG_INFO / f"{p}.list").exists()]


def PackageVersions():
    """Returns {package: version} of the prose packages, for the MANIFEST."""
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n"] + PACKAGES,
                         capture_output=True, text=True, check=False).stdout
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def PackageFiles(package, pattern):
    names = (DPKG_INFO / f"{package}.list").read_text(encoding="utf-8").splitlines()
    return sorted(pathlib.Path(n) for n in names if re.search(pattern, n) and pathlib.Path(n).is_file())


def HtmlParagraphs(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    # Installation guide paragraphs are <p>, handbook paragraphs <div class="para">.
    for block in re.findall(r'<(?:p\b|div class="para")[^>]*>(.*?)</(?:p|div)>', text, re.S):
        if "<pre" not in block:
            yield html.unescape(re.sub(r"<[^>]+>", "", block))


TROFF_ESCAPES = [
    (re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\s[+-]?\d"), ""),
    (re.compile(r"\\\*?\((?:lq|rq|Lq|Rq)"), '"'), (re.compile(r"\\\*?\((?:aq|oq|cq)"), "'"),
    (re.compile(r"\\\((?:em|en|hy)"), "-"), (re.compile(r"\\\(bu"), "•"),
    (re.compile(r"\\\[[^\]]*\]|\\\(.."), ""), (re.compile(r"\\[-e]"), "-"),
    (re.compile(r"\\[&:%/,|^)]"), ""), (re.compile(r"\\[~ 0]"), " "), (re.compile(r"\\."), ""),
]
TROFF_BREAKS = {"PP", "P", "LP", "SH", "SS", "TP", "IP", "sp", "br", "HP", "RS", "RE", "TQ", "in", "ti"}
TROFF_INLINE = {"B", "I", "BR", "IR", "RB", "RI", "BI", "IB", "SM", "SB"}


def ManParagraphs(path):
    """Running text of a troff page: macros dropped, font and character escapes removed."""
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    para, skip = [], False
    for line in lines:
        if line.startswith((".", "'")):
            name = line[1:].split(" ", 1)[0].strip()
            args = line[len(name) + 1:].strip()
            if name in ("nf", "EX", "TS", "EQ", "de"):
                skip = True
            elif name in ("fi", "EE", "TE", "EN", ".."):
                skip = False
            elif name in TROFF_INLINE and args and not skip:
                para.append(args.replace('"', ""))
                continue
            if name in TROFF_BREAKS or name in ("nf", "EX", "TS"):
                if para:
                    yield " ".join(para)
                para = []
            continue
        if skip:
            continue
        if not line.strip():
            if para:
                yield " ".join(para)
            para = []
            continue
        for pattern, repl in TROFF_ESCAPES:
            line = pattern.sub(repl, line)
        para.append(line.strip())
    if para:
        yield " ".join(para)


def StopwordLists(root):
    """Returns {lang: stopwords} of rules/stopwords/, a language without a list of its own
    borrowing those of close languages (fallback.txt; Catalan borrows Spanish here)."""
    folder = root / "rules" / "stopwords"
    lists = {p.stem: set(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt")
             if p.stem != "fallback"}
    borrowed = {"ca": ["es"]}
    for line in (folder / "fallback.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            borrowed[line.split()[0]] = line.split()[1:]
    for lang, others in borrowed.items():
        lists.setdefault(lang, set().union(*(lists.get(o, set()) for o in others)))
    return lists


class ProseFilter:
    """Keeps sentences that read as running text in the expected language."""

    def __init__(self, root):
        self.stopwords = StopwordLists(root)

    def IsProse(self, sentence, lang):
        if "\ufffd" in sentence or CODE.search(sentence):
            return False
        if lang in UNSPACED or lang == "ko":
            return len(sentence) >= 12 and len(CJK.findall(sentence)) >= 0.4 * len(sentence)
        words = re.findall(r"\w+", sentence.lower())
        if len(words) < 6 or len(sentence) > 600:
            return False
        if sum(ch.isalpha() or ch.isspace() for ch in sentence) < 0.85 * len(sentence):
            return False
        if lang == "en":
            return True
        english = sum(w in self.stopwords["en"] for w in words)
        own = sum(w in self.stopwords.get(lang, ()) for w in words)
        latin = sum("a" <= ch <= "z" for ch in sentence.lower())
        if lang in ("ar", "fa", "el", "ru", "uk", "mk", "sr", "be"):
            return latin < 0.2 * len(sentence)
        return english <= own if lang in self.stopwords else english < 0.1 * len(words)


def Sentences(paragraph):
    paragraph = re.sub(r"\s+", " ", paragraph).strip()
    return [s.strip() for s in SENTENCE_END.split(paragraph) if s.strip()]


def Documents(root):
    """Returns (lang, source, path) for every prose source file, in a fixed order."""
    docs = []
    for path in PackageFiles("debian-handbook", r"/html/[^/]+/[^/]+\.html$"):
        if path.parent.name in HANDBOOK:
            docs.append((HANDBOOK[path.parent.name], "debian-handbook", path))
    for path in PackageFiles("installation-guide-amd64", r"/[^/]+/[^/]+\.html$"):
        if path.parent.name in INSTALL_GUIDE:
            docs.append((INSTALL_GUIDE[path.parent.name], "installation-guide-amd64", path))
    for package, lang in sorted(MANPAGES.items()):
        docs += [(lang, package, path) for path in PackageFiles(package, r"/man/.*\.gz$")]
    for name, lang in sorted(SAMPLES.items()):
        docs.append((lang, "samples", root / "samples" / f"{name}.expected.txt"))
    return docs


def LoadDocument(doc, prose_filter):
    """Returns the prose sentences of one source file, in their order."""
    lang, _, path = doc
    if path.suffix == ".html":
        paragraphs = HtmlParagraphs(path)
    elif path.suffix == ".gz":
        paragraphs = ManParagraphs(path)
    else:
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    return [s for p in paragraphs for s in Sentences(p) if prose_filter.IsProse(s, lang)]
