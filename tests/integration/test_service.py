#!/usr/bin/python3
"""Integration tests of newseventsd as an operated service: reload.

Run from anywhere as

    /usr/bin/python3 tests/integration/test_service.py --daemon build/newseventsd \\
        --broker build/testbroker [--cli build/newsevents] [unittest options]

The real daemon against build/testbroker, as in test_daemon.py (whose base
classes, helpers and runner these tests share): each test has its own
broker, topics and group, and nothing waits a fixed time.
"""

import os
import re
import signal
import sys
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


if __name__ == "__main__":
    sys.exit(td.main(sys.modules[__name__]))
