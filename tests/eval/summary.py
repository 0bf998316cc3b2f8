#!/usr/bin/env python3
"""One line per sentence of a set: the records the coder makes, for diffing two versions.

usage: summary.py SET [--cmd CMD] > out.txt; diff old.txt out.txt
Each line: id, then "code src->tgt" for every record (actors as code or "text").
"""
import argparse
import json
import subprocess


def actor(a):
    if not a:
        return "-"
    return (a.get("code") or "") + '"' + a.get("text", "") + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("--cmd", default="build/newsevents extract")
    args = ap.parse_args()
    gold = [json.loads(l) for l in open(args.set, encoding="utf-8") if l.strip()]
    feed = "".join(json.dumps({"id": g["id"], "text": g["text"], "published_at": g.get("date")}) + "\n" for g in gold)
    out = subprocess.run(args.cmd, shell=True, input=feed.encode(), stdout=subprocess.PIPE, check=True).stdout
    by = {}
    for line in out.decode().splitlines():
        r = json.loads(line)
        by.setdefault(r["article_id"], []).append(f"{r['code']} {actor(r['source_actor'])}->{actor(r['target_actor'])}")
    for g in gold:
        print(g["id"], " | ".join(by.get(g["id"], [])) or "nothing")


if __name__ == "__main__":
    main()
