#!/bin/sh
# countries.sh ISO3166_JSON
#
# Write the country-name table of the coder to stdout: one line
# "ISO3<TAB>NAME" for each of the name, common_name and official_name of
# every entry of iso-codes' iso_3166-1.json (Debian package iso-codes,
# LGPL-2.1+), duplicates removed, sorted in byte order so that the output
# does not depend on the locale. Names are kept as iso-codes writes them
# (mixed case, inverted forms such as "Korea, Republic of" included);
# the loader folds case, and hand-written aliases live in
# workers/lexicon/actors.txt.
#
# Exit status: 0, or 1 if the input is missing or not the expected JSON.

set -eu

if [ "$#" -ne 1 ]; then
	echo "usage: countries.sh ISO3166_JSON" >&2
	exit 1
fi
if [ ! -r "$1" ]; then
	echo "countries.sh: cannot read $1" >&2
	exit 1
fi

# The command substitution keeps jq's exit status (POSIX sh has no
# pipefail); 43 KB of JSON fits in a shell variable with room to spare.
rows=$(jq -r '
	."3166-1"[]
	| .alpha_3 as $code
	| (.name, .common_name, .official_name)
	| select(. != null and . != "")
	| "\($code)\t\(.)"
' "$1") || {
	echo "countries.sh: $1: not an iso_3166-1.json file" >&2
	exit 1
}
if [ -z "$rows" ]; then
	echo "countries.sh: $1: no countries found" >&2
	exit 1
fi

printf '%s\n' "$rows" | LC_ALL=C sort -u
