#!/usr/bin/env python3
"""Sort a coder's misses on a span-annotated set into classes, to see where recall goes.

usage: triage.py SET [--cmd CMD] [--show CLASS] [--limit N]

For every expected event, the first class that applies:
  found        some record matches (category + both spans), as ../shared/eval/score counts it
  none         no record at all in the sentence
  category     records, none of the expected category (YIELD accepts CONCEDE/RETREAT)
  source       right category, but no such record's source overlaps the expected source span
  target-none  right category and source, the record has no target
  target-wrong right category and source, the record's target is elsewhere
Categories come from the scorer's own table (imported from ../shared/eval/score).
"""
import argparse
import collections
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCORE = os.path.join(HERE, "..", "..", "..", "shared", "eval", "score")


def load_scorer():
    loader = importlib.machinery.SourceFileLoader("score", SCORE)
    spec = importlib.util.spec_from_loader("score", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("--cmd", default="build/newsevents extract")
    ap.add_argument("--show", default=None)
    ap.add_argument("--limit", type=int, default=30)
    args = ap.parse_args()
    sc = load_scorer()
    gold = sc.scored([json.loads(l) for l in open(args.set, encoding="utf-8") if l.strip()])
    feed = "".join(json.dumps({"id": g["id"], "text": g["text"], "published_at": g.get("date")}) + "\n" for g in gold)
    run = subprocess.run(args.cmd, shell=True, input=feed.encode(), stdout=subprocess.PIPE, check=True)
    pred = sc.predicted([json.loads(l) for l in run.stdout.decode().splitlines() if l.strip()])
    counts = collections.Counter()
    shown = 0
    for g in gold:
        ps = pred.get(g["id"], [])
        for e in g["events"]:
            if any(sc.match(p, e, "event") for p in ps):
                cls = "found"
            elif not ps:
                cls = "none"
            else:
                cat = [p for p in ps if sc.same_category(p, e)]
                src = [p for p in cat if sc.side_ok(p, e, "source")]
                if not cat:
                    cls = "category"
                elif not src:
                    cls = "source"
                elif all(p["target_span"] is None for p in src):
                    cls = "target-none"
                else:
                    cls = "target-wrong"
            counts[cls] += 1
            if args.show == cls and shown < args.limit:
                shown += 1
                print(f"- {g['id']}: {g['text']}")
                print(f"  expected: {sc.side_text(e, 'source')} -> {sc.side_text(e, 'target')} {e['category']}")
                got = "; ".join(f"{p['source']} \"{p['source_text']}\" -> {p['target'] or '-'} \"{p['target_text'] or ''}\" "
                                f"{p['category']} {p['cameo']}" for p in ps) or "nothing"
                print(f"  got:      {got}")
    total = sum(counts.values())
    for k in ("found", "none", "category", "source", "target-none", "target-wrong"):
        print(f"{k:13s} {counts[k]:5d}  {counts[k] / total:.3f}")


if __name__ == "__main__":
    main()
