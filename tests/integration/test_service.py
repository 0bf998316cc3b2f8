#!/usr/bin/python3
"""Integration tests of newseventsd as an operated service: reload, metrics, secrets, reset.

Run from anywhere as

    /usr/bin/python3 tests/integration/test_service.py --daemon build/newseventsd \\
        --broker build/testbroker [--cli build/newsevents] [unittest options]

The real daemon against build/testbroker, as in test_daemon.py (whose base
classes, helpers and runner these tests share): each test has its own
broker, topics and group, and nothing waits a fixed time.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
import test_daemon as td  # noqa: E402


def big_article(aid, n):
    """An article of about 3 KB: over a 2 KiB max.article.bytes, under 8 KiB."""
    return h.good_article(aid, n, pad_to=3000)


class ReloadTests(td.StreamTest):
    """SIGHUP re-reads the configuration file and applies the reloadable keys."""

    def conf(self, text):
        """Write the test's configuration file (again). @returns its path."""
        return self.write("newseventsd.conf", text)

    def reload(self, d, sock=None):
        """SIGHUP, and wait until the daemon has logged its answer (applied or refused)."""
        done = re.compile(r"(?m)^<\d>reload: (applied|.* has errors)")
        before = len(done.findall(d.log()))
        n_ready = sock.lines().count("READY=1") if sock else 0
        d.signal(signal.SIGHUP)
        h.wait_until(lambda: len(done.findall(d.log())) > before, 30,
                     "the daemon to log the reload's outcome")
        if sock:
            h.wait_until(lambda: sock.lines().count("READY=1") > n_ready, 10,
                         "READY=1 after the reload", state=lambda: sock.lines()[-4:])

    def test_sighup_applies_log_level_and_max_article_bytes_under_load(self):
        sock = h.NotifySocket(os.path.join(self.work, "notify.sock"))
        self.closers.append(sock.close)
        env = dict(td.CONFIG["env"], NOTIFY_SOCKET=sock.path)
        path = self.conf("max.article.bytes = 2KiB\nlog.level = err\n")
        feeder = h.Feeder(self.bootstrap, self.t_in, lambda i: big_article(f"rl-{i:05d}", i),
                          rate=60)
        d = self.start_daemon("newseventsd", env=env, conf=path)
        h.wait_until(lambda: "READY=1" in sock.lines(), 30, "READY=1")
        feeder.start()
        self.closers.append(lambda: feeder.is_alive() and feeder.stop())
        dl, out = self.reader(self.t_dl), self.reader(self.t_out)

        # 1. Every article is over 2 KiB: dead letters, and at log.level err not one warning.
        dl.wait_count(20, 60)
        self.assertEqual(out.poll(), 0, "records of articles over max.article.bytes")
        self.assertEqual(re.findall(r"(?m)^<[4-7]>.*", d.log()), [],
                         "lines below err logged at log.level = err")

        # 2. log.level = info: the dead letters' warnings appear, and the reload's own lines.
        self.conf("max.article.bytes = 2KiB\nlog.level = info\n")
        self.reload(d, sock)
        self.assertRegex(d.log(), r"(?m)^<6>reload: log\.level: 'err' -> 'info'$")
        d.wait_log(r"^<4>article '\?' sent to the dead-letter topic: too_large: article is "
                   r"\d+ bytes", 30)

        # 3. max.article.bytes = 8KiB: the same articles now give records.
        self.conf("max.article.bytes = 8KiB\nlog.level = info\n")
        self.reload(d, sock)
        self.assertRegex(d.log(), r"(?m)^<6>reload: max\.article\.bytes: '2KiB' -> '8KiB'$")
        after = len(feeder.articles)	# produced after the new limit was in force
        h.wait_until(lambda: len(feeder.articles) >= after + 60, 30, "60 more articles fed")
        articles = feeder.stop()
        self.offsets.wait_committed_to_end(120, [d])
        self.assertTrue(d.alive())
        self.stop_daemon(d)

        # Every article has exactly one outcome: its records, or one too_large dead letter.
        acc = self.expectations(articles, 8192)
        letters = {m.key: m.header_dict()["x-error-code"] for m in dl.read_to_end()}
        self.assertEqual(len(letters), len(dl.messages), "an article dead-lettered twice")
        self.assertEqual(set(letters.values()), {"too_large"})
        got = acc.records(out.read_to_end())
        both = [a.aid for a in articles if a.key in letters and got.get(a.aid)]
        neither = [a.aid for a in articles if a.key not in letters and not got.get(a.aid)]
        self.assertEqual((both, neither), ([], []), "articles with two outcomes, or none")
        late = [a.aid for a in articles[after:] if a.key in letters]
        self.assertEqual(late, [], "dead letters of articles fed after the 8KiB reload")
        missing, dups, _ = acc.compare(out.messages, only=[a.aid for a in articles
                                                            if a.key not in letters])
        self.assertEqual((missing[:10], dups), ([], 0))

        # systemd heard RELOADING=1 (with MONOTONIC_USEC=) then READY=1, for each reload.
        lines = sock.lines()
        reloading = [i for i, x in enumerate(lines) if x == "RELOADING=1"]
        self.assertEqual(len(reloading), 2, lines)
        for i in reloading:
            self.assertRegex(lines[i + 1], r"^MONOTONIC_USEC=\d+$")
            self.assertIn("READY=1", lines[i + 2:])
        print(f"\n  {len(articles)} articles fed at 60/s through two reloads: "
              f"{len(letters)} dead letters (too_large), {len(articles) - len(letters)} coded",
              file=sys.stderr)

    def test_sighup_refuses_a_bad_file_and_names_the_keys_that_need_a_restart(self):
        path = self.conf("max.article.bytes = 2KiB\n")
        d = self.start_daemon("newseventsd", conf=path)
        d.wait_log(r"ready: joined group", 30)
        dl, out = self.reader(self.t_dl), self.reader(self.t_out)
        first = [big_article(f"bad-{i:02d}", i) for i in range(8)]
        h.produce(self.bootstrap, self.t_in, first)
        dl.wait_count(8, 60)

        # A file with errors: each one logged as FILE:LINE: key 'K': why, and nothing applied,
        # not even its good first line.
        self.conf("max.article.bytes = 8KiB\nlog.level = loud\nworkers = many\n")
        self.reload(d)
        log = d.log()
        self.assertRegex(log, rf"(?m)^<3>{re.escape(path)}:2: key 'log\.level': value 'loud' .+")
        self.assertRegex(log, rf"(?m)^<3>{re.escape(path)}:3: key 'workers': value 'many' .+")
        self.assertRegex(log, rf"(?m)^<3>reload: {re.escape(path)} has errors; keeping the "
                              "configuration in force$")
        self.assertNotRegex(log, r"reload: max\.article\.bytes")
        second = [big_article(f"kept-{i:02d}", 20 + i) for i in range(8)]
        h.produce(self.bootstrap, self.t_in, second)
        dl.wait_count(16, 60)	# still over the 2 KiB in force
        self.assertEqual(out.poll(), 0)
        self.assertTrue(d.alive())

        # A good file changing reloadable and restart-only keys: the first applied, the
        # others named in the log and left as they run.
        self.conf("max.article.bytes = 8KiB\nmax.inflight = 77\nkafka.client.rack = r1\n")
        self.reload(d)
        log = d.log()
        self.assertRegex(log, r"(?m)^<6>reload: max\.article\.bytes: '2KiB' -> '8KiB'$")
        self.assertRegex(log, r"(?m)^<4>reload: max\.inflight changed \('1000' -> '77'\) but "
                              r"needs a restart")
        self.assertRegex(log, r"(?m)^<4>reload: kafka\.client\.rack changed \('\(unset\)' -> "
                              r"'\(set\)'\) but needs a restart")
        third = [big_article(f"new-{i:02d}", 40 + i) for i in range(8)]
        h.produce(self.bootstrap, self.t_in, third)
        acc = self.expectations(third, 8192)
        h.wait_until(lambda: out.poll() >= 0 and all(acc.records(out.messages).get(a.aid)
                                                      for a in third),
                     60, "the records of the articles fed after the reload")
        self.offsets.wait_committed_to_end(60, [d])
        self.stop_daemon(d)
        self.assertEqual(len(dl.read_to_end()), 16, "dead letters after the limit was raised")
        m = re.search(r"stopped: (\d+) articles", d.log())
        self.assertEqual(int(m.group(1)), 24)


ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "newseventsd.rules.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "newseventsd.json"


