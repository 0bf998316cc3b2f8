"""Integration tests of issue 8: crawler articles and unsupported languages in the daemon.

The real newseventsd against the test broker (librdkafka's mock cluster on 127.0.0.1):
articles as crawlers send them (tests/fixtures/input/) give the records `newsevents extract`
gives for the same bytes, and an article in a language the coder does not read is routed by
`unsupported.action` (skip, deadletter, topic:NAME) with nothing lost and every offset
committed.

Run as `tests/integration/test_input.py --daemon build/newseventsd --broker build/testbroker`
(make integration does).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import unittest
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
import test_daemon as td  # noqa: E402  (CONFIG, StreamTest, the schemas, main's runner)

ROOT = Path(__file__).resolve().parents[2]
INPUT = ROOT / "tests" / "fixtures" / "input"

FRENCH = (INPUT / "fr-article.json").read_bytes().strip()	# {"id": "fr-1", ...}, no language given


def crawler_articles():
    """The fixtures as Kafka messages, without keys, so the id is the same hash as the CLI's."""
    out = []
    for name in ("newsplease-cairo.json", "trafilatura-belgrade.jsonl", "page-footer.html",
                 "page-tokyo.html"):
        value = (INPUT / name).read_bytes()
        if name.endswith(".jsonl"):
            value = value.rstrip(b"\n")
        a = h.Article(name, value, partition=len(out) % 4)
        a.key = None
        out.append(a)
    return out


def cli_records(value):
    """The records `newsevents extract` makes of one message given on standard input."""
    p = subprocess.run([td.CONFIG["cli"], "extract"], input=value, capture_output=True,
                       timeout=120, env=td.CONFIG["env"])
    assert p.returncode in (0, 65), p.stderr
    return [json.loads(l) for l in p.stdout.splitlines()]


def canonical(recs):
    return sorted(json.dumps(r, sort_keys=True) for r in recs)


class CrawlerInputTests(td.StreamTest):

    def test_crawler_articles_give_the_records_the_cli_gives(self):
        articles = crawler_articles()
        h.produce(self.bootstrap, self.t_in, articles)
        expected = [r for a in articles for r in cli_records(a.value)]
        self.assertGreaterEqual(len(expected), 8, "the fixtures give too few records to compare")
        d = self.start_daemon("newseventsd")
        self.offsets.wait_committed_to_end(60, [d])
        self.stop_daemon(d)
        got = [json.loads(m.value) for m in self.reader(self.t_out).read_to_end()]
        self.assertEqual(canonical(got), canonical(expected))
        for r in got:
            self.assertEqual([e.message for e in td.EVENT.iter_errors(r)], [], r["event_id"])
        urls = {r["url"] for r in got}
        self.assertIn("https://wire.example.invalid/2024/03/05/cairo-talks", urls)
        self.assertIn("https://news.example.invalid/2023/10/02/serbia-kosovo", urls)
        self.assertEqual(self.reader(self.t_dl).read_to_end(), [])

    def test_input_field_settings_map_other_names(self):
        a = h.Article("mapped-1", json.dumps({"uid": "mapped-1", "body": "Germany criticized Russia.",
                                              "link": "https://x.invalid/1"}).encode(), partition=0)
        # Articles of the project's shape on the other partitions, so every one has an end to reach.
        others = [h.Article(f"plain-{p}", json.dumps({"id": f"plain-{p}", "text": "Nothing happened."}
                                                     ).encode(), partition=p) for p in (1, 2, 3)]
        h.produce(self.bootstrap, self.t_in, [a] + others)
        d = self.start_daemon("newseventsd", {"input.field.text": "content,body",
                                              "input.field.url": "link", "input.field.id": "uid"})
        self.offsets.wait_committed_to_end(60, [d])
        self.stop_daemon(d)
        recs = [json.loads(m.value) for m in self.reader(self.t_out).read_to_end()]
        self.assertEqual([(r["code"][:2], r["article_id"], r["url"]) for r in recs],
                         [("11", "mapped-1", "https://x.invalid/1")])


