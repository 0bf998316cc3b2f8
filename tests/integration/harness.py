"""Helpers for the daemon's integration tests: processes, Kafka I/O, waiting.

Everything here talks to 127.0.0.1 only. Nothing sleeps for a fixed time:
every wait polls a condition until a deadline and fails with a message that
says what it was waiting for and what it saw last.

    Broker       build/testbroker as a child process; fault commands on stdin
    Daemon       build/newseventsd as a child process, stderr to a file
    produce()    write articles and learn where each one landed
    Feeder       a thread that keeps producing articles until told to stop
    Reader       a group-less reader of a whole topic (assign, from the start)
    Offsets      the daemon group's committed offsets and the log watermarks
    wait_until() poll a condition with a deadline
"""

import json
import os
import random
import re
import select
import socket
import struct
import subprocess
import threading
import time
import uuid
from collections import Counter, defaultdict

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition

# Mock-broker settings every client in the tests needs (tests/broker/README.md).
FETCH_WAIT_MS = 10
SESSION_TIMEOUT_MS = 6000
HEARTBEAT_MS = 500


class WaitTimeout(AssertionError):
    pass


def wait_until(cond, timeout, what, interval=0.05, state=None):
    """Call cond() until it returns a true value or timeout seconds pass.

    @returns that value. On timeout, fails with `what` and, when given, the
    text state() returns (the last thing seen), so the failure says why.
    """
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() >= deadline:
            extra = f" (last seen: {state()})" if state is not None else ""
            raise WaitTimeout(f"timed out after {timeout:.0f} s waiting for {what}{extra}")
        time.sleep(interval)


def unique(prefix):
    """A name no other test uses: topic names and group ids."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def tail(path, lines=150):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except OSError as e:
        return f"(cannot read {path}: {e})"
    return "\n".join(text.splitlines()[-lines:])


# ---------------------------------------------------------------- processes

class Broker:
    """build/testbroker with the given topics ({name: partitions})."""

    def __init__(self, path, topics, workdir, nbrokers=1):
        self.log_path = os.path.join(workdir, "testbroker.log")
        self._log = open(self.log_path, "wb")
        cmd = [path, "-b", str(nbrokers)]
        for name, parts in topics.items():
            cmd += ["-t", f"{name}:{parts}"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._log)
        self.bootstrap = self._readline(10, "the broker's bootstrap address")
        if not re.match(r"^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*$", self.bootstrap):
            raise AssertionError(f"testbroker printed {self.bootstrap!r}, not a 127.0.0.1 list")

    def _readline(self, timeout, what):
        deadline = time.monotonic() + timeout
        buf = b""
        fd = self.proc.stdout.fileno()
        while not buf.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                raise WaitTimeout(f"timed out after {timeout} s waiting for {what}; "
                                  f"broker log:\n{tail(self.log_path)}")
            r, _, _ = select.select([fd], [], [], left)
            if r:
                b = os.read(fd, 1)
                if not b:
                    raise AssertionError(f"testbroker closed stdout before {what}; "
                                         f"log:\n{tail(self.log_path)}")
                buf += b
        return buf.decode().strip()

    def command(self, line):
        """Send one fault command; @returns its answer, which must be 'ok'."""
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        answer = self._readline(10, f"the answer to '{line}'")
        if answer != "ok":
            raise AssertionError(f"testbroker answered {answer!r} to {line!r}")
        return answer

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()	# end of stdin stops it
            except OSError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self._log.close()


class Daemon:
    """One newseventsd process. Its stderr (the log) goes to NAME.log in workdir."""

    def __init__(self, path, workdir, name, args, env=None):
        self.name = name
        self.log_path = os.path.join(workdir, f"{name}.log")
        self._log = open(self.log_path, "wb")
        self.cmd = [path] + list(args)
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT, env=env)
        self.pid = self.proc.pid
        self.t_signal = None

    def alive(self):
        return self.proc.poll() is None

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", errors="replace")

    def wait_log(self, pattern, timeout):
        """Wait for a log line matching the regex. @returns the match."""
        rx = re.compile(pattern, re.M)

        def found():
            m = rx.search(self.log())
            if m is None and not self.alive():
                raise AssertionError(f"{self.name} exited ({self.proc.returncode}) before logging "
                                     f"/{pattern}/")
            return m
        return wait_until(found, timeout, f"{self.name} to log /{pattern}/")

    def signal(self, sig):
        self.t_signal = time.monotonic()
        self.proc.send_signal(sig)

    def wait_exit(self, timeout):
        """@returns the exit status; fails if still running after timeout seconds."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise WaitTimeout(f"{self.name} still running {timeout} s later") from None

    def vmhwm_kib(self):
        """Peak resident set size so far (VmHWM of /proc/PID/status), in KiB."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise AssertionError(f"no VmHWM in /proc/{self.pid}/status")

    def reap(self):
        """Kill if still running (a failed test) and release the log file."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


