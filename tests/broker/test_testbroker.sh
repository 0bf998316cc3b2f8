#!/bin/bash
# Black-box test of build/testbroker: start it with a 2-partition topic, round-trip 20 keyed
# messages through it with kcat, inject faults on its stdin, and stop it with SIGTERM.
# Everything talks to 127.0.0.1 only. Usage: test_testbroker.sh [path/to/testbroker]
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

set -u

broker=${1:-build/testbroker}
topic="tb_test_$$_$RANDOM"
tmp=$(mktemp -d)
passed=0
failed=0
pid=""

check() {	# check NAME COMMAND...: run the command, count and print the outcome
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok - $name"
	else
		failed=$((failed + 1))
		echo "FAIL - $name"
	fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit
}

cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# Send one command line and read its one-line answer (5 s deadline) into $answer.
send_command() {
	answer=""
	printf '%s\n' "$1" >&"$to_broker" || return 1
	IFS= read -r -t 5 -u "$from_broker" answer
}

# True once process $1 has exited (it is then a zombie until we wait for it, or gone).
has_exited() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 0
	[ -z "$state" ] || [ "$state" = Z ]
}

# Wait up to $2 seconds for child $1 to exit; set $status to its exit status, or to a
# message after killing it when the deadline passes.
wait_exit() {
	local deadline=$((SECONDS + $2))
	while ! has_exited "$1" && [ "$SECONDS" -lt "$deadline" ]; do
		sleep 0.05
	done
	if has_exited "$1"; then
		wait "$1"
		status=$?
	else
		kill -KILL "$1"
		wait "$1"
		status="still running after $2 s"
	fi
}

if [ ! -x "$broker" ]; then
	echo "FAIL - $broker is not an executable (run: make build/testbroker)"
	failed=1
	finish
fi

coproc TB { exec "$broker" --topic "$topic:2" 2>"$tmp/broker.log"; }
pid=$TB_PID
from_broker=${TB[0]}
to_broker=${TB[1]}

addr=""
IFS= read -r -t 10 -u "$from_broker" addr
check "bootstrap line arrives within 10 s" test -n "$addr"
check "bootstrap list is 127.0.0.1 only ('$addr')" \
    grep -Eqx '127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+)*' <<<"$addr"
if [ -z "$addr" ]; then
	sed 's/^/# /' "$tmp/broker.log"
	finish
fi

: >"$tmp/sent"
for i in $(seq 1 20); do
	echo "key$i:value $i" >>"$tmp/sent"
done
check "kcat produces 20 keyed messages" \
    eval 'timeout 30 kcat -b "$addr" -t "$topic" -P -K: <"$tmp/sent"'

# -e: exit once every partition is at its end; -f prints partition, key and payload.
timeout 30 kcat -b "$addr" -t "$topic" -C -e -o beginning -q -X fetch.wait.max.ms=10 \
    -f '%p %k:%s\n' >"$tmp/got"
check "20 messages come back" test "$(wc -l <"$tmp/got")" -eq 20
check "the messages that come back are the ones sent" \
    cmp -s <(sort "$tmp/sent") <(cut -d' ' -f2- "$tmp/got" | sort)
# 20 distinct keys hash to both partitions, so a 1-partition topic would show here.
check "both partitions of the topic hold messages" \
    test "$(cut -d' ' -f1 "$tmp/got" | sort -u | tr '\n' ' ')" = "0 1 "

check "'down 1' is answered ok" eval 'send_command "down 1" && [ "$answer" = ok ]'
# -m 1: kcat gives up on metadata after 1 s; the down broker refuses connections.
check "while broker 1 is down, a client cannot get metadata" \
    eval '! timeout 10 kcat -b "$addr" -L -m 1 >/dev/null 2>&1'
check "'up 1' is answered ok" eval 'send_command "up 1" && [ "$answer" = ok ]'
check "the broker serves again after 'up 1'" eval \
    'echo "late:after up" | timeout 30 kcat -b "$addr" -t "$topic" -P -K: &&
     [ "$(timeout 30 kcat -b "$addr" -t "$topic" -C -e -o beginning -q \
         -X fetch.wait.max.ms=10 | wc -l)" -eq 21 ]'
check "an unknown command is answered 'error: ...'" \
    eval 'send_command "frobnicate 1" && [ "${answer#error: }" != "$answer" ]'
check "a bad broker id is answered 'error: ...'" \
    eval 'send_command "down 7" && [ "${answer#error: }" != "$answer" ]'

kill -TERM "$pid"
wait_exit "$pid" 10
check "SIGTERM stops it with status 0 within 10 s (got $status)" test "$status" = 0

# End of stdin must stop it too, so that it never outlives a test runner that died.
"$broker" </dev/null >"$tmp/eof.out" 2>>"$tmp/broker.log" &
wait_exit $! 10
check "end of stdin stops it with status 0 within 10 s (got $status)" test "$status" = 0
check "it printed its bootstrap line before stopping at end of stdin" \
    grep -Eqx '127\.0\.0\.1:[0-9]+' "$tmp/eof.out"

if [ "$failed" -ne 0 ]; then
	echo "# broker log:"
	sed 's/^/# /' "$tmp/broker.log"
fi
finish
