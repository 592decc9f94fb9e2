#!/usr/bin/env python3
"""Makes a benchmark corpus of varied plain-text pages from samples/ and the rule packs.

  make_corpus.py OUT_DIR [--mb 200] [--seed 1]

Each page takes the article paragraphs of one sample (shuffled, with numbers varied), and
wraps them in boilerplate drawn from the rule packs' own examples (menus, bylines, related
lists, share rows, cookie banners, footers, captions in 40 languages), inserted at the top,
between paragraphs and at the bottom. The sample pages themselves are included unchanged,
so their golden outputs can be checked in the benchmark's output.
"""
import argparse
import pathlib
import random
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def boilerplate_lines():
    lines = []
    for pack in sorted((ROOT / "rules").glob("*.toml")):
        if pack.name == "pipeline.toml":
            continue
        data = tomllib.loads(pack.read_text(encoding="utf-8"))
        for rule in data.get("rule", []):
            lines.extend(rule.get("examples", []))
    return lines


def articles():
    out = []
    for p in sorted((ROOT / "samples").glob("*.txt")):
        if p.name.endswith(".expected.txt"):
            continue
        expected = p.with_name(p.name[:-4] + ".expected.txt")
        text = (expected if expected.exists() else p).read_text(encoding="utf-8")
        paras = [x for x in text.split("\n\n") if x.strip()]
        out.append((p, paras))
    return out


def vary(text, rng):
    return re.sub(r"\d+", lambda m: str(rng.randint(1, 2 * int(m.group()) + 9)), text)


def page(rng, arts, junk):
    _, paras = rng.choice(arts)
    title, body = paras[0], paras[1:]
    rng.shuffle(body)
    body = body[: rng.randint(2, len(body))] if len(body) > 2 else body
    lines = [" | ".join(rng.sample(["Home", "News", "Sport", "Tech", "Food", "Travel"], 4)), "",
             vary(title, rng), "", rng.choice(junk), ""]
    for para in body:
        lines += [vary(para, rng), ""]
        if rng.random() < 0.4:
            lines += [rng.choice(junk), ""]
    lines += [rng.choice(junk) for _ in range(rng.randint(2, 8))]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    arts, junk = articles(), boilerplate_lines()
    for p, _ in arts:
        (out / f"sample-{p.name}").write_bytes(p.read_bytes())
    total, n = 0, 0
    while total < args.mb * 1_000_000:
        text = page(rng, arts, junk).encode("utf-8")
        sub = out / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"page-{n:06d}.txt").write_bytes(text)
        total += len(text)
        n += 1
    print(f"{n} pages, {total / 1e6:.0f} MB in {out}")


if __name__ == "__main__":
    main()
