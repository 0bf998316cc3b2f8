#!/usr/bin/python3
"""End-to-end throughput of newseventsd against build/testbroker on this machine.

Run from anywhere as

    /usr/bin/python3 tests/bench/bench_daemon.py --daemon build/newseventsd \
        --broker build/testbroker [--quick] [--repeat N] [--json FILE]

with Debian's python3 and python3-confluent-kafka. For every input and mode
it starts a fresh test broker, pre-fills the input topic, checks that the
broker kept every message (log start 0, log end = messages sent, on every
partition), then starts the daemon with a group of its own and times it from
the moment it has joined the group (its "assigned"/"ready" log line) until
the group's committed offsets equal the log end on every input partition,
polled every 100 ms. That is consume -> extract -> produce -> commit of the
whole backlog. The daemon is then stopped with SIGTERM and must exit 0 after
reporting every article done.

Inputs (each skipped with a message when its file is absent):
  reuters   every story of ../shared/corpus/reuters21578.jsonl, one JSON line
            per message, keyed by its id (--quick: the first 2,000);
  wikinews  ../shared/samples/us-iran-talks-2007.txt, a ~3.6 KB Wikinews
            report, sent 5,000 times as plain text with distinct keys
            (--quick: 500).
Modes: "extract" (the default configuration) and "pass" (-X extract=false:
each article is decoded and yields one small record naming its id).

The daemon runs with its built-in defaults (-c /dev/null, so no system
configuration file applies) except for the bench topics, a fresh group id,
and three keys: kafka.fetch.wait.max.ms=10 and kafka.session.timeout.ms=6000
(the mock broker's quirks, see tests/broker/README.md) and
kafka.auto.commit.interval.ms=100, so that the end is seen within ~0.1 s of
the last article instead of up to 1 s. Extra -X KEY=VALUE options are
passed on. Before each run the script waits (--settle, up to 30 s) for the
rest of the machine to go quiet.

The figures per run: articles, input MB (10^6 bytes of message values),
wall seconds, articles/s, MB/s, the daemon's CPU seconds over the timed span
(utime+stime of all its threads from /proc/PID/stat) and per article, the
records and dead letters produced (the log ends of the output and
dead-letter topics), the daemon's peak RSS (VmHWM just before SIGTERM), and
the broker's CPU over the same span. "last rec s" is the time from the start
to the timestamp of the last record written: the wall time without the
commit latency (auto-commit every 100 ms here, and the 100 ms poll).
"other cores" is the CPU the rest of the machine used meanwhile (every
process but the daemon, the broker and this script, from /proc/stat),
divided by the wall time: above ~0.1 the run shared the cores with other
work and its throughput is understated.

--coder BENCH_CODER (with --lexicon DIR, default build/lexicon) first runs
`bench_coder --brief` over the same two inputs and prints the daemon's CPU
per article over the coder's own per message (extraction alone, one core,
the whole Reuters corpus and the report): the ratio issue 10 asks to keep
under 1.10. With --quick the Reuters run is its first 2,000 stories, so
that ratio compares different samples.

The exit status is 0 when every run that was not skipped was valid, 1 when a
run failed or was invalid (data lost by the broker, daemon error, wrong
count, non-zero exit), 2 on a usage error.
"""

import argparse
import datetime
import json
import os
import platform
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

try:
    from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
    import confluent_kafka
except ImportError:
    print("bench_daemon: needs python3-confluent-kafka for /usr/bin/python3 "
          "(apt-get install python3-confluent-kafka)", file=sys.stderr)
    sys.exit(2)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "corpus" / "reuters21578.jsonl"
SAMPLE = SHARED / "samples" / "us-iran-talks-2007.txt"

