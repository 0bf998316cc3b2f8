#!/bin/sh
# make demo: run newseventsd on its embedded Kafka broker, feed it the sample
# articles in this folder with kcat (plain text, HTML, news-please, JSON lines,
# a French article and a broken line), show the records, one record in full,
# the dead letter and the skipped article, then stop the daemon cleanly. Usage: demo.sh BUILD_DIR
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
	-X kafka.session.timeout.ms=6000 -X status.interval.ms=1000 -X log.level=debug 2>"$log" &
pid=$!
wait_for 'embedded Kafka broker listening on' 10
bs=$(sed -n 's/.*embedded Kafka broker listening on \([^ ]*\).*/\1/p' "$log" | head -n 1)
wait_for 'ready: joined group' 30
grep -v '^<7>' "$log" | sed 's/^<[0-9]>/  /'	# debug lines are for the skipped articles, below

# One message per file (plain text, an HTML page, a news-please article, a French article),
# then one per line of wire.jsonl (the project's JSON; its last line is broken on purpose).
files=$(ls "$here"/*.txt "$here"/*.html "$here"/*.json)
nfiles=$(echo "$files" | wc -l)
nlines=$(grep -c . "$here/wire.jsonl")
echo "== writing $((nfiles + nlines)) articles to topic 'articles' on $bs:"
echo "   2 plain-text reports, an HTML page with its menus and footer, a news-please article,"
echo "   a French article, and $nlines JSON lines, the last one broken"
for f in $files; do
	kcat -b "$bs" -t articles -P -k "$(basename "$f")" "$f"
done
kcat -b "$bs" -t articles -P -l "$here/wire.jsonl"

echo "== waiting until every article is accounted for"
n=0
until grep -q 'skipped: unsupported_language' "$log" &&
	[ "$(kcat -b "$bs" -t articles.deadletter -C -e -q -o beginning -f 'x\n' 2>/dev/null | wc -l)" -ge 1 ]; do
	n=$((n + 1)); [ $n -lt 300 ] || { echo "demo: the articles were not all accounted for after 30 s" >&2; cat "$log" >&2; exit 1; }
	sleep 0.1
done
# Records may still be arriving; wait until their count stops growing.
last=-1 same=0 n=0
while [ $same -lt 5 ] && [ $n -lt 200 ]; do
	count=$(kcat -b "$bs" -t events -C -e -q -o beginning -f 'x\n' 2>/dev/null | wc -l)
	if [ "$count" -eq "$last" ] && [ "$count" -gt 0 ]; then same=$((same + 1)); else same=0; fi
	last=$count n=$((n + 1))
	sleep 0.2
done

records=$(mktemp /tmp/newsevents-demo-records.XXXXXX)
trap 'rm -f "$log" "$records"' EXIT
kcat -b "$bs" -t events -C -e -q -o beginning > "$records"

echo "== event records on topic 'events' (code label: source -> target, date, PLOVER | sentence)"
/usr/bin/python3 - "$records" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
recs.sort(key=lambda r: (r["article_id"], r["sentence"]["index"], r["event_id"]))
for r in recs:
    s, t = r["source_actor"] or {}, r["target_actor"] or {}
    print("%-5s %-34.34s %-8s -> %-8s %-10s %-9s| %.60s" % (r["code"], r["label"], s.get("code", "-"),
          t.get("code", "-"), r["date"] or "-", r.get("plover") or "-", r["sentence"]["text"]))
n = len(recs)
print("%d record%s from %d article%s" % (n, "" if n == 1 else "s", len({r["article_id"] for r in recs}),
      "" if len({r["article_id"] for r in recs}) == 1 else "s"))
PY

echo "== one record in full: the meeting in Nairobi, from the HTML page (with its place and quotation)"
/usr/bin/python3 - "$records" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
full = sorted((r for r in recs if r.get("location") and r.get("quotes")),
              key=lambda r: (r["article_id"], r["sentence"]["index"], r["event_id"]))
if not full:
    sys.exit("demo: no record with both a location and a quotation")
print(json.dumps(full[0], indent=2, ensure_ascii=False))
PY

echo "== the dead letter on topic 'articles.deadletter' (the original bytes, the reason in its headers)"
kcat -b "$bs" -t articles.deadletter -C -e -q -o beginning -J | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    print("key:   %s" % m.get("key"))
    h = m.get("headers") or []
    print("headers:")
    for k, v in zip(h[0::2], h[1::2]):
        print("  %s: %s" % (k, v))
    print("value: %s" % m.get("payload"))
'

echo "== not coded, but accounted for: articles in a language the coder does not read"
grep 'skipped: unsupported_language' "$log" | sed 's/^<[0-9]>/  /'

echo "== stopping the daemon (SIGTERM)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
# The log line keeps its fixed wording for scripts; shown here with "1 dead letter", not "1 dead letters".
grep -E 'stopping|stopped' "$log" | sed 's/^<[0-9]>/  /' |
	/usr/bin/python3 -c 'import re, sys; [print(re.sub(r"(?<![0-9.])1 ((?:\w+ )?\w+?)s\b", r"1 \1", l), end="") for l in sys.stdin]'
echo "newseventsd exited with status $status"
exit "$status"