class UnsupportedLanguageTests(td.StreamTest):

    def setUp(self):
        super().setUp()
        self.t_fr = h.unique("unsupported")
        self.broker.command(f"topic {self.t_fr} 1")

    def mixed(self):
        articles = [h.good_article(f"en-{i}", i, partition=i % 4) for i in range(6)]
        fr = h.Article("fr-1", FRENCH, key=b"key-fr-1", partition=1)
        mislabelled = h.Article("lab-1", json.dumps({"id": "lab-1", "language": "es",
                                                     "text": "Germany criticized Russia."}).encode(),
                                key=b"key-lab-1", partition=2)
        h.produce(self.bootstrap, self.t_in, articles + [fr, mislabelled])
        return articles, [fr, mislabelled]

    def run_with(self, action, extra=None):
        good, foreign = self.mixed()
        acc = self.expectations(good)
        settings = {"unsupported.action": action, "log.level": "debug"}
        settings.update(extra or {})
        d = self.start_daemon("newseventsd", settings)
        ends = self.offsets.wait_committed_to_end(60, [d])
        self.assertEqual(sum(ends.values()), len(good) + len(foreign))
        self.stop_daemon(d)
        self.assert_no_loss(acc, self.reader(self.t_out).read_to_end(), dups_allowed=False)
        return d, foreign

    def assert_routed(self, msgs, foreign):
        by_key = {m.key: m for m in msgs}
        self.assertEqual(set(by_key), {a.key for a in foreign})
        for a in foreign:
            m = by_key[a.key]
            hd = m.header_dict()
            self.assertEqual([e.message for e in td.DEADLETTER.iter_errors(hd)], [], hd)
            self.assertEqual(hd["x-error-code"], "unsupported_language")
            self.assertEqual(m.value, a.value, "not the original bytes")
            self.assertEqual(hd["x-source-topic"], self.t_in)
            self.assertEqual((int(hd["x-source-partition"]), int(hd["x-source-offset"])),
                             (a.partition, a.offset))
        self.assertIn("'fr'", by_key[b"key-fr-1"].header_dict()["x-error-reason"])
        self.assertIn("'es'", by_key[b"key-lab-1"].header_dict()["x-error-reason"])

    def test_skip_counts_each_language_and_logs_one_debug_line_each(self):
        d, foreign = self.run_with("skip")
        self.assertEqual(self.reader(self.t_dl).read_to_end(), [])
        self.assertEqual(self.reader(self.t_fr, 1).read_to_end(), [])
        log = d.log()
        for aid in ("fr-1", "lab-1"):
            lines = [l for l in log.splitlines() if f"'{aid}' skipped: unsupported_language" in l]
            self.assertEqual(len(lines), 1, f"{aid}: {lines}")
            self.assertTrue(lines[0].startswith("<7>"), lines[0])
        self.assertRegex(log, r"stopped: 8 articles, .*, 2 articles skipped")

    def test_skip_counts_each_language_in_status_and_metrics(self):
        sock = h.NotifySocket(os.path.join(self.work, "notify.sock"))
        self.closers.append(sock.close)
        env = dict(td.CONFIG["env"])
        env.update(NOTIFY_SOCKET=sock.path)
        good, foreign = self.mixed()
        d = self.start_daemon("newseventsd", {"status.interval.ms": "200",
                                              "metrics.listen": "127.0.0.1:0"}, env=env)
        m = d.wait_log(r"^<6>metrics: GET /metrics, /healthz and /ready on 127\.0\.0\.1:0 "
                       r"\(port (\d+)\)$", 30)
        self.offsets.wait_committed_to_end(60, [d])
        h.wait_until(lambda: any(re.search(r"skipped 2 \((fr 1, es 1|es 1, fr 1)\)", x)
                                 for x in sock.lines()), 10,
                     "a STATUS= line counting both, by language", state=lambda: sock.lines()[-3:])
        with urllib.request.urlopen(f"http://127.0.0.1:{m.group(1)}/metrics", timeout=5) as r:
            text = r.read().decode()
        self.stop_daemon(d)
        for lang in ("fr", "es"):
            self.assertRegex(text, r'(?m)^newseventsd_articles_skipped_total\{reason="unsupported_language",'
                             rf'language="{lang}"\}} 1$')

    def test_deadletter_sends_them_to_the_dead_letter_topic(self):
        d, foreign = self.run_with("deadletter")
        self.assert_routed(self.reader(self.t_dl).read_to_end(), foreign)
        self.assertEqual(self.reader(self.t_fr, 1).read_to_end(), [])

    def test_topic_sends_the_original_message_and_headers_to_that_topic(self):
        d, foreign = self.run_with(f"topic:{self.t_fr}")
        self.assert_routed(self.reader(self.t_fr, 1).read_to_end(), foreign)
        self.assertEqual(self.reader(self.t_dl).read_to_end(), [])
        self.assertRegex(d.log(), r"stopped: 8 articles, 8 records, 2 dead letters")

    def test_a_bad_action_is_a_configuration_error(self):
        r = self.run_daemon("-c", self.empty_conf, "-X", "unsupported.action=drop", "--check-config")
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("unsupported.action", r.stderr)
        self.assertIn("drop", r.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--daemon", required=True, help="path to newseventsd")
    ap.add_argument("--broker", required=True, help="path to testbroker")
    ap.add_argument("--cli", help="path to newsevents (default: beside the daemon)")
    args, rest = ap.parse_known_args()
    td.CONFIG["daemon"] = os.path.abspath(args.daemon)
    td.CONFIG["broker"] = os.path.abspath(args.broker)
    td.CONFIG["cli"] = os.path.abspath(args.cli or os.path.join(os.path.dirname(args.daemon),
                                                                "newsevents"))
    env = dict(os.environ)
    for k in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"):
        env.pop(k, None)
    td.CONFIG["env"] = env
    runner = unittest.TextTestRunner(verbosity=2, resultclass=td.CountingResult)
    res = unittest.main(module="__main__", argv=[sys.argv[0]] + rest, testRunner=runner,
                        exit=False).result
    failed = len(res.failed_ids)
    skipped = len(res.skipped_ids - res.failed_ids)
    line = f"{res.testsRun - failed - skipped} passed, {failed} failed"
    print(line + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or not res.wasSuccessful() else 0


if __name__ == "__main__":
    sys.exit(main())