IN_TOPIC, OUT_TOPIC, DL_TOPIC = "bench.articles", "bench.events", "bench.deadletter"
# The mock keeps 5 MiB per partition: 8 input partitions hold 40 MiB, twice the largest input.
IN_PARTITIONS, OUT_PARTITIONS, DL_PARTITIONS = 8, 8, 4   # input: --partitions
POLL_S = 0.1
START_TIMEOUT_S = 60        # broker line, daemon join
STALL_TIMEOUT_S = 120       # no committed offset moved for this long: give up
STOP_TIMEOUT_S = 60
CLK_TCK = os.sysconf("SC_CLK_TCK")

STOPPED_RE = re.compile(r"stopped: (\d+) articles, (\d+) records, (\d+) dead letters, "
                        r"(\d+) offset resets")


class RunError(Exception):
    """A run that could not be completed or whose result is not valid."""


# ---------------------------------------------------------------- inputs

def reuters_input(limit):
    """(name, [(key, value)]) for the Reuters corpus, or (name, None, why) when absent."""
    name = "reuters" if limit is None else f"reuters (first {limit})"
    if not REUTERS.is_file():
        return name, None, f"{REUTERS} not found"
    msgs = []
    with open(REUTERS, "rb") as f:
        for line in f:
            line = line.rstrip(b"\r\n")
            if not line:
                continue
            msgs.append((json.loads(line)["id"].encode(), line))
            if limit is not None and len(msgs) == limit:
                break
    return name, msgs, None


def wikinews_input(count):
    name = f"wikinews x{count}"
    if not SAMPLE.is_file():
        return name, None, f"{SAMPLE} not found"
    text = SAMPLE.read_bytes()
    return name, [(f"wikinews-bench-{i:06d}".encode(), text) for i in range(count)], None


# ---------------------------------------------------------------- processes

def cpu_seconds(pid):
    """utime + stime of every thread of pid, in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy_seconds():
    """CPU seconds spent by the whole machine (every core, every process) since boot."""
    with open("/proc/stat", encoding="ascii") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLK_TCK


def own_cpu_seconds():
    t = os.times()
    return t.user + t.system


def wait_quiet(limit_s, broker_pid, threshold=0.15):
    """Wait up to limit_s for half a second in which the rest of the machine used under
    threshold cores. @returns the cores it used in the last half second looked at."""
    deadline = time.monotonic() + limit_s
    while True:
        b0, o0, k0 = machine_busy_seconds(), own_cpu_seconds(), cpu_seconds(broker_pid)
        time.sleep(0.5)
        other = (machine_busy_seconds() - b0 - (own_cpu_seconds() - o0)
                 - (cpu_seconds(broker_pid) - k0)) / 0.5
        if other < threshold or time.monotonic() >= deadline:
            return other


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RunError("no VmHWM in /proc/PID/status")


class Broker:
    """build/testbroker with the bench topics, on 127.0.0.1; stops at the end of its stdin."""

    def __init__(self, path, logdir, nparts):
        self.log = open(logdir / "broker.log", "wb")
        self.proc = subprocess.Popen(
            [path, "-t", f"{IN_TOPIC}:{nparts}", "-t", f"{OUT_TOPIC}:{OUT_PARTITIONS}",
             "-t", f"{DL_TOPIC}:{DL_PARTITIONS}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)
        ready, _, _ = select.select([self.proc.stdout], [], [], START_TIMEOUT_S)
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line:
            self.stop()
            raise RunError(f"the test broker did not print its address (see {self.log.name})")
        self.bootstrap = line

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Daemon:
    """newseventsd with its stderr read by a thread that notes when it joined the group."""

    def __init__(self, path, args, logdir, broker_pid):
        self.broker_pid = broker_pid
        self.lines = []
        self.joined = threading.Event()
        self.t0 = self.t0_wall = self.cpu0 = self.broker_cpu0 = None
        self.busy0 = self.own0 = None
        self.logpath = logdir / "daemon.log"
        self.proc = subprocess.Popen([path] + args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        with open(self.logpath, "wb") as log:
            for raw in self.proc.stderr:
                log.write(raw)
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.lines.append(line)
                if not self.joined.is_set() and ("assigned " in line or "ready: joined group" in line):
                    # The partitions are assigned before the first fetch: start the clocks.
                    self.t0 = time.monotonic()
                    self.t0_wall = time.time()
                    try:
                        self.cpu0 = cpu_seconds(self.proc.pid)
                        self.broker_cpu0 = cpu_seconds(self.broker_pid)
                        self.busy0 = machine_busy_seconds()
                        self.own0 = own_cpu_seconds()
                    except OSError:
                        pass
                    self.joined.set()

    def stop(self):
        """SIGTERM, wait; @returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = f"still running {STOP_TIMEOUT_S} s after SIGTERM (killed)"
        self.reader.join(10)
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(10)

    def log_tail(self, n=8):
        return "\n".join("    " + x for x in self.lines[-n:])


