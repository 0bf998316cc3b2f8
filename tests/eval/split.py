#!/usr/bin/env python3
"""Split a span-annotated development set into a tune part and a check part.

The split is fixed once, by a hash of each sentence's id: SHA-256 of the id,
first 8 hex digits as an integer, modulo 3; remainder 0 goes to *check*
(about one third), the rest to *tune*. Look at errors only in tune; score
check only at milestones (tests/eval/README.md).

usage: split.py SET OUTDIR   -> OUTDIR/tune.jsonl, OUTDIR/check.jsonl
"""
import hashlib
import os
import sys


def part(sid):
    h = int(hashlib.sha256(sid.encode("utf-8")).hexdigest()[:8], 16)
    return "check" if h % 3 == 0 else "tune"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    outs = {p: open(os.path.join(outdir, p + ".jsonl.tmp"), "w", encoding="utf-8") for p in ("tune", "check")}
    import json
    counts = {"tune": 0, "check": 0}
    with open(src, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            p = part(json.loads(line)["id"])
            outs[p].write(line if line.endswith("\n") else line + "\n")
            counts[p] += 1
    for p, fh in outs.items():
        fh.close()
        os.replace(os.path.join(outdir, p + ".jsonl.tmp"), os.path.join(outdir, p + ".jsonl"))
    print(f"{src}: tune {counts['tune']}, check {counts['check']}", file=sys.stderr)


if __name__ == "__main__":
    main()