def promtool():
    tool = shutil.which("promtool")
    if tool is None:
        raise AssertionError("promtool is missing (Debian's prometheus): run make deps")
    return tool


def dashboard_exprs():
    """Every PromQL expression of the Grafana dashboard, its variables made concrete."""
    with open(DASHBOARD, encoding="utf-8") as f:
        dash = json.load(f)
    exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
    return [e.replace("$__rate_interval", "1m").replace("$instance", ".*") for e in exprs]


def referenced_metrics():
    """The metric names the alerting rules and the dashboard (queries, variables) use."""
    text = RULES.read_text() + DASHBOARD.read_text()
    return set(re.findall(r"\b((?:newseventsd|process)_[a-z_]+)\b", text))


def http_get(url, timeout=5):
    """@returns (status, body text) of GET url; 4xx and 5xx are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def parse_metrics(text):
    """{(name, frozenset of (label, value))}: value, from the text format."""
    out = {}
    rx = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = rx.match(line)
        assert m, f"not a sample line: {line!r}"
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def metric(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


def lexicon_version(directory):
    """The lexicon version as documented: FNV-1a 64 over each regular file's name
    (with a NUL) and content, in name order; written here independently of the C."""
    h = 0xcbf29ce484222325
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = name.encode() + b"\0" + f.read()
        for b in data:
            h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return f"{h:016x}"


class MetricsTests(td.StreamTest):
    """GET /metrics, /healthz and /ready on metrics.listen, against a run's real figures."""

    def endpoint(self, d):
        m = d.wait_log(r"^<6>metrics: GET /metrics, /healthz and /ready on 127\.0\.0\.1:0 "
                       r"\(port (\d+)\)$", 30)
        return f"http://127.0.0.1:{m.group(1)}"

    def promtool(self, text):
        p = subprocess.run([promtool(), "check", "metrics"], input=text, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual((p.returncode, p.stdout + p.stderr), (0, ""), "promtool check metrics")

    def test_metrics_count_what_the_run_did_and_pass_promtool(self):
        r = h.rng(9)
        articles, k = [], 0
        for i in range(200):
            if i % 10 == 3:
                articles.append(h.malformed_article(f"m-{i:03d}", k, 2048, partition=i % 4))
                k += 1
            else:
                articles.append(h.good_article(f"m-{i:03d}", r.randrange(1000), partition=i % 4))
        d = self.start_daemon("newseventsd", {"metrics.listen": "127.0.0.1:0",
                                              "max.article.bytes": "2048",
                                              "kafka.statistics.interval.ms": "300"})
        url = self.endpoint(d)

        # /ready is 503 with its reason until the group is joined; then 200.
        status, body = http_get(url + "/ready")
        self.assertEqual(status, 503, body)
        self.assertRegex(body, r"^not ready: (checking the output topics|joining the consumer "
                               r"group)\n$")
        seen = []

        def ready():
            seen.append(http_get(url + "/ready"))
            return seen[-1][0] == 200
        h.wait_until(ready, 30, "GET /ready to answer 200", interval=0.02)
        self.assertIn("ready: joined group", d.log(), "/ready said 200 before the group join")
        self.assertEqual(seen[-1][1], "ready: group joined\n")
        self.assertTrue(all(s == 503 for s, _ in seen[:-1]))
        status, body = http_get(url + "/healthz")
        self.assertEqual((status, body), (200, "ok: the loop turns\n"))

        h.produce(self.bootstrap, self.t_in, articles)
        ends = self.offsets.wait_committed_to_end(120, [d])
        self.assertEqual(sum(ends.values()), len(articles))
        records = self.reader(self.t_out).read_to_end()
        letters = self.reader(self.t_dl).read_to_end()

        # The lag of every partition reaches 0 once librdkafka has seen the commits.
        def lag_zero():
            s = parse_metrics(http_get(url + "/metrics")[1])
            lags = {dict(k[1]).get("partition"): v for k, v in s.items()
                    if k[0] == "newseventsd_consumer_lag"}
            return lags if len(lags) == 4 and not any(lags.values()) else None
        lags = h.wait_until(lag_zero, 30, "consumer_lag 0 on 4 partitions")
        self.assertEqual(set(lags), {"0", "1", "2", "3"})

        d.signal(signal.SIGHUP)	# the empty file again: one reload applied
        d.wait_log(r"reload: applied", 30)
        status, text = http_get(url + "/metrics")
        self.assertEqual(status, 200)
        self.promtool(text)
        s = parse_metrics(text)
        n, bad = len(articles), [a for a in articles if a.code is not None]
        expect = {
            "newseventsd_articles_consumed_total": n,
            "newseventsd_articles_done_total": n,
            "newseventsd_records_produced_total": len(records),
            "newseventsd_input_bytes_total": sum(len(a.value) for a in articles),
            "newseventsd_output_bytes_total": sum(len(m.value) for m in records + letters),
            "newseventsd_produce_failures_total": 0,
            "newseventsd_offsets_skipped_total": 0,
            "newseventsd_commit_failures_total": 0,
            "newseventsd_inflight_articles": 0,
            "newseventsd_assigned_partitions": 4,
            "newseventsd_paused_partitions": 0,
            "newseventsd_ready": 1,
            "newseventsd_extraction_seconds_count": n,
            "newseventsd_consume_to_commit_seconds_count": n,
        }
        got = {name: metric(s, name) for name in expect}
        self.assertEqual(got, expect)
        codes = Counter(a.code for a in bad)
        self.assertEqual({dict(k[1])["reason"]: v for k, v in s.items()
                          if k[0] == "newseventsd_dead_letters_total"}, dict(codes))
        self.assertEqual(len(letters), len(bad))
        self.assertGreater(len(records), 0)
        self.assertGreaterEqual(metric(s, "newseventsd_commits_total"), 1)
        self.assertGreaterEqual(metric(s, "newseventsd_rebalances_total", event="assigned"), 1)
        self.assertEqual(metric(s, "newseventsd_reloads_total", result="applied"), 1)
        self.assertEqual(metric(s, "newseventsd_extraction_seconds_bucket", le="+Inf"), n)
        self.assertGreater(metric(s, "newseventsd_extraction_seconds_sum"), 0)
        up = {dict(k[1])["client"]: v for k, v in s.items() if k[0] == "newseventsd_broker_up"}
        self.assertEqual(up, {"consumer": 1, "producer": 1})
        lexdir = os.path.join(os.path.dirname(td.CONFIG["daemon"]), "lexicon")
        self.assertEqual(metric(s, "newseventsd_lexicon_info", version=lexicon_version(lexdir)),
                         1)
        for name in ("process_resident_memory_bytes", "process_open_fds",
                     "process_cpu_seconds_total", "process_start_time_seconds"):
            self.assertGreater(metric(s, name), 0, name)
        self.assertEqual(http_get(url + "/nowhere")[0], 404)
        # Everything the alerting rules and the dashboard ask for is exported.
        families = set(re.findall(r"(?m)^# TYPE (\S+) ", text))
        hist = {f for f in families if re.search(rf"(?m)^# TYPE {f} histogram$", text)}
        names = {re.sub(r"_(bucket|sum|count)$", "", n) if re.sub(r"_(bucket|sum|count)$", "", n)
                 in hist else n for n in referenced_metrics()}
        self.assertEqual(sorted(names - families), [], "used by deploy/ but not exported")
        print(f"\n  /metrics after {n} articles: {len(records)} records, {len(letters)} dead "
              f"letters, {metric(s, 'newseventsd_commits_total'):.0f} commits, "
              f"{len(text)} bytes of text; promtool check metrics: clean", file=sys.stderr)
        self.stop_daemon(d)


class SecretTests(td.StreamTest):
    """Values read from files and from systemd credentials; --print-config hides secrets."""

    def test_a_credential_reaches_librdkafka_and_no_secret_is_printed(self):
        creds = os.path.join(self.work, "credentials")
        os.mkdir(creds, 0o700)
        group = h.unique("credgroup")
        with open(os.path.join(creds, "group"), "w") as f:
            f.write(group + "\n")
        with open(os.path.join(self.work, "password"), "w") as f:
            f.write("pw-from-a-file\n")
        path = self.conf_with("kafka.sasl.username = alice-in-clear\n"
                              "kafka.sasl.password = @file:password\n")
        env = dict(td.CONFIG["env"], CREDENTIALS_DIRECTORY=creds)

        # The effective configuration names where each secret comes from, never its value.
        p = self.run_daemon("-c", path, "-X", "kafka.group.id=@credential:group",
                            "--print-config", env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("\nkafka.sasl.password = @file:password\n", p.stdout)
        self.assertIn("\nkafka.group.id = @credential:group\n", p.stdout)
        self.assertRegex(p.stdout, rf"\n# kafka\.sasl\.username = \(a secret, not printed; "
                                   rf"set at {re.escape(path)}:1\)\n")
        for secret in ("alice-in-clear", "pw-from-a-file", group):
            self.assertNotIn(secret, p.stdout + p.stderr)
        p = self.run_daemon("-c", path, "-X", "kafka.group.id=@credential:group",
                            "--print-config", env=td.CONFIG["env"])
        self.assertEqual(p.returncode, td.EX_CONFIG)
        self.assertIn("-X:1: key 'kafka.group.id': '@credential:group' needs "
                      "$CREDENTIALS_DIRECTORY", p.stderr)

        # The daemon joins the group named by the credential: its offsets are committed there.
        articles = [h.good_article(f"cred-{i:02d}", i, partition=i % 4) for i in range(12)]
        h.produce(self.bootstrap, self.t_in, articles)
        d = self.start_daemon("newseventsd", {"kafka.group.id": "@credential:group",
                                              "kafka.sasl.password": "@file:" +
                                              os.path.join(self.work, "password")}, env=env)
        offs = self.track(h.Offsets(self.bootstrap, self.t_in, self.PARTITIONS, group))
        ends = offs.wait_committed_to_end(60, [d])
        self.assertEqual(sum(ends.values()), len(articles))
        self.assertEqual(set(self.offsets.committed().values()), {-1},
                         "the group of the -X line was used, not the credential's")
        self.stop_daemon(d)
        self.assertNotIn("pw-from-a-file", d.log())

    def conf_with(self, text):
        return self.write("newseventsd.conf", text)


class ResetTests(td.StreamTest):
    """newseventsd --reset-offsets: history coded again, never under a running group."""

    T2020 = 1577836800000	# 2020-01-01T00:00:00Z in ms
    T2021 = 1609459200000	# 2021-01-01T00:00:00Z

    def produce_at(self, articles, t0):
        """Write the articles with message timestamps t0, t0 + 1 s, ..."""
        p = h.new_producer(self.bootstrap)
        for i, a in enumerate(articles):
            def report(err, msg, a=a):
                self.assertIsNone(err)
                a.partition, a.offset = msg.partition(), msg.offset()
            p.produce(self.t_in, value=a.value, key=a.key, partition=a.partition,
                      timestamp=t0 + 1000 * i, on_delivery=report)
        self.assertEqual(p.flush(30), 0)

    def reset(self, spec, group=None):
        return self.run_daemon("-c", self.empty_conf, "-X", f"input.topic={self.t_in}",
                               "-X", f"kafka.bootstrap.servers={self.bootstrap}",
                               "-X", f"kafka.group.id={group or self.group}",
                               "-X", f"kafka.consumer.fetch.wait.max.ms={h.FETCH_WAIT_MS}",
                               f"--reset-offsets={spec}")

    def test_reset_to_a_time_codes_the_articles_after_it_again(self):
        # librdkafka's mock refuses a commit from outside a group that has ever had a
        # member, even once it is empty (Kafka stores it): the group here has never run.
        old = [h.good_article(f"y2020-{i:02d}", i, partition=i % 4) for i in range(24)]
        new = [h.good_article(f"y2021-{i:02d}", 30 + i, partition=i % 4) for i in range(24)]
        self.produce_at(old, self.T2020)
        self.produce_at(new, self.T2021)
        acc = self.expectations(old + new)

        p = self.reset("2021-01-01T00:00:00Z")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], f"group '{self.group}', topic '{self.t_in}': committed "
                                   "offsets set to 2021-01-01T00:00:00Z")
        self.assertEqual(lines[1:5], [f"partition {n}: none -> 6" for n in range(4)])
        self.assertEqual(lines[5], "4 partitions: 0 articles will be processed again, 0 skipped")
        self.assertEqual(self.offsets.committed(), {p: 6 for p in range(4)})
        p = self.reset("2020-01-01T00:00:03+00:00")	# back to the 4th 2020 article
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.splitlines()[1:6],
                         ["partition 0: 6 -> 1", "partition 1: 6 -> 1", "partition 2: 6 -> 1",
                          "partition 3: 6 -> 0",
                          "4 partitions: 21 articles will be processed again, 0 skipped"])
        p = self.reset("2021-01-01T00:00:00Z")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("4 partitions: 0 articles will be processed again, 21 skipped", p.stdout)

        d = self.start_daemon("from-2021")
        self.offsets.wait_committed_to_end(60, [d])
        self.stop_daemon(d)
        got = acc.records(self.reader(self.t_out).read_to_end())
        self.assertEqual(set(got), {a.aid for a in new}, "only the 2021 articles are coded")
        self.assertTrue(all(got[a.aid] == acc.expected[a.aid] for a in new))
        m = re.search(r"stopped: (\d+) articles", d.log())
        self.assertEqual(int(m.group(1)), 24)

    def test_reset_to_earliest_and_latest_and_of_a_group_that_never_committed(self):
        articles = [h.good_article(f"el-{i:02d}", i, partition=i % 4) for i in range(20)]
        self.produce_at(articles, self.T2021)
        fresh = h.unique("fresh")
        p = self.reset("earliest", group=fresh)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("partition 0: none -> 0\n", p.stdout)
        self.assertIn("4 partitions: 0 articles will be processed again, 0 skipped", p.stdout)
        offs = self.track(h.Offsets(self.bootstrap, self.t_in, 4, fresh))
        self.assertEqual(offs.committed(), {p: 0 for p in range(4)})
        p = self.reset("latest", group=fresh)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("partition 3: 0 -> 5\n", p.stdout)
        self.assertIn("4 partitions: 0 articles will be processed again, 20 skipped", p.stdout)
        self.assertEqual(offs.committed(), {p: 5 for p in range(4)})
        p = self.reset("2030-01-01")	# after every message: the end
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.offsets.committed(), {p: 5 for p in range(4)})
        p = self.reset("last tuesday")
        self.assertEqual(p.returncode, 64)
        self.assertIn("is not earliest, latest or an ISO 8601 time", p.stderr)

    def test_reset_is_refused_while_the_group_has_members(self):
        articles = [h.good_article(f"busy-{i:02d}", i, partition=i % 4) for i in range(8)]
        h.produce(self.bootstrap, self.t_in, articles)
        d = self.start_daemon("running")
        ends = self.offsets.wait_committed_to_end(60, [d])
        p = self.reset("earliest")
        self.assertEqual(p.returncode, 75, p.stdout + p.stderr)
        self.assertIn(f"group '{self.group}' has active members", p.stderr)
        self.assertEqual(p.stdout, "")
        self.assertEqual(self.offsets.committed(), ends, "offsets moved under a running group")
        self.assertTrue(d.alive())
        self.stop_daemon(d)
        self.assertNotIn("revok", d.log().split("ready: joined group")[1].split("stopping")[0],
                         "the reset disturbed the running group")


