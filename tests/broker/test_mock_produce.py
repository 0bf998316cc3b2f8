#!/usr/bin/python3
"""What the test broker (the 2.0.2 mock) keeps of an idempotent producer's messages under faults.

    /usr/bin/python3 tests/broker/test_mock_produce.py --broker build/testbroker [unittest options]

No daemon: a plain librdkafka producer (enable.idempotence, acks=all, the
settings newseventsd uses) writes a numbered stream to a 1-partition topic
of a 3-broker test broker while each response is delayed 200 ms, so that
several Produce requests of the partition are in flight at once, as in the
soak. One fault hits the stream in the middle; then the test reads the
partition back and compares it with the delivery reports.

The first test pins a defect of the mock (tests/broker/README.md, "Limits of
the mock"): the mock checks the sequence numbers of transactional producers
only, so after an injected Produce error (NOT_LEADER_FOR_PARTITION) fails one
request, it stores the next one of the same partition anyway, and librdkafka,
which trusts a broker to refuse a batch that skips a sequence, takes that
success as proof that the failed batch was stored too: its messages are
reported delivered, without an offset, and are not in the log. A real broker
refuses the later batch (OUT_OF_ORDER_SEQUENCE_NUMBER) and nothing is lost.
The other tests pin what the soak relies on instead: a dropped connection, a
leader move and a broker down and up in the middle of the same stream lose
nothing that was reported delivered.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
import unittest
from pathlib import Path

from confluent_kafka import OFFSET_BEGINNING, Producer, TopicPartition

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
import harness as h  # noqa: E402

BROKER = {}
RTT_MS = 200
N = 40		# messages in a stream
AT = 5		# the fault comes before message AT, while the first requests are in flight
GAP_S = 0.004	# between two messages: many requests in flight per RTT


class MockProduceTests(unittest.TestCase):

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="ne-mockp-")
        self.topic = h.unique("mockp")
        self.broker = h.Broker(BROKER["path"], {self.topic: 1}, self.work, nbrokers=3)

    def tearDown(self):
        self.broker.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def leader(self, p):
        md = p.list_topics(self.topic, timeout=10)
        return md.topics[self.topic].partitions[0].leader

    def stream(self, fault):
        """Produce N messages with fault(producer) before message AT.

        @returns ({value: (error, offset)} of the delivery reports, [values in the log])."""
        p = Producer({**h._common(self.broker.bootstrap), "enable.idempotence": True,
                      "acks": "all", "linger.ms": 0, "reconnect.backoff.max.ms": 500,
                      "message.timeout.ms": 60000})
        reports = {}

        def report(err, msg):
            reports[msg.value()] = (err, msg.offset())

        p.produce(self.topic, b"warm-up", on_delivery=report)
        self.assertEqual(p.flush(30), 0, "the warm-up message was not delivered")
        for b in (1, 2, 3):
            self.broker.command(f"rtt {b} {RTT_MS}")
        for i in range(N):
            if i == AT:
                fault(p)
            p.produce(self.topic, f"m{i:04d}".encode(), on_delivery=report)
            p.poll(0)
            time.sleep(GAP_S)
        self.assertEqual(p.flush(60), 0, "messages left undelivered after 60 s")
        for b in (1, 2, 3):
            self.broker.command(f"rtt {b} 0")
        return reports, self.read_back()

    def read_back(self):
        c = h.new_consumer(self.broker.bootstrap)
        try:
            _, end = c.get_watermark_offsets(TopicPartition(self.topic, 0), timeout=10)
            c.assign([TopicPartition(self.topic, 0, OFFSET_BEGINNING)])
            got, pos = [], 0
            deadline = time.monotonic() + 30
            while pos < end and time.monotonic() < deadline:
                m = c.poll(0.2)
                if m is not None and m.error() is None:
                    got.append(m.value())
                    pos = m.offset() + 1
            self.assertGreaterEqual(pos, end, f"read the log to {pos} of {end} in 30 s")
            return got
        finally:
            c.close()

    def delivered_but_missing(self, reports, stored):
        self.assertEqual(len(reports), N + 1)
        errors = {v: e for v, (e, _) in reports.items() if e is not None}
        self.assertEqual(errors, {}, "delivery reports with an error")
        have = set(stored)
        return sorted(v for v in reports if v not in have)

    def test_an_injected_produce_error_loses_messages_reported_delivered(self):
        reports, stored = self.stream(
            lambda p: self.broker.command("error Produce NOT_LEADER_FOR_PARTITION 1"))
        missing = self.delivered_but_missing(reports, stored)
        self.assertNotEqual(missing, [], "every message reported delivered is in the log: the "
                            "mock checks idempotent sequence numbers now (a librdkafka newer "
                            "than 2.0.2?); the soak may inject Produce errors again, and "
                            "tests/broker/README.md and tests/integration/README.md change")
        # They were acknowledged implicitly (by the next batch's success): no offset.
        self.assertTrue(all(reports[v][1] is None for v in missing),
                        f"missing messages with an offset: {[(v, reports[v]) for v in missing]}")

    def test_a_dropped_connection_loses_nothing(self):
        reports, stored = self.stream(lambda p: self.broker.command("error Produce _TRANSPORT 1"))
        self.assertEqual(self.delivered_but_missing(reports, stored), [])

    def test_a_leader_move_loses_nothing(self):
        def move(p):
            self.broker.command(f"leader {self.topic} 0 {self.leader(p) % 3 + 1}")
        reports, stored = self.stream(move)
        self.assertEqual(self.delivered_but_missing(reports, stored), [])

    def test_a_broker_down_and_up_loses_nothing(self):
        def outage(p):
            b = self.leader(p)
            self.broker.command(f"down {b}")
            time.sleep(1)
            self.broker.command(f"up {b}")
        reports, stored = self.stream(outage)
        self.assertEqual(self.delivered_but_missing(reports, stored), [])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--broker", required=True, help="path to testbroker")
    args, rest = ap.parse_known_args()
    BROKER["path"] = os.path.abspath(args.broker)
    if not os.access(BROKER["path"], os.X_OK):
        ap.error(f"{BROKER['path']} is not executable (run: make build/testbroker)")
    prog = unittest.main(argv=[sys.argv[0]] + rest, exit=False,
                         testRunner=unittest.TextTestRunner(verbosity=2))
    res = prog.result
    failed = len(res.failures) + len(res.errors)
    print(f"{res.testsRun - failed} passed, {failed} failed")
    return 1 if failed or not res.wasSuccessful() else 0


if __name__ == "__main__":
    sys.exit(main())
