#!/bin/sh
# digest.sh [CLI]
#
# A fingerprint of what the coder outputs, for refactorings that must not
# change it: SHA-256 digests of `CLI extract` on the Reuters corpus and on the
# Wikinews sample, and the scores of ../shared/eval/score on dev.jsonl, dev-news.jsonl
# and actors-dev.jsonl. Each digest is given twice: of the records as they are, and
# with the `matched` field removed (for changes that rename lexicon
# provenance only). Compare two runs with diff; the inputs are read from
# ../shared at run time and never copied. Inputs that are absent are skipped
# with a note.
#
# CLI defaults to build/newsevents. Takes about a minute.

set -eu

cli=${1:-build/newsevents}
shared=${SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

digest() {
	# $1 name, $2 records file
	printf '%s records %s\n' "$1" "$(wc -l < "$2" | tr -d ' ')"
	printf '%s full %s\n' "$1" "$(sha256sum < "$2" | cut -c1-16)"
	printf '%s nomatched %s\n' "$1" \
		"$(jq -c 'del(.matched)' < "$2" | sha256sum | cut -c1-16)"
}

for input in corpus/reuters21578.jsonl samples/us-iran-talks-2007.txt; do
	f="$shared/$input"
	if [ ! -r "$f" ]; then
		echo "$input: absent, skipped"
		continue
	fi
	"$cli" extract "$f" > "$tmp/out" 2> "$tmp/err" || {
		echo "$input: $cli exited $?"; cat "$tmp/err"; exit 1; }
	digest "$input" "$tmp/out"
	printf '%s stderr %s\n' "$input" "$(sha256sum < "$tmp/err" | cut -c1-16)"
done

for set in dev.jsonl dev-news.jsonl; do
	if [ ! -r "$shared/eval/$set" ]; then
		echo "eval/$set: absent, skipped"
		continue
	fi
	printf 'eval/%s ' "$set"
	/usr/bin/python3 "$shared/eval/score" --json --set "$shared/eval/$set" --cmd "$cli extract"
done
if [ -r "$shared/eval/actors-dev.jsonl" ]; then
	printf 'eval/actors-dev.jsonl '
	/usr/bin/python3 "$shared/eval/score" --json --actors --set "$shared/eval/actors-dev.jsonl" \
		--cmd "$cli extract"
fi
