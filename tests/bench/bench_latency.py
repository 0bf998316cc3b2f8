#!/usr/bin/python3
"""Latency of newseventsd at half its measured maximum rate, and its memory under a backlog.

    /usr/bin/python3 tests/bench/bench_latency.py --daemon build/newseventsd \
        --broker build/testbroker [--input reuters|wikinews] [--duration S] [--json FILE]

Needs Debian's python3-confluent-kafka; reuses bench_daemon.py's broker and
daemon handling. One run, on a fresh build/testbroker:

1. Backlog. The input topic is pre-filled with --backlog-factor (10) times
   the daemon's max.inflight (1000) articles before the daemon starts; the
   daemon drains it. The drain time gives the maximum rate (articles/s from
   the group join to the commit of the last offset), and the daemon's peak
   RSS (VmHWM) is its memory under a backlog ten times what it keeps in
   flight.
2. Paced. The same daemon then gets articles at --load (0.5) times that
   maximum for --duration seconds (180), produced at an even pace by this
   script with distinct ids. For each article it measures:
     - produce -> record: the timestamp of its first output record minus the
       timestamp its input message was produced with (both CreateTime, this
       machine's clock); articles without records give none;
     - consume -> commit: the moment this script sees the group's committed
       offset pass the message (Consumer.committed() every --watch-ms, 5 ms)
       minus its produce timestamp. It includes the daemon's commit spacing,
       kafka.auto.commit.interval.ms (the daemon's default unless
       --commit-ms is given).
   The daemon's RSS (VmRSS) is sampled every second, and its own
   consume -> offset stored histogram (metrics.listen, scraped before and
   after the paced span) is reported as the buckets that hold its p50 and
   p99: what the daemon itself adds, without the commit and this script.

Reports p50, p99 and max of both latencies, the rate reached, the daemon's
CPU per article over the paced span, and RSS over time. The input is the
Reuters corpus (every story in turn, its "id" rewritten to be unique) or the
3.6 KB Wikinews report (plain text, keyed by a unique id), read at run time
from ../shared, never copied. A report, not a test: the exit status is 0 when
the run completed (1 if it failed, 2 on a usage error). Wall-clock figures
depend on what else the machine runs: "other cores" says how busy it was.
"""

import argparse
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_daemon as bd  # noqa: E402  (the broker, the daemon, /proc readers)
from confluent_kafka import Consumer, Producer, TopicPartition  # noqa: E402

ARTICLE_ID_RE = re.compile(rb'"article_id":"([^"]*)"')
METRICS_PORT_RE = re.compile(r"metrics: GET /metrics.* \(port (\d+)\)")
COMMITS_RE = re.compile(r'^newseventsd_commits_total (\d+)$', re.M)
STORED_BUCKET_RE = re.compile(r'^newseventsd_consume_to_commit_seconds_bucket\{le="([^"]+)"\} (\d+)$', re.M)


def scrape(daemon):
    """The daemon's consume -> stored histogram [(upper bound s, cumulative count)] and its
    commits_total, from its metrics endpoint; None when it cannot be read."""
    port = next((m.group(1) for m in map(METRICS_PORT_RE.search, daemon.lines) if m), None)
    if port is None:
        return None
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return None
    commits = COMMITS_RE.search(text)
    return ([(float(le), int(n)) for le, n in STORED_BUCKET_RE.findall(text)],
            int(commits.group(1)) if commits else None)


def bucket_quantiles(before, after):
    """p50, p99 (as the upper bound of the bucket that holds them, ms) and the count between two scrapes."""
    if not before or not after:
        return None
    counts = [(le, a - b) for (le, a), (_, b) in zip(after, before)]
    n = counts[-1][1]
    if n <= 0:
        return None
    def q(p):
        return next(le * 1000.0 for le, c in counts if c >= p * n)
    return {"n": n, "p50_le": q(0.50), "p99_le": q(0.99)}


def vm_rss_kib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def loadavg():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def percentile(values, p):
    """The p-th percentile (0..100) by the nearest-rank method; None when there are none."""
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


