"""Records of the corpus formats: JSONL lines and Common Crawl style WET records.

  part.write(WarcInfo("part-00000.warc.wet.gz", date, rng))
  part.write(Conversion(url, date, "en", text_bytes, rng))
  jsonl.write(JsonlLine({"id": ..., "text": ...}))

A WET file is a warcinfo record, then one conversion record per page; each record is its
own gzip member (as Common Crawl writes them, so a reader can seek to any record), so
records made apart can be concatenated. Record ids are drawn from |rng|, and gzip headers
carry no time, so a record is the same byte for byte on every run with the same seed.
"""
import base64
import gzip
import hashlib
import json
import uuid

# Language codes of rules/*.toml -> ISO 639-3, as in WARC-Identified-Content-Language.
ISO639_3 = {"ar": "ara", "be": "bel", "ca": "cat", "cs": "ces", "da": "dan", "de": "deu", "el": "ell",
            "en": "eng", "es": "spa", "fa": "fas", "fi": "fin", "fr": "fra", "hr": "hrv", "hu": "hun",
            "id": "ind", "it": "ita", "ja": "jpn", "ko": "kor", "mk": "mkd", "nl": "nld", "no": "nor",
            "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sr": "srp", "sv": "swe", "sw": "swa",
            "tr": "tur", "uk": "ukr", "vi": "vie", "zh": "zho"}


def JsonlLine(record):
    """One JSON object and a newline, UTF-8 unescaped, keys in the order given."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def BlockDigest(block):
    return "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode("ascii")


def RecordId(rng):
    return f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>"


def WarcRecord(headers, block):
    """Returns one gzip member: WARC/1.0, |headers| ([(name, value)]) and Content-Length,
    CRLF after each header line, the block, then CRLF CRLF."""
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return gzip.compress(head.encode("utf-8") + block + b"\r\n\r\n", compresslevel=6, mtime=0)


def WarcInfo(filename, date, rng):
    """The record that opens a WET file."""
    fields = ("Software-Info: boilerstrip bench/make_corpus.py\r\n"
              f"Extracted-Date: {date}\r\n"
              "isPartOf: boilerstrip-bench\r\n"
              "description: Generated benchmark pages (site templates around packaged prose)\r\n"
              "publisher: boilerstrip\r\n").encode("utf-8")
    return WarcRecord([("WARC-Type", "warcinfo"), ("WARC-Date", date), ("WARC-Filename", filename),
                       ("WARC-Record-ID", RecordId(rng)), ("Content-Type", "application/warc-fields")], fields)


def Conversion(url, date, lang, block, rng):
    """The record of one page's text (|block|, bytes)."""
    return WarcRecord([("WARC-Type", "conversion"), ("WARC-Target-URI", url), ("WARC-Date", date),
                       ("WARC-Record-ID", RecordId(rng)), ("WARC-Refers-To", RecordId(rng)),
                       ("WARC-Block-Digest", BlockDigest(block)),
                       ("WARC-Identified-Content-Language", ISO639_3.get(lang, lang)),
                       ("Content-Type", "text/plain")], block)
