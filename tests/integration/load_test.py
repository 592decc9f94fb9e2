"""Load: 10 GiB of JSONL streamed through stdin to stdout in bounded memory, nothing
lost. Registered with the CTest label `load` (tests/CMakeLists.txt); BOILERSTRIP_LOAD_GIB
makes it smaller for a quick look."""
import json
import os
import random
import subprocess
import threading
import time
import unittest

from harness import BIN, wait_with_rss

GIB = float(os.environ.get("BOILERSTRIP_LOAD_GIB", "10"))
RSS_LIMIT_MIB = 256

WORDS = ("lemon cake oven butter sugar flour egg recipe family birthday morning garden river town "
         "market bread winter summer kitchen table friend letter story evening window street").split()


def pages(n, seed=7):
    """|n| distinct pages of prose paragraphs (kept) with a little boilerplate around them
    (removed), about 4-12 KB each: cheap to clean, but not one page repeated."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        paras = []
        for _ in range(rnd.randint(6, 18)):
            words = [rnd.choice(WORDS) for _ in range(rnd.randint(40, 110))]
            paras.append(" ".join(words).capitalize() + ".")
        head = ["Home > Recipes > Cakes", f"Page {i} title about {rnd.choice(WORDS)}"]
        tail = ["Similar articles", f"Copyright © 20{i % 25:02d} Example Site. All rights reserved."]
        out.append("\n".join(head) + "\n\n" + "\n\n".join(paras) + "\n\n" + "\n".join(tail) + "\n")
    return out


class LoadTest(unittest.TestCase):
    def test_10_gib_stream_in_bounded_memory_loses_nothing(self):
        # Each record is encoded once; only the id changes from one record to the next.
        encoded = [json.dumps({"text": p, "url": f"https://site{k % 37}.example/p{k}"}).encode()[1:]
                   for k, p in enumerate(pages(300))]
        target = int(GIB * (1 << 30))
        sent = {"records": 0, "bytes": 0}

        def feed(pipe):
            batch, size, k = [], 0, 0
            try:
                while sent["bytes"] < target:
                    rec = b'{"id": "r%d", ' % k + encoded[k % len(encoded)] + b"\n"
                    batch.append(rec)
                    size += len(rec)
                    k += 1
                    if size >= 1 << 20:
                        pipe.write(b"".join(batch))
                        sent["bytes"] += size
                        sent["records"] += len(batch)
                        batch, size = [], 0
                pipe.write(b"".join(batch))
                sent["bytes"] += size
                sent["records"] += len(batch)
            finally:
                pipe.close()

        start = time.time()
        child = subprocess.Popen([BIN, "clean", "--format", "jsonl", "-j", "2", "-q", "-"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        feeder = threading.Thread(target=feed, args=(child.stdin,))
        feeder.start()
        out_bytes = out_lines = 0
        last = b""
        while chunk := child.stdout.read(1 << 20):
            out_bytes += len(chunk)
            out_lines += chunk.count(b"\n")
            last = (last + chunk)[-(1 << 16):]
        feeder.join()
        err = child.stderr.read()
        code, rss_mib = wait_with_rss(child)
        seconds = time.time() - start
        print(f"\n{sent['bytes'] / (1 << 30):.2f} GiB, {sent['records']} records in, {out_lines} out, "
              f"{out_bytes / (1 << 30):.2f} GiB out, {seconds:.0f} s, peak RSS {rss_mib:.0f} MiB")
        self.assertEqual((code, err), (0, b""))
        self.assertGreaterEqual(sent["bytes"], target)
        self.assertEqual(out_lines, sent["records"])
        # Input order is kept: the last record out is the last one in.
        self.assertEqual(json.loads(last.splitlines()[-1])["id"], f"r{sent['records'] - 1}")
        self.assertLess(out_bytes, sent["bytes"])  # the boilerplate went
        self.assertLess(rss_mib, RSS_LIMIT_MIB)


if __name__ == "__main__":
    unittest.main(verbosity=2)