class Messages:
    """Endless input messages with unique ids: (key, value) for sequence number i."""

    def __init__(self, kind):
        self.kind = kind
        if kind == "reuters":
            if not bd.REUTERS.is_file():
                raise SystemExit(f"bench_latency: {bd.REUTERS} not found")
            self.templates = []
            with open(bd.REUTERS, "rb") as f:
                for line in f:
                    line = line.rstrip(b"\r\n")
                    if not line:
                        continue
                    old = json.loads(line)["id"].encode()
                    head, sep, tail = line.partition(b'"id": "' + old + b'"')
                    if sep:
                        self.templates.append((head + b'"id": "', b'"' + tail))
        else:
            if not bd.SAMPLE.is_file():
                raise SystemExit(f"bench_latency: {bd.SAMPLE} not found")
            self.text = bd.SAMPLE.read_bytes()

    def get(self, prefix, i):
        key = f"{prefix}-{i:08d}".encode()
        if self.kind == "reuters":
            head, tail = self.templates[i % len(self.templates)]
            return key, head + key + tail
        return key, self.text


class Watcher(threading.Thread):
    """Polls the group's committed offsets; when one moves, stamps the offsets it passed."""

    def __init__(self, bootstrap, group, nparts, interval_s):
        super().__init__(daemon=True)
        self.cons = Consumer(bd.client_conf(bootstrap, **{"group.id": group,
                                                         "enable.auto.commit": False}))
        self.tps = [TopicPartition(bd.IN_TOPIC, p) for p in range(nparts)]
        self.interval_s = interval_s
        self.committed = [0] * nparts
        self.moves = []            # (time, partition, from, to)
        self.stop_ev = threading.Event()

    def run(self):
        while not self.stop_ev.is_set():
            try:
                got = self.cons.committed(self.tps, timeout=5)
            except Exception:      # a slow broker: try again at the next tick
                time.sleep(self.interval_s)
                continue
            now = time.time()
            for tp in got:
                if tp.offset > self.committed[tp.partition]:
                    self.moves.append((now, tp.partition, self.committed[tp.partition], tp.offset))
                    self.committed[tp.partition] = tp.offset
            time.sleep(self.interval_s)
        self.cons.close()


class Reader(threading.Thread):
    """Reads the output topic from where it ends now; the first record of each article."""

    def __init__(self, bootstrap, start_marks):
        super().__init__(daemon=True)
        self.cons = Consumer(bd.client_conf(bootstrap, **{
            "group.id": "bench-lat-reader-" + uuid.uuid4().hex, "enable.auto.commit": False,
            "fetch.wait.max.ms": 10}))
        self.cons.assign([TopicPartition(bd.OUT_TOPIC, p, hi) for p, (_, hi) in enumerate(start_marks)])
        self.first = {}            # article id -> timestamp ms of its first record
        self.records = 0
        self.stop_ev = threading.Event()

    def run(self):
        while not self.stop_ev.is_set():
            for m in self.cons.consume(1000, 0.1):
                if m.error():
                    continue
                self.records += 1
                mo = ARTICLE_ID_RE.search(m.value())
                if mo is not None and mo.group(1) not in self.first:
                    self.first[mo.group(1)] = m.timestamp()[1]
        self.cons.close()


def summary(values):
    return {"n": len(values), "p50": percentile(values, 50), "p99": percentile(values, 99),
            "max": max(values) if values else None}


