#!/usr/bin/python3
"""Rebalances that meet newseventsd's own flow control (the pause at max.inflight).

    /usr/bin/python3 tests/integration/test_rebalance.py --daemon build/newseventsd \\
        --broker build/testbroker [--cli build/newsevents] [unittest options]

A two-broker test broker: the input topic and the group's coordinator on
broker 1, the output and dead-letter topics on broker 2. Taking broker 2 down
stops every delivery report while the daemon still reads, so the daemon
fills max.inflight and pauses its partitions, and stays paused until broker 2
is up again: a state the test can hold while a second member joins, takes
partitions and leaves.
"""

import os
import re
import sys
import zlib
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
import test_daemon as td  # noqa: E402


def group_on_broker_1():
    """A group id whose coordinator is broker 1 of 2: the mock picks the broker by
    CRC-32 of the id modulo the number of brokers, counting from broker 1."""
    while True:
        g = h.unique("newseventsd")
        if zlib.crc32(g.encode()) % 2 == 0:
            return g


class PausedRebalanceTests(td.StreamTest):

    def setUp(self):
        td.Workdir.setUp(self)
        self.t_in, self.t_out = h.unique("articles"), h.unique("events")
        self.t_dl = h.unique("deadletters")
        self.group = group_on_broker_1()
        self.broker = h.Broker(td.CONFIG["broker"], {self.t_in: self.PARTITIONS,
                                                     self.t_out: self.PARTITIONS, self.t_dl: 1},
                               self.work, nbrokers=2)
        for p in range(self.PARTITIONS):
            self.broker.command(f"leader {self.t_in} {p} 1")
            self.broker.command(f"leader {self.t_out} {p} 2")
        self.broker.command(f"leader {self.t_dl} 0 2")
        self.bootstrap = self.broker.bootstrap
        self.empty_conf = self.write("empty.conf", "")
        self.offsets = self.track(h.Offsets(self.bootstrap, self.t_in, self.PARTITIONS,
                                            self.group))

    def statuses(self, sock, after=0):
        return [x for x in sock.lines()[after:] if x.startswith("STATUS=")]

    def test_partitions_revoked_while_paused_are_read_when_they_come_back(self):
        sock = self.track(h.NotifySocket(os.path.join(self.work, "notify.sock")))
        env = dict(td.CONFIG["env"], NOTIFY_SOCKET=sock.path)
        articles = [h.good_article(f"pause-{i:04d}", i, partition=i % self.PARTITIONS)
                    for i in range(168)]
        acc = self.expectations(articles)
        h.produce(self.bootstrap, self.t_in, articles[:40])
        a = self.start_daemon("first", {"max.inflight": "20", "revoke.timeout.ms": "1000",
                                        "status.interval.ms": "200",
                                        "kafka.reconnect.backoff.max.ms": "500"}, env=env)
        a.wait_log(r"ready: joined group, 4 partitions", 30)
        out = self.reader(self.t_out)
        out.wait_count(10, 60)

        # No delivery reports: the first instance fills max.inflight and pauses.
        self.broker.command("down 2")
        seen = len(sock.lines())
        h.produce(self.bootstrap, self.t_in, articles[40:160])
        h.wait_until(lambda: any(", paused" in x for x in self.statuses(sock, seen)), 30,
                     "the first instance to pause", state=lambda: self.statuses(sock)[-2:])
        b = self.start_daemon("second", {"kafka.reconnect.backoff.max.ms": "500"})
        b.wait_log(r"assigned [1-9]\d* partitions", 60)
        m = a.wait_log(r"^<6>revoked ([1-9]\d*) partitions", 60)
        self.assertLess(int(m.group(1)), self.PARTITIONS)

        # Deliveries again: the first instance drains and resumes the partitions it kept.
        self.broker.command("up 2")
        seen = len(sock.lines())
        h.wait_until(lambda: any(", paused" not in x and "partitions 0" not in x
                                 for x in self.statuses(sock, seen)), 60,
                     "the first instance to resume", state=lambda: self.statuses(sock)[-2:])
        self.stop_daemon(b, 60)
        h.wait_until(lambda: len(re.findall(r"(?m)^<6>assigned [1-9]\d* partitions", a.log())) >= 2,
                     60, "the first instance to get the partitions back")

        # New articles on every partition, fewer than max.inflight, so that the daemon does not
        # pause again (a pause and resume of its whole assignment would hide the bug): those on
        # the partitions it got back must be read too.
        h.produce(self.bootstrap, self.t_in, articles[160:])
        self.offsets.wait_committed_to_end(60, [a])
        self.stop_daemon(a)
        out.read_to_end()
        self.assert_no_loss(acc, out.messages, dups_allowed=True)


if __name__ == "__main__":
    sys.exit(td.main(sys.modules[__name__]))