# ---------------------------------------------------------------- Kafka helpers

def client_conf(bootstrap, **extra):
    conf = {"bootstrap.servers": bootstrap, "log_level": 3}
    conf.update(extra)
    return conf


def prefill(bootstrap, msgs, nparts):
    """Produce msgs round-robin over the input partitions; @returns the count per partition."""
    errors = []

    def on_delivery(err, _msg):
        if err is not None:
            errors.append(err)

    prod = Producer(client_conf(bootstrap, **{
        "linger.ms": 50, "batch.num.messages": 10000, "batch.size": 1000000,
        "queue.buffering.max.kbytes": 1048576, "queue.buffering.max.messages": 1000000,
        "enable.idempotence": True}))
    sent = [0] * nparts
    for i, (key, value) in enumerate(msgs):
        p = i % nparts
        while True:
            try:
                prod.produce(IN_TOPIC, value=value, key=key, partition=p, on_delivery=on_delivery)
                break
            except BufferError:
                prod.poll(0.1)
        sent[p] += 1
        if i % 1000 == 0:
            prod.poll(0)
    left = prod.flush(120)
    if left or errors:
        raise RunError(f"pre-fill: {left} messages undelivered, {len(errors)} errors "
                       f"({errors[:1]})")
    return sent


def watermarks(cons, topic, nparts):
    return [cons.get_watermark_offsets(TopicPartition(topic, p), timeout=10, cached=False)
            for p in range(nparts)]


def last_timestamp_ms(bootstrap, topic, marks):
    """The largest record timestamp among the last message of each partition, or None."""
    parts = [TopicPartition(topic, p, hi - 1) for p, (lo, hi) in enumerate(marks) if hi > lo]
    if not parts:
        return None
    cons = Consumer(client_conf(bootstrap, **{
        "group.id": "bench-reader-" + uuid.uuid4().hex, "enable.auto.commit": False,
        "fetch.wait.max.ms": 10}))
    try:
        cons.assign(parts)
        best, want = None, len(parts)
        deadline = time.monotonic() + 20
        while want > 0 and time.monotonic() < deadline:
            m = cons.poll(0.2)
            if m is None or m.error():
                continue
            want -= 1
            ts = m.timestamp()[1]
            best = ts if best is None or ts > best else best
        return best
    finally:
        cons.close()


# ---------------------------------------------------------------- one run