def run(opts):
    msgs = Messages(opts.input)
    logdir = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    broker = bd.Broker(opts.broker, logdir, opts.partitions)
    daemon = watcher = reader = None
    result = {"input": opts.input, "logs": str(logdir), "window": opts.window,
              "commit_interval_ms": opts.commit_ms, "loadavg_start": loadavg()}
    try:
        # 1. The backlog, before the daemon starts.
        backlog = opts.backlog_factor * opts.max_inflight
        sent = bd.prefill(broker.bootstrap, [msgs.get("backlog", i) for i in range(backlog)],
                          opts.partitions)
        probe = Consumer(bd.client_conf(broker.bootstrap, **{
            "group.id": "bench-probe-" + uuid.uuid4().hex, "enable.auto.commit": False}))
        marks = bd.watermarks(probe, bd.IN_TOPIC, opts.partitions)
        if [hi for _, hi in marks] != sent or any(lo != 0 for lo, _ in marks):
            raise bd.RunError(f"the broker did not keep the backlog: {marks} after sending {sent}")
        if opts.settle > 0:
            bd.wait_quiet(opts.settle, broker.proc.pid)
        group = "bench-lat-" + uuid.uuid4().hex[:12]
        args = ["-c", "/dev/null", "-X", f"kafka.bootstrap.servers={broker.bootstrap}",
                "-X", f"input.topic={bd.IN_TOPIC}", "-X", f"output.topic={bd.OUT_TOPIC}",
                "-X", f"deadletter.topic={bd.DL_TOPIC}", "-X", f"kafka.group.id={group}",
                "-X", "kafka.fetch.wait.max.ms=10", "-X", "kafka.session.timeout.ms=6000",
                "-X", f"max.inflight={opts.max_inflight}",
                "-X", "metrics.listen=127.0.0.1:0"]
        if opts.commit_ms is not None:
            args += ["-X", f"kafka.auto.commit.interval.ms={opts.commit_ms}"]
        for kv in opts.daemon_opt:
            args += ["-X", kv]
        daemon = bd.Daemon(opts.daemon, args, logdir, broker.proc.pid)
        if not daemon.joined.wait(bd.START_TIMEOUT_S):
            raise bd.RunError("the daemon did not join its group:\n" + daemon.log_tail())
        watcher = Watcher(broker.bootstrap, group, opts.partitions, opts.watch_ms / 1000.0)
        watcher.start()
        want = [hi for _, hi in marks]
        while watcher.committed != want:
            if daemon.proc.poll() is not None:
                raise bd.RunError("the daemon exited during the backlog:\n" + daemon.log_tail())
            if time.monotonic() - daemon.t0 > bd.STALL_TIMEOUT_S * 5:
                raise bd.RunError(f"the backlog was not drained: {watcher.committed} of {want}")
            time.sleep(0.02)
        drain_s = time.monotonic() - daemon.t0
        max_rate = backlog / drain_s
        result["backlog"] = {"articles": backlog, "drain_s": drain_s, "max_rate": max_rate,
                             "peak_rss_mib": bd.peak_rss_kib(daemon.proc.pid) / 1024.0,
                             "cpu_us_per_article": (bd.cpu_seconds(daemon.proc.pid) - daemon.cpu0)
                             / backlog * 1e6}
        print(f"backlog: {backlog} articles drained in {drain_s:.2f} s: {max_rate:,.0f} articles/s, "
              f"peak RSS {result['backlog']['peak_rss_mib']:.1f} MiB", flush=True)

        # 2. Paced input at opts.load times the maximum.
        rate = opts.load * max_rate
        out_marks = bd.watermarks(probe, bd.OUT_TOPIC, bd.OUT_PARTITIONS)
        reader = Reader(broker.bootstrap, out_marks)
        reader.start()
        moves_before = len(watcher.moves)
        produced = {}              # (partition, offset) -> (key, CreateTime ms)
        stamps = {}                # key -> the CreateTime ms it was produced with
        errors = []

        def on_delivery(err, m):
            # The delivery report does not carry the timestamp the message was
            # produced with (it reads 0), so it is looked up by key.
            if err is not None:
                errors.append(err)
            else:
                produced[(m.partition(), m.offset())] = (m.key(), stamps.pop(m.key()))

        prod = Producer(bd.client_conf(broker.bootstrap, **{"linger.ms": 1, "enable.idempotence": True}))
        scrape0 = scrape(daemon)
        rss, t_start = [], time.monotonic()
        cpu0 = bd.cpu_seconds(daemon.proc.pid)
        busy0, own0, bcpu0 = bd.machine_busy_seconds(), bd.own_cpu_seconds(), bd.cpu_seconds(broker.proc.pid)
        i, next_rss = 0, t_start
        print(f"paced: {rate:,.0f} articles/s ({opts.load:.0%} of the maximum) for {opts.duration} s",
              flush=True)
        while True:
            now = time.monotonic()
            if now - t_start >= opts.duration:
                break
            due = int((now - t_start) * rate)
            while i < due:
                key, value = msgs.get("paced", i)
                ts = int(time.time() * 1000)
                try:
                    prod.produce(bd.IN_TOPIC, value=value, key=key, partition=i % opts.partitions,
                                 timestamp=ts, on_delivery=on_delivery)
                    stamps[key] = ts
                except BufferError:
                    prod.poll(0.01)
                    continue
                i += 1
            prod.poll(0)
            if now >= next_rss:
                rss.append((now - t_start, vm_rss_kib(daemon.proc.pid)))
                next_rss += 1.0
            if daemon.proc.poll() is not None:
                raise bd.RunError("the daemon exited while paced:\n" + daemon.log_tail())
            time.sleep(0.002)
        if prod.flush(60) or errors:
            raise bd.RunError(f"the paced input was not all delivered ({errors[:1]})")
        paced_s = time.monotonic() - t_start
        # Wait for the last commit.
        final = bd.watermarks(probe, bd.IN_TOPIC, opts.partitions)
        deadline = time.monotonic() + 60
        while watcher.committed != [hi for _, hi in final] and time.monotonic() < deadline:
            time.sleep(0.02)
        cpu = bd.cpu_seconds(daemon.proc.pid) - cpu0
        scrape1 = scrape(daemon)
        stored = commits = None
        if scrape0 is not None and scrape1 is not None:
            stored = bucket_quantiles(scrape0[0], scrape1[0])
            if scrape0[1] is not None and scrape1[1] is not None:
                commits = scrape1[1] - scrape0[1]
        bcpu = bd.cpu_seconds(broker.proc.pid) - bcpu0
        other = (bd.machine_busy_seconds() - busy0 - cpu - bcpu - (bd.own_cpu_seconds() - own0))
        time.sleep(0.5)            # the last records reach the reader
        watcher.stop_ev.set()
        reader.stop_ev.set()
        watcher.join(10)
        reader.join(10)

        commit_lat, after_record, by_window = [], [], {}
        t0_ms = (time.time() - (time.monotonic() - t_start)) * 1000.0
        for t, p, lo, hi in watcher.moves[moves_before:]:
            for off in range(lo, hi):
                if (p, off) in produced:
                    key, ts = produced[(p, off)]
                    commit_lat.append(t * 1000.0 - ts)
                    if key in reader.first:
                        after_record.append(t * 1000.0 - reader.first[key])
                    by_window.setdefault(int((ts - t0_ms) / 1000.0 / opts.window), []).append(
                        commit_lat[-1])
        record_lat = [reader.first[k] - ts for k, ts in produced.values() if k in reader.first]
        missing = len(produced) - len(commit_lat)
        rss_mib = [r / 1024.0 for _, r in rss if r is not None]
        result["paced"] = {
            "rate_target": rate, "articles": len(produced), "seconds": paced_s,
            "rate": len(produced) / paced_s, "records": reader.records,
            "uncommitted": missing, "commit_ms": summary(commit_lat), "record_ms": summary(record_lat),
            "stored_ms": stored, "record_to_commit_ms": summary(after_record), "commits": commits,
            "cpu_us_per_article": cpu / max(len(produced), 1) * 1e6,
            "other_cores": max(other, 0.0) / paced_s,
            "rss_mib": {"min": min(rss_mib), "median": statistics.median(rss_mib), "max": max(rss_mib)}
            if rss_mib else None,
            "commit_ms_by_window": [(w * opts.window, round(percentile(v, 50)), round(percentile(v, 99)),
                                     round(max(v))) for w, v in sorted(by_window.items())],
            "rss_series": [(round(t), round(r / 1024.0, 1)) for t, r in rss[::10] if r is not None],
        }
        rc = daemon.stop()
        if rc != 0:
            raise bd.RunError(f"the daemon exited with {rc} after SIGTERM:\n" + daemon.log_tail())
        if any("DATA LOSS" in x for x in daemon.lines):
            raise bd.RunError("the daemon reported skipped offsets (DATA LOSS): the mock broker's "
                              "retention was overtaken; use more --partitions or a lower --load")
        probe.close()
        result["loadavg_end"] = loadavg()
        return result
    finally:
        for t in (watcher, reader):
            if t is not None:
                t.stop_ev.set()
        if daemon is not None:
            daemon.kill()
        broker.stop()


