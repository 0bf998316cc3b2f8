#!/bin/sh
# verbs.sh exc|lemmas WORDNET_DIR
#
# Write the verb tables of the lemmatiser to stdout, from WordNet 3.0
# (Debian package wordnet-base, WordNet licence):
#   exc     "FORM<TAB>LEMMA" from verb.exc, the irregular forms ("met" ->
#           "meet"). Where WordNet gives several lemmas ("appalled" ->
#           "appal appall") the first is kept; entries with a multi-word
#           form or lemma ("allowed_for") are skipped.
#   lemmas  the one-word lemmas of index.verb, one a line, for WordNet's
#           suffix rules ("signalled" -> "signal" only if "signal" is a
#           verb).
# One word means no underscore: hyphenated and dotted lemmas ("co-opt",
# "x-ray") are single tokens to the tokeniser and are kept. Output is
# sorted in byte order, without duplicates.
#
# Exit status: 0, or 1 on a bad argument or a missing or empty input.

set -eu

if [ "$#" -ne 2 ] || { [ "$1" != exc ] && [ "$1" != lemmas ]; }; then
	echo "usage: verbs.sh exc|lemmas WORDNET_DIR" >&2
	exit 1
fi
case $1 in
exc)	in=$2/verb.exc ;;
lemmas)	in=$2/index.verb ;;
esac
if [ ! -r "$in" ]; then
	echo "verbs.sh: cannot read $in" >&2
	exit 1
fi

if [ "$1" = exc ]; then
	rows=$(awk 'NF >= 2 && $1 !~ /_/ && $2 !~ /_/ { print $1 "\t" $2 }' "$in")
else
	# index.verb starts with the licence, each line indented two spaces.
	rows=$(awk '!/^  / && NF > 0 && $1 !~ /_/ { print $1 }' "$in")
fi
if [ -z "$rows" ]; then
	echo "verbs.sh: nothing read from $in" >&2
	exit 1
fi

printf '%s\n' "$rows" | LC_ALL=C sort -u