def one_run(opts, input_name, msgs, mode, logroot):
    """Pre-fill, run the daemon over the backlog, stop it. @returns a dict of figures."""
    logdir = Path(tempfile.mkdtemp(prefix=f"{mode}-", dir=logroot))
    nbytes = sum(len(v) for _, v in msgs)
    broker = Broker(opts.broker, logdir, opts.partitions)
    daemon = None
    probe = None
    try:
        sent = prefill(broker.bootstrap, msgs, opts.partitions)
        probe = Consumer(client_conf(broker.bootstrap, **{
            "group.id": "bench-probe-" + uuid.uuid4().hex, "enable.auto.commit": False}))
        marks = watermarks(probe, IN_TOPIC, opts.partitions)
        for p, ((lo, hi), n) in enumerate(zip(marks, sent)):
            if lo != 0 or hi != n:
                raise RunError(f"input partition {p} holds offsets {lo}..{hi} after sending {n}: "
                               f"the broker dropped messages (5 MiB retention per partition)")

        if opts.settle > 0:
            other = wait_quiet(opts.settle, broker.proc.pid)
            if other >= 0.15:
                print(f" (machine still busy: {other:.2f} cores in use by others)", end="", flush=True)
        group = "bench-" + uuid.uuid4().hex[:12]
        args = ["-c", "/dev/null",
                "-X", f"kafka.bootstrap.servers={broker.bootstrap}",
                "-X", f"input.topic={IN_TOPIC}", "-X", f"output.topic={OUT_TOPIC}",
                "-X", f"deadletter.topic={DL_TOPIC}", "-X", f"kafka.group.id={group}",
                "-X", "kafka.fetch.wait.max.ms=10", "-X", "kafka.session.timeout.ms=6000",
                "-X", "kafka.auto.commit.interval.ms=100",
                "-X", f"extract={'true' if mode == 'extract' else 'false'}"]
        for kv in opts.daemon_opt:
            args += ["-X", kv]
        watcher = Consumer(client_conf(broker.bootstrap, **{
            "group.id": group, "enable.auto.commit": False}))
        daemon = Daemon(opts.daemon, args, logdir, broker.proc.pid)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not daemon.joined.wait(0.1):
                if daemon.proc.poll() is not None:
                    daemon.reader.join(5)
                    raise RunError(f"the daemon exited with status {daemon.proc.returncode} "
                                   "before joining its group:\n" + daemon.log_tail())
                if time.monotonic() > deadline:
                    raise RunError(f"the daemon did not join its group within {START_TIMEOUT_S} "
                                   "s:\n" + daemon.log_tail())
            want = [hi for _, hi in marks]
            tps = [TopicPartition(IN_TOPIC, p) for p in range(opts.partitions)]
            last_sum, last_move = -1, time.monotonic()
            while True:
                if daemon.proc.poll() is not None:
                    raise RunError(f"the daemon exited early with status {daemon.proc.returncode}:\n"
                                   + daemon.log_tail())
                got = [tp.offset for tp in watcher.committed(tps, timeout=10)]
                now = time.monotonic()
                if got == want:
                    t1 = now
                    break
                s = sum(max(o, 0) for o in got)
                if s != last_sum:
                    last_sum, last_move = s, now
                elif now - last_move > STALL_TIMEOUT_S:
                    raise RunError(f"committed offsets stuck at {got} (want {want}) for "
                                   f"{STALL_TIMEOUT_S} s:\n" + daemon.log_tail())
                time.sleep(POLL_S)
        finally:
            watcher.close()
        if daemon.cpu0 is None or daemon.broker_cpu0 is None:
            raise RunError("could not read the CPU counters at the start")
        cpu = cpu_seconds(daemon.proc.pid) - daemon.cpu0
        broker_cpu = cpu_seconds(broker.proc.pid) - daemon.broker_cpu0
        other_cpu = (machine_busy_seconds() - daemon.busy0 - cpu - broker_cpu
                     - (own_cpu_seconds() - daemon.own0))
        rss = peak_rss_kib(daemon.proc.pid)
        rc = daemon.stop()
        if rc != 0:
            raise RunError(f"the daemon exited with {rc} after SIGTERM:\n" + daemon.log_tail())

        out_marks = watermarks(probe, OUT_TOPIC, OUT_PARTITIONS)
        dl_marks = watermarks(probe, DL_TOPIC, DL_PARTITIONS)
        records = sum(hi for _, hi in out_marks)
        deadletters = sum(hi for _, hi in dl_marks)
        stamps = [t for t in (last_timestamp_ms(broker.bootstrap, OUT_TOPIC, out_marks),
                              last_timestamp_ms(broker.bootstrap, DL_TOPIC, dl_marks)) if t]
        last_rec = (max(stamps) / 1000.0 - daemon.t0_wall) if stamps else None

        stopped = [m for m in map(STOPPED_RE.search, daemon.lines) if m]
        if not stopped:
            raise RunError("no 'stopped:' line in the daemon's log")
        d_articles, d_records, d_dl, d_resets = map(int, stopped[-1].groups())
        if any("DATA LOSS" in x for x in daemon.lines) or d_resets:
            raise RunError("the daemon reported skipped offsets (DATA LOSS)")
        if d_articles != len(msgs):
            raise RunError(f"the daemon finished {d_articles} articles of {len(msgs)}")
        if d_records != records or d_dl != deadletters:
            raise RunError(f"the daemon counted {d_records} records and {d_dl} dead letters, "
                           f"the topics hold {records} and {deadletters}")
        if mode == "pass" and records + deadletters != len(msgs):
            raise RunError(f"pass-through wrote {records} records + {deadletters} dead letters "
                           f"for {len(msgs)} articles")
        wall = t1 - daemon.t0
        n = len(msgs)
        return {
            "input": input_name, "mode": mode, "articles": n, "input_mb": nbytes / 1e6,
            "wall_s": wall, "articles_per_s": n / wall, "mb_per_s": nbytes / 1e6 / wall,
            "last_record_s": last_rec, "cpu_s": cpu, "cpu_us_per_article": cpu / n * 1e6,
            "cores": cpu / wall, "records": records, "deadletters": deadletters,
            "peak_rss_mib": rss / 1024.0, "broker_cpu_s": broker_cpu,
            "broker_us_per_article": broker_cpu / n * 1e6,
            "other_cores": max(other_cpu, 0.0) / wall, "logs": str(logdir),
        }
    finally:
        if daemon is not None:
            daemon.kill()
        if probe is not None:
            probe.close()
        broker.stop()


