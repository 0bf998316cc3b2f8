#!/bin/sh
# make demo: run newseventsd on its embedded Kafka broker, feed it the sample
# articles in this folder with kcat, show the records and the dead letter,
# then stop the daemon cleanly. Usage: demo.sh BUILD_DIR
set -eu
B=${1:-build}
here=$(dirname "$0")
log=$(mktemp /tmp/newseventsd-demo.XXXXXX)
trap 'rm -f "$log"' EXIT

wait_for() {	# wait_for PATTERN SECONDS: until the daemon's log shows PATTERN
	n=0
	until grep -q "$1" "$log"; do
		n=$((n + 1))
		if [ $n -gt $(($2 * 10)) ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "demo: the daemon did not log '$1'; its log:" >&2
			cat "$log" >&2
			exit 1
		fi
		sleep 0.1
	done
}

echo "== starting newseventsd on its embedded Kafka broker"
"$B/newseventsd" --embedded-broker -X kafka.consumer.fetch.wait.max.ms=10 \
	-X kafka.session.timeout.ms=6000 -X status.interval.ms=1000 2>"$log" &
pid=$!
wait_for 'embedded Kafka broker listening on' 10
bs=$(sed -n 's/.*embedded Kafka broker listening on \([^ ]*\).*/\1/p' "$log" | head -n 1)
wait_for 'ready: joined group' 30
sed 's/^<[0-9]>/  /' "$log"

echo "== writing 6 articles to topic 'articles' on $bs (2 plain text, 4 JSON lines, one of them broken)"
for f in "$here"/*.txt; do
	kcat -b "$bs" -t articles -P -k "$(basename "$f")" "$f"
done
kcat -b "$bs" -t articles -P -l "$here/wire.jsonl"

echo "== waiting for the dead letter"
n=0
until [ "$(kcat -b "$bs" -t articles.deadletter -C -e -q -o beginning -f 'x\n' 2>/dev/null | wc -l)" -ge 1 ]; do
	n=$((n + 1)); [ $n -lt 200 ] || { echo "demo: no dead letter after 20 s" >&2; cat "$log" >&2; exit 1; }
	sleep 0.1
done
# The plain-text articles were written first; wait until the record count stops growing.
last=-1 same=0 n=0
while [ $same -lt 5 ] && [ $n -lt 200 ]; do
	count=$(kcat -b "$bs" -t events -C -e -q -o beginning -f 'x\n' 2>/dev/null | wc -l)
	if [ "$count" -eq "$last" ] && [ "$count" -gt 0 ]; then same=$((same + 1)); else same=0; fi
	last=$count n=$((n + 1))
	sleep 0.2
done

echo "== event records on topic 'events' (code label: source -> target, date, verb | sentence)"
kcat -b "$bs" -t events -C -e -q -o beginning | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    s, t = r["source_actor"], r["target_actor"] or {}
    print("%-5s %-40.40s %-8s -> %-8s %-10s %-10s| %.70s" % (r["code"], r["label"], s["code"],
          t.get("code", "-"), r["date"] or "-", r["verb"]["text"], r["sentence"]["text"]))
'
echo "== one record in full"
kcat -b "$bs" -t events -C -e -q -o beginning -c 1 | /usr/bin/python3 -m json.tool

echo "== the dead letter on topic 'articles.deadletter' (original bytes, with the reason in headers)"
kcat -b "$bs" -t articles.deadletter -C -e -q -o beginning -f 'key: %k\nheaders: %h\nvalue: %s\n'

echo "== stopping the daemon (SIGTERM)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
grep -E 'stopping|stopped' "$log" | sed 's/^<[0-9]>/  /'
echo "newseventsd exited with status $status"
exit "$status"
