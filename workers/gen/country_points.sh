#!/bin/sh
# country_points.sh COUNTRIES_JSON
#
# Write the countries of the gazetteer (country_points.tsv) to stdout from
# the countries.json of the npm package world-countries (ODbL-1.0; see the
# README's credits). One line per country:
#
#	ISO3<TAB>LAT<TAB>LON<TAB>NAME<TAB>ALTNAMES
#
# ISO3 is the package's alpha-3 code; Kosovo's UNK becomes XKX, as elsewhere in
# the lexicon.
#
# LAT and LON are the package's representative point of the country, NAME
# its common English name ("South Korea"), ALTNAMES its official name and
# its other spellings, '|'-separated, where they are Latin letters and
# longer than three letters (two-letter codes such as "IN" or "AT" would
# otherwise read as words).
#
# Exit status: 0, or 1 if the input is missing, malformed or yields nothing.

set -eu

if [ "$#" -ne 1 ] || [ ! -r "$1" ]; then
	echo "usage: country_points.sh COUNTRIES_JSON (readable)" >&2
	exit 1
fi
out=$(jq -r '
	.[] | select(.cca3 != null and (.latlng | length) == 2)
	| [(if .cca3 == "UNK" then "XKX" else .cca3 end), (.latlng[0] | tostring), (.latlng[1] | tostring), .name.common,
	   ([.name.official] + .altSpellings
	    | map(select(test("^[A-Za-z .()'"'"'-]+$") and (length > 3 or test("[.]"))))
	    | unique | join("|"))]
	| @tsv
' "$1") || {
	echo "country_points.sh: $1: not a world-countries countries.json" >&2
	exit 1
}
if [ -z "$out" ]; then
	echo "country_points.sh: $1: no countries" >&2
	exit 1
fi
printf '%s\n' "$out"