# ---------------------------------------------------------------- report

COLUMNS = [
    ("input", "input", "{}"), ("mode", "mode", "{}"), ("articles", "articles", "{:,}"),
    ("input MB", "input_mb", "{:.1f}"), ("wall s", "wall_s", "{:.2f}"),
    ("last rec s", "last_record_s", "{:.2f}"), ("articles/s", "articles_per_s", "{:,.0f}"),
    ("MB/s", "mb_per_s", "{:.1f}"), ("CPU s", "cpu_s", "{:.2f}"),
    ("CPU µs/article", "cpu_us_per_article", "{:,.0f}"), ("cores", "cores", "{:.2f}"),
    ("records", "records", "{:,}"), ("dead letters", "deadletters", "{:,}"),
    ("peak RSS MiB", "peak_rss_mib", "{:.1f}"), ("broker CPU s", "broker_cpu_s", "{:.2f}"),
    ("broker µs/article", "broker_us_per_article", "{:,.1f}"),
    ("other cores", "other_cores", "{:.2f}"),
]


def fmt(spec, v):
    if v is None:
        return "-"
    return spec.format(int(v) if spec == "{:,}" else v)


def table(rows, title):
    print(f"\n{title}\n")
    print("| " + " | ".join(h for h, _, _ in COLUMNS) + " |")
    print("|" + "|".join("---" if i < 2 else "---:" for i in range(len(COLUMNS))) + "|")
    for r in rows:
        print("| " + " | ".join(fmt(spec, r[k]) for _, k, spec in COLUMNS) + " |")


def median_rows(results):
    """One row per (input, mode): the median of each figure, and the spread of the main ones."""
    groups = {}
    for r in results:
        groups.setdefault((r["input"], r["mode"]), []).append(r)
    rows = []
    for (inp, mode), rs in groups.items():
        row = {"input": inp, "mode": mode, "n": len(rs)}
        for _, k, _ in COLUMNS[2:]:
            vals = [r[k] for r in rs if r[k] is not None]
            row[k] = statistics.median(vals) if vals else None
            row[k + "_min"] = min(vals) if vals else None
            row[k + "_max"] = max(vals) if vals else None
        rows.append(row)
    return rows