# ---------------------------------------------------------------- articles

COUNTRIES = ["Germany", "Russia", "France", "Japan", "Brazil", "Argentina", "China", "India",
             "Egypt", "Israel", "Turkey", "Iran", "Canada", "Mexico", "Kenya", "Nigeria", "Spain",
             "Italy", "Poland", "Ukraine", "Pakistan", "Indonesia", "Chile", "Peru", "Sweden",
             "Norway", "Greece", "Syria", "Iraq", "Cuba"]
# "{s} VERB {t}": each one a clear CAMEO event between two countries.
VERBS = ["criticized", "praised", "threatened", "condemned", "met with", "visited", "thanked",
         "warned", "rejected", "welcomed", "blamed", "sanctioned", "attacked", "supported",
         "invited", "denounced", "apologized to", "congratulated"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FILLER = ("Officials in the capital gave no further details about the talks, and the weather "
          "stayed mild through the afternoon while markets closed slightly higher. ")


class Article:
    """One input message: key, value bytes, and where the broker put it."""

    __slots__ = ("key", "value", "partition", "offset", "code", "aid")

    def __init__(self, aid, value, key=None, partition=None, code=None):
        self.aid = aid
        self.key = key if key is not None else aid.encode()
        self.value = value
        self.partition = partition
        self.offset = None
        self.code = code	# the expected dead-letter x-error-code, None for a good article


def good_article(aid, n, partition=None, pad_to=0):
    """An article with one or two clear events; n picks countries and verbs.

    pad_to > 0 adds event-free filler sentences until the JSON is about
    that many bytes.
    """
    s = COUNTRIES[n % len(COUNTRIES)]
    t = COUNTRIES[(n // len(COUNTRIES) + n + 1) % len(COUNTRIES)]
    if t == s:
        t = COUNTRIES[(n + 7) % len(COUNTRIES)]
    v = VERBS[n % len(VERBS)]
    text = f"{s} {v} {t} on {DAYS[n % len(DAYS)]}."
    if n % 3 == 0:	# a second event in every third article
        v2 = VERBS[(n + 5) % len(VERBS)]
        text += f" {t} {v2} {s}."
    body = {"id": aid, "text": text}
    if pad_to > 0:
        fill = (pad_to - len(json.dumps(body))) // len(FILLER)
        body["text"] = text + " " + FILLER * max(fill, 0)
    return Article(aid, json.dumps(body).encode(), partition=partition)


# The malformed kinds: (x-error-code, value bytes for an id and a size limit).
def _invalid_json(aid, limit):
    return b'{"id":"' + aid.encode() + b'","text":"Germany criticized Russia.'


def _not_utf8(aid, limit):
    return b'{"id":"' + aid.encode() + b'","text":"Germany \xff\xfe criticized Russia."}'


def _bad_field(aid, limit):
    return json.dumps({"id": aid, "text": 1234}).encode()


def _no_text(aid, limit):
    return json.dumps({"id": aid, "text": ""}).encode()


def _too_large(aid, limit):
    return json.dumps({"id": aid, "text": "France praised Japan. " * (limit // 20 + 10)}).encode()


def _nul_byte(aid, limit):
    return b'{"id":"' + aid.encode() + b'","text":"Spain \\u0000 thanked Italy."}'


MALFORMED = [("invalid_json", _invalid_json), ("not_utf8", _not_utf8), ("bad_field", _bad_field),
             ("no_text", _no_text), ("too_large", _too_large), ("nul_byte", _nul_byte)]


def malformed_article(aid, kind, limit, partition=None):
    code, make = MALFORMED[kind % len(MALFORMED)]
    return Article(aid, make(aid, limit), key=f"key-{aid}".encode(), partition=partition, code=code)


# ---------------------------------------------------------------- Kafka clients

def _common(bootstrap):
    # log_level 2: the test's own clients stay quiet through broker outages
    # and at teardown; their failures surface as exceptions or timeouts.
    return {"bootstrap.servers": bootstrap, "broker.address.family": "v4", "log_level": 2}


def new_producer(bootstrap, **extra):
    conf = _common(bootstrap)
    conf.update({"linger.ms": 5, "enable.idempotence": True, "message.max.bytes": 4000000,
                 "reconnect.backoff.max.ms": 500})
    conf.update(extra)
    return Producer(conf)


def produce(bootstrap, topic, articles, timeout=60):
    """Write the articles in order; record each one's partition and offset."""
    p = new_producer(bootstrap)
    errors = []

    def report(err, msg, a):
        if err is not None:
            errors.append(f"{a.aid}: {err}")
        else:
            a.partition, a.offset = msg.partition(), msg.offset()

    for a in articles:
        kw = {} if a.partition is None else {"partition": a.partition}
        while True:
            try:
                p.produce(topic, value=a.value, key=a.key,
                          on_delivery=lambda err, msg, a=a: report(err, msg, a), **kw)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
    left = p.flush(timeout)
    assert left == 0 and not errors, f"producing to {topic}: {left} undelivered, errors {errors[:5]}"
    return articles


class Feeder(threading.Thread):
    """Produce articles made by make(i) at about rate per second until stop()."""

    def __init__(self, bootstrap, topic, make, rate, gate=None):
        """gate, if given, is a threading.Event: while it is clear the feeder waits,
        and the time it waits is added to held (the rate holds after it, no burst)."""
        super().__init__(daemon=True)
        self.bootstrap, self.topic, self.make, self.rate = bootstrap, topic, make, rate
        self.gate = gate
        self.held = 0.0
        self.articles = []
        self.errors = []
        self._halt = threading.Event()

    def run(self):
        p = new_producer(self.bootstrap, **{"message.timeout.ms": 120000})
        t0 = time.monotonic()
        i = 0
        while not self._halt.is_set():
            if self.gate is not None and not self.gate.is_set():
                t = time.monotonic()
                p.poll(0.05)
                self.held += time.monotonic() - t
                t0 += time.monotonic() - t
                continue
            due = t0 + i / self.rate
            now = time.monotonic()
            if now < due:
                p.poll(min(due - now, 0.05))
                continue
            a = self.make(i)
            self.articles.append(a)

            def report(err, msg, a=a):
                if err is not None:
                    self.errors.append(f"{a.aid}: {err}")
                else:
                    a.partition, a.offset = msg.partition(), msg.offset()
            p.produce(self.topic, value=a.value, key=a.key, on_delivery=report)
            p.poll(0)
            i += 1
        self.left = p.flush(120)

    def stop(self, timeout=150):
        """Stop, wait until everything produced is acknowledged. @returns the articles."""
        self._halt.set()
        self.join(timeout)
        assert not self.is_alive(), "the feeder did not stop"
        assert self.left == 0 and not self.errors, \
            f"feeder: {self.left} undelivered, errors {self.errors[:5]}"
        return self.articles


def new_consumer(bootstrap, group=None, **extra):
    conf = _common(bootstrap)
    conf.update({"group.id": group or unique("reader"), "enable.auto.commit": False,
                 "enable.auto.offset.store": False, "auto.offset.reset": "earliest",
                 "fetch.wait.max.ms": FETCH_WAIT_MS, "enable.partition.eof": False,
                 "reconnect.backoff.max.ms": 500})
    conf.update(extra)
    return Consumer(conf)


class Message:
    """A consumed message, copied out of librdkafka's."""

    __slots__ = ("key", "value", "headers", "partition", "offset", "timestamp")

    def __init__(self, m):
        self.key = m.key()
        self.value = m.value()
        self.headers = m.headers() or []
        self.partition = m.partition()
        self.offset = m.offset()
        self.timestamp = m.timestamp()[1]	# ms; the producer sets it at produce()

    def header_dict(self):
        """Headers as {name: str}; a name given twice fails."""
        out = {}
        for k, v in self.headers:
            assert k not in out, f"header {k} appears twice"
            out[k] = v.decode("utf-8") if v is not None else None
        return out


class Reader:
    """Read a topic from the beginning on every partition, without a group."""

    def __init__(self, bootstrap, topic, partitions):
        self.topic = topic
        self.partitions = partitions
        self.c = new_consumer(bootstrap)
        self.c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
        self.messages = []

    def poll(self, timeout=0.1):
        for m in self.c.consume(num_messages=5000, timeout=timeout):
            if m.error() is not None:
                if m.error().code() != KafkaError._PARTITION_EOF:
                    raise AssertionError(f"reading {self.topic}: {m.error()}")
                continue
            self.messages.append(Message(m))
        return len(self.messages)

    def wait_count(self, n, timeout):
        return wait_until(lambda: self.poll() >= n, timeout,
                          f"{n} messages on {self.topic}", interval=0,
                          state=lambda: f"{len(self.messages)} messages")

    def read_to_end(self, timeout=30):
        """Read until every partition's position reaches its high watermark now."""
        ends = {}
        for p in range(self.partitions):
            _, hi = self.c.get_watermark_offsets(TopicPartition(self.topic, p), timeout=10)
            ends[p] = hi

        def at_end():
            self.poll()
            pos = {tp.partition: tp.offset for tp in self.c.position(
                [TopicPartition(self.topic, p) for p in range(self.partitions)])}
            return all(ends[p] <= 0 or pos.get(p, -1) >= ends[p] for p in ends)
        wait_until(at_end, timeout, f"the end of {self.topic} ({ends})", interval=0,
                   state=lambda: f"{len(self.messages)} messages")
        return self.messages

    def close(self):
        self.c.close()


class Offsets:
    """The daemon group's committed offsets and the topic's watermarks."""

    def __init__(self, bootstrap, topic, partitions, group):
        self.topic, self.partitions = topic, partitions
        self.c = new_consumer(bootstrap, group=group)	# never subscribes: does not join

    def committed(self):
        """@returns {partition: committed offset, or -1 when none}."""
        tps = self.c.committed([TopicPartition(self.topic, p) for p in range(self.partitions)],
                               timeout=10)
        return {tp.partition: (tp.offset if tp.offset >= 0 else -1) for tp in tps}

    def watermarks(self):
        """@returns {partition: (low, high)}."""
        return {p: self.c.get_watermark_offsets(TopicPartition(self.topic, p), timeout=10)
                for p in range(self.partitions)}

    def ends(self):
        return {p: hi for p, (lo, hi) in self.watermarks().items()}

    def wait_committed_to_end(self, timeout, daemons=()):
        """Wait until the committed offset is the log end on every partition."""
        ends = self.ends()
        last = {}

        def done():
            for d in daemons:
                assert d.alive(), f"{d.name} exited ({d.proc.returncode}) while working"
            last.update(self.committed())
            return all(last.get(p) == ends[p] for p in ends)
        wait_until(done, timeout, f"committed offsets to reach the log end {ends}",
                   interval=0.2, state=lambda: str(last))
        return ends

    def close(self):
        self.c.close()


# ---------------------------------------------------------------- expectations

def cli_expectations(cli, articles, max_bytes, env=None, timeout=300):
    """Run `newsevents extract` on the good articles.

    @returns {article id: Counter of event_id} with every article present.
    """
    data = b"".join(a.value + b"\n" for a in articles)
    args = [cli, "extract"] + (["--max-bytes", str(max_bytes)] if max_bytes else [])
    p = subprocess.run(args, input=data, capture_output=True, timeout=timeout, env=env)
    assert p.returncode == 0, f"{args} exited {p.returncode}: {p.stderr.decode()[-2000:]}"
    out = {a.aid: Counter() for a in articles}
    for line in p.stdout.decode().splitlines():
        r = json.loads(line)
        out[r["article_id"]][r["event_id"]] += 1
    return out


class Accounting:
    """Compare what the daemon wrote with what the CLI produces."""

    def __init__(self, expected, event_validator, deadletter_validator=None, input_topic=None):
        self.expected = expected
        self.ev = event_validator
        self.dv = deadletter_validator
        self.input_topic = input_topic

    def records(self, messages):
        """Validate every record. @returns {article id: Counter of event_id}."""
        got = defaultdict(Counter)
        seen_raw = {}
        for m in messages:
            if m.value in seen_raw:	# a redelivered record: validated already
                r = seen_raw[m.value]
            else:
                r = json.loads(m.value)
                errs = [e.message for e in self.ev.iter_errors(r)]
                assert not errs, f"record at {m.partition}@{m.offset} fails the schema: {errs[:3]}"
                seen_raw[m.value] = r
            assert m.key == r["article_id"].encode(), \
                f"record key {m.key!r} is not its article_id {r['article_id']!r}"
            got[r["article_id"]][r["event_id"]] += 1
        return got

    def compare(self, messages, only=None):
        """@returns (missing, duplicates, unexpected): lists of strings, duplicate count.

        missing: expected event_ids absent; unexpected: event_ids the CLI
        did not produce; duplicates: copies beyond the expected count.
        only: restrict to these article ids.
        """
        got = self.records(messages)
        missing, unexpected, dups = [], [], 0
        ids = self.expected.keys() if only is None else only
        for aid in ids:
            exp = self.expected[aid]
            g = got.get(aid, Counter())
            for eid, n in exp.items():
                if g[eid] < n:
                    missing.append(f"{aid}/{eid}")
                dups += max(g[eid] - n, 0)
            for eid in g:
                if eid not in exp:
                    unexpected.append(f"{aid}/{eid}")
        for aid in got:
            if aid not in self.expected:
                unexpected.append(f"{aid}/*")
        return missing, dups, unexpected


def committed_articles_done(acc, articles, committed, messages):
    """Every good article below its partition's committed offset has all its records.

    @returns the ids of articles that were committed without being done.
    """
    below = [a.aid for a in articles if a.code is None and a.offset < committed.get(a.partition, -1)]
    missing, _, _ = acc.compare(messages, only=below)
    return missing


# ---------------------------------------------------------------- sd_notify

class NotifySocket:
    """An AF_UNIX datagram socket standing in for systemd's notify socket.

    A thread reads it all the time, as systemd does: sd_notify() blocks once
    the socket's queue (net.unix.max_dgram_qlen, 10 by default) is full.
    """

    def __init__(self, path):
        self.path = path
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.s.bind(path)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.s.settimeout(0.1)
        self.messages = []	# (sender pid or None, [lines]), appended by the thread
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        while not self._halt.is_set():
            try:
                data, anc, _, _ = self.s.recvmsg(4096, socket.CMSG_SPACE(12))
            except socket.timeout:
                continue
            except OSError:
                return
            pid = None
            for level, kind, cdata in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = struct.unpack("iII", cdata[:12])[0]
            self.messages.append((pid, data.decode("utf-8", errors="replace").split("\n")))

    def lines(self):
        return [line for _, lines in list(self.messages) for line in lines if line]

    def close(self):
        self._halt.set()
        self._thread.join(5)
        self.s.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass


def rng(seed):
    return random.Random(seed)

