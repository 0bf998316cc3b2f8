#!/usr/bin/env python3
"""Turn tests/eval/own-sentences.tsv into the scorer's span format (dev-news.jsonl's).

usage: own.py [--part study|held] [TSV] > own.jsonl
Each line CATEGORY<TAB>source<TAB>target<TAB>sentence; "*" leaves a side unmarked.
A side is the first occurrence of its text in the sentence (UTF-8 byte offsets).
--part keeps the sentences whose SHA-1 is 0 mod 3 (held) or the others (study).
"""
import hashlib
import json
import os
import sys

QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "REQUEST": 1, "COOPERATE": 2, "AID": 2,
        "YIELD": 2, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 4,
        "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}


def span(text, part, where):
    if part == "*":
        return None
    start = text.find(part)
    if start < 0:
        sys.exit("%s: %r is not in the sentence" % (where, part))
    b = len(text[:start].encode())
    return [b, b + len(part.encode())]


def main():
    args = sys.argv[1:]
    part = None
    if len(args) >= 2 and args[0] == "--part" and args[1] in ("study", "held"):
        part = args[1]
        args = args[2:]
    path = args[0] if args else os.path.join(os.path.dirname(__file__), "own-sentences.tsv")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or fields[0] not in QUAD:
                sys.exit("%s:%d: want CATEGORY<TAB>source<TAB>target<TAB>sentence" % (path, n))
            cat, src, tgt, text = fields
            digest = hashlib.sha1(text.encode()).hexdigest()
            if part and (int(digest, 16) % 3 == 0) != (part == "held"):
                continue
            where = "%s:%d" % (path, n)
            ev = {"category": cat, "source": [], "target": [],
                  "source_span": span(text, src, where), "target_span": span(text, tgt, where),
                  "source_text": None if src == "*" else src, "target_text": None if tgt == "*" else tgt,
                  "quad": QUAD[cat], "cameo": None}
            rid = "own:" + digest[:8]
            print(json.dumps({"id": rid, "text": text, "date": None, "suite": "news",
                              "expect": "events", "events": [ev]}))


if __name__ == "__main__":
    main()