def spread_table(rows):
    print("\nSpread over the runs (min / median / max)\n")
    keys = [("articles/s", "articles_per_s", "{:,.0f}"), ("MB/s", "mb_per_s", "{:.1f}"),
            ("CPU µs/article", "cpu_us_per_article", "{:,.0f}"),
            ("peak RSS MiB", "peak_rss_mib", "{:.1f}"),
            ("broker µs/article", "broker_us_per_article", "{:,.1f}"),
            ("other cores", "other_cores", "{:.2f}")]
    print("| input | mode | runs | " + " | ".join(h for h, _, _ in keys) + " |")
    print("|---|---|---:|" + "|".join("---:" for _ in keys) + "|")
    for r in rows:
        cells = [" / ".join(fmt(spec, r[k + s]) for s in ("_min", "", "_max")) for _, k, spec in keys]
        print(f"| {r['input']} | {r['mode']} | {r['n']} | " + " | ".join(cells) + " |")


CODER_RE = re.compile(r"^coder us/message: stories ([0-9.]+) report ([0-9.]+)$", re.M)


def coder_us(path, lexicon):
    """bench_coder --brief's CPU-µs per message: {"reuters": S, "wikinews": R}, or raise RunError."""
    p = subprocess.run([path, "--brief", lexicon, str(REUTERS), str(SAMPLE)], capture_output=True,
                       text=True, check=False)
    m = CODER_RE.search(p.stdout)
    if p.returncode != 0 or m is None:
        raise RunError(f"{path} --brief: exit {p.returncode}, no 'coder us/message' line: "
                       f"{p.stderr.strip()[:200]}")
    return {"reuters": float(m.group(1)), "wikinews": float(m.group(2))}