class DeployTests(td.Workdir):
    """deploy/: the alerting rules and the Grafana dashboard."""

    def test_alerting_rules_check_and_fire_on_their_test_series(self):
        p = subprocess.run([promtool(), "check", "rules", str(RULES)], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("SUCCESS: 7 rules found", p.stdout)
        p = subprocess.run([promtool(), "test", "rules", "newseventsd.rules.test.yml"],
                           cwd=RULES.parent, capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("SUCCESS", p.stdout)

    def test_dashboard_queries_are_valid_promql(self):
        exprs = dashboard_exprs()
        self.assertGreaterEqual(len(exprs), 20)
        # promtool parses PromQL only in rule files: each query becomes a recording rule.
        rules = ["groups:", "  - name: dashboard", "    rules:"]
        for i, e in enumerate(exprs):
            rules += [f"      - record: dashboard:query{i}", f"        expr: {json.dumps(e)}"]
        path = self.write("dashboard.rules.yml", "\n".join(rules) + "\n")
        p = subprocess.run([promtool(), "check", "rules", path], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn(f"SUCCESS: {len(exprs)} rules found", p.stdout)
        for want in ("newseventsd_consumer_lag", "newseventsd_dead_letters_total",
                     "newseventsd_consume_to_commit_seconds_bucket",
                     "newseventsd_articles_done_total"):
            self.assertTrue(any(want in e for e in exprs), f"no panel shows {want}")


if __name__ == "__main__":
    sys.exit(td.main(sys.modules[__name__]))