def report(r):
    b, p = r["backlog"], r["paced"]

    def ms(v):
        return "-" if v is None else f"{v:,.0f}"

    ci = r["commit_interval_ms"]
    print(f"\ninput {r['input']}; kafka.auto.commit.interval.ms "
          f"{'the default' if ci is None else ci}; load average {r['loadavg_start']} at the "
          f"start, {r['loadavg_end']} at the end; logs in {r['logs']}\n")
    print("| phase | articles | articles/s | CPU µs/article | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|")
    print(f"| backlog ({b['articles']:,} pre-filled) | {b['articles']:,} | {b['max_rate']:,.0f} "
          f"(max) | {b['cpu_us_per_article']:,.0f} | {b['peak_rss_mib']:.1f} |")
    print(f"| paced, {p['seconds']:.0f} s | {p['articles']:,} | {p['rate']:,.0f} | "
          f"{p['cpu_us_per_article']:,.0f} | {p['rss_mib']['max'] if p['rss_mib'] else 0:.1f} |")
    print("\n| latency, paced | samples | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, k in (("consume -> commit", "commit_ms"), ("produce -> first record", "record_ms"),
                    ("first record -> commit", "record_to_commit_ms")):
        s = p[k]
        print(f"| {name} | {s['n']:,} | {ms(s['p50'])} | {ms(s['p99'])} | {ms(s['max'])} |")
    st = p.get("stored_ms")
    if st:
        print(f"\nin the daemon, consumed -> offset stored (its histogram, bucket bounds): "
              f"p50 <= {st['p50_le']:g} ms, p99 <= {st['p99_le']:g} ms over {st['n']:,} articles")
    if p.get("commits") is not None:
        print(f"offset commits acknowledged while paced: {p['commits']:,} "
              f"({p['commits'] / p['seconds']:.1f}/s)")
    if p["rss_mib"]:
        print(f"\nRSS while paced: min {p['rss_mib']['min']:.1f}, median {p['rss_mib']['median']:.1f}, "
              f"max {p['rss_mib']['max']:.1f} MiB; every 10 s: "
              + ", ".join(f"{t}s {m}" for t, m in p["rss_series"]))
    print(f"consume -> commit p50/p99/max ms by {r['window']:.0f} s of input: "
          + ", ".join(f"{t:.0f}s {a}/{b}/{c}" for t, a, b, c in p["commit_ms_by_window"]))
    print(f"other cores while paced: {p['other_cores']:.2f}; articles never seen committed: "
          f"{p['uncommitted']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--daemon", required=True)
    ap.add_argument("--broker", required=True)
    ap.add_argument("--input", choices=("reuters", "wikinews"), default="reuters")
    ap.add_argument("--duration", type=float, default=180.0, help="seconds of paced input (180)")
    ap.add_argument("--load", type=float, default=0.5, help="share of the maximum rate (0.5)")
    ap.add_argument("--max-inflight", type=int, default=1000, help="the daemon's max.inflight (1000)")
    ap.add_argument("--backlog-factor", type=int, default=10, help="backlog = this x max.inflight (10)")
    ap.add_argument("--commit-ms", type=int, default=None,
                    help="kafka.auto.commit.interval.ms (default: the daemon's own)")
    ap.add_argument("--watch-ms", type=int, default=5, help="committed-offset poll interval (5)")
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--window", type=float, default=10.0,
                    help="seconds per line of the latency-over-time report (10)")
    ap.add_argument("--settle", type=float, default=30.0)
    ap.add_argument("--json")
    ap.add_argument("-X", dest="daemon_opt", action="append", default=[], metavar="KEY=VALUE")
    opts = ap.parse_args()
    try:
        r = run(opts)
    except bd.RunError as e:
        print(f"bench_latency: FAILED: {e}", file=sys.stderr)
        return 1
    report(r)
    if opts.json:
        Path(opts.json).write_text(json.dumps(r, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