def ratios(rows, coder=None):
    by = {(r["input"], r["mode"]): r for r in rows}
    lines = []
    for r in rows:
        c = coder and coder.get(r["input"].split()[0])
        if r["mode"] == "extract" and c:
            lines.append(f"{r['input']}: daemon / coder alone, CPU-µs per article "
                         f"{r['cpu_us_per_article'] / c:.2f}x ({r['cpu_us_per_article']:,.0f} vs "
                         f"{c:,.1f} µs)")
    for inp in dict.fromkeys(r["input"] for r in rows):
        e, p = by.get((inp, "extract")), by.get((inp, "pass"))
        if e and p:
            lines.append(f"{inp}: extraction / pass-through: articles/s "
                         f"{e['articles_per_s'] / p['articles_per_s']:.2f}x, CPU-µs per article "
                         f"{e['cpu_us_per_article'] / p['cpu_us_per_article']:.2f}x "
                         f"({e['cpu_us_per_article']:,.0f} vs {p['cpu_us_per_article']:,.0f} µs; "
                         f"extraction itself ≈ {e['cpu_us_per_article'] - p['cpu_us_per_article']:,.0f} µs)")
    return lines


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores ({model}), "
            f"Linux {platform.release()}, librdkafka {confluent_kafka.libversion()[0]}")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--daemon", required=True, help="path to newseventsd")
    ap.add_argument("--broker", required=True, help="path to testbroker")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 2,000 Reuters stories, 500 Wikinews-sized articles")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run every input and mode N times (interleaved) and report medians")
    ap.add_argument("--inputs", default="reuters,wikinews", help="comma list: reuters,wikinews")
    ap.add_argument("--modes", default="extract,pass", help="comma list: extract,pass")
    ap.add_argument("--wikinews-count", type=int, default=None, metavar="N",
                    help="copies of the Wikinews article (default 5,000; 500 with --quick)")
    ap.add_argument("--partitions", type=int, default=IN_PARTITIONS, metavar="N",
                    help="input partitions (default 8); the mock keeps 5 MiB in each")
    ap.add_argument("--settle", type=float, default=30, metavar="S",
                    help="before each run, wait up to S seconds for the machine to be quiet "
                         "(other processes under 0.15 cores); 0: do not wait (default 30)")
    ap.add_argument("-X", dest="daemon_opt", action="append", default=[], metavar="KEY=VALUE",
                    help="extra daemon configuration, passed on as -X")
    ap.add_argument("--coder", metavar="BENCH_CODER",
                    help="also run bench_coder --brief and print the daemon / coder CPU ratio")
    ap.add_argument("--lexicon", default="build/lexicon", metavar="DIR",
                    help="the lexicon for --coder (default build/lexicon)")
    ap.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    ap.add_argument("--keep-logs", action="store_true", help="keep the broker and daemon logs")
    opts = ap.parse_args()
    for p in (opts.daemon, opts.broker):
        if not os.access(p, os.X_OK):
            ap.error(f"{p} is not an executable (run: make all)")
    opts.daemon = os.path.abspath(opts.daemon)
    opts.broker = os.path.abspath(opts.broker)
    modes = [m for m in opts.modes.split(",") if m]
    if opts.repeat < 1 or opts.partitions < 1 or not set(modes) <= {"extract", "pass"}:
        ap.error("bad --repeat, --partitions or --modes")

    version = subprocess.run([opts.daemon, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# newseventsd benchmark: {version}")
    print(f"# {machine()}")
    print(f"# daemon and test broker on this machine; {opts.partitions} input partitions, "
          f"pre-filled before the daemon starts{'; QUICK run' if opts.quick else ''}")

    inputs = []
    for name in opts.inputs.split(","):
        if name == "reuters":
            inp = reuters_input(2000 if opts.quick else None)
        elif name == "wikinews":
            inp = wikinews_input(opts.wikinews_count or (500 if opts.quick else 5000))
        else:
            ap.error(f"unknown input '{name}'")
        if inp[1] is None:
            print(f"SKIP {inp[0]}: {inp[2]}")
        else:
            inputs.append(inp)
    if not inputs:
        print("nothing to run: no input found")
        return 0

    coder = None
    if opts.coder:
        try:
            coder = coder_us(opts.coder, opts.lexicon)
        except RunError as e:
            print(f"FAILED: {e}")
            return 1
        print(f"# coder alone (bench_coder --brief, CPU-µs per message): reuters {coder['reuters']:,.1f}, "
              f"report {coder['wikinews']:,.1f}")

    logroot = Path(tempfile.mkdtemp(prefix="newsevents-bench-"))
    results, failures = [], 0
    for rep in range(opts.repeat):
        for name, msgs, _ in inputs:
            for mode in modes:
                label = f"[{rep + 1}/{opts.repeat}] {name}, {mode}"
                print(f"{label} ...", end="", flush=True)
                try:
                    r = one_run(opts, name, msgs, mode, logroot)
                except (RunError, KafkaException, OSError) as e:
                    failures += 1
                    print(f" FAILED: {e}")
                    continue
                results.append(r)
                print(f" {r['wall_s']:.2f} s, {r['articles_per_s']:,.0f} articles/s, "
                      f"{r['cpu_us_per_article']:,.0f} CPU-µs/article, {r['records']:,} records, "
                      f"other load {r['other_cores']:.2f} cores")

    if results:
        table(results, "Every run")
        rows = median_rows(results)
        if opts.repeat > 1:
            table(rows, f"Median of {opts.repeat} runs")
            spread_table(rows)
        print()
        for line in ratios(rows, coder):
            print(line)
    if opts.json:
        with open(opts.json, "w", encoding="utf-8") as f:
            json.dump({"machine": machine(), "version": version, "quick": opts.quick,
                       "coder_us_per_message": coder, "runs": results}, f, indent=1)
    if opts.keep_logs or failures:
        print(f"\nlogs in {logroot}")
    else:
        shutil.rmtree(logroot, ignore_errors=True)
    if failures:
        print(f"{failures} run(s) FAILED")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
