#!/bin/sh
# cities.sh ISO3166_JSON GEONAMES_DUMP
#
# Write the city table of the places stage (cities.tsv) to stdout from the
# output of geonames_dump (GeoNames' cities15000 as Debian's libgeonames
# ships it: data CC BY 4.0, GeoNames) and iso-codes' iso_3166-1.json
# (LGPL-2.1+). One line per city:
#
#	NAME<TAB>ISO3<TAB>LATITUDE<TAB>LONGITUDE<TAB>POPULATION<TAB>ADMIN1<TAB>ASCII
#
# ISO3 is the ISO 3166-1 alpha-3 code of GeoNames' ISO-2 country code, from
# iso-codes; Kosovo, which GeoNames codes XK and ISO 3166 does not list,
# becomes the user-assigned XKX. ASCII is NAME transliterated to ASCII
# ("Bāmyān" -> "Bamyan") when that differs from NAME and transliterates
# cleanly, else empty: news copy rarely keeps the diacritics. Cities whose
# name is a country's name in iso-codes ("Mexico" in the Philippines,
# "Lebanon" in Ohio, "Luxembourg") are left out: country names are the
# actors stage's business, never a place here. libgeonames has no feature
# codes, so capitals are marked by hand in workers/lexicon/places.txt.
# Lines keep the library's order, so the output does not depend on the
# locale.
#
# Exit status: 0, or 1 if an input is missing, malformed or yields nothing,
# or a city has a country code that iso-codes does not know.

set -eu

if [ "$#" -ne 2 ]; then
	echo "usage: cities.sh ISO3166_JSON GEONAMES_DUMP" >&2
	exit 1
fi
for f in "$1" "$2"; do
	if [ ! -r "$f" ]; then
		echo "cities.sh: cannot read $f" >&2
		exit 1
	fi
done

# ISO-2 -> ISO-3, then the lower-cased country names, in one stream that awk
# tells apart by its first field. jq's exit status survives the command
# substitution (POSIX sh has no pipefail).
codes=$(jq -r '
	."3166-1"[]
	| ("C\t\(.alpha_2)\t\(.alpha_3)",
	   ((.name, .common_name, .official_name) | select(. != null and . != "")
	    | "N\t\(ascii_downcase)"))
' "$1") || {
	echo "cities.sh: $1: not an iso_3166-1.json file" >&2
	exit 1
}
if [ -z "$codes" ]; then
	echo "cities.sh: $1: no countries found" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' "$codes" > "$tmp/codes"
printf 'C\tXK\tXKX\n' >> "$tmp/codes"

# One transliterated name per dump line. iconv writes '?' for what it cannot
# transliterate (and every non-ASCII character without a UTF-8 locale); such
# names get no ASCII form. A failing iconv costs only the ASCII column.
cut -f1 "$2" > "$tmp/names"
LC_ALL=C.UTF-8 iconv -f UTF-8 -t ASCII//TRANSLIT < "$tmp/names" > "$tmp/ascii" 2>/dev/null ||
	LC_ALL=C.UTF-8 iconv -c -f UTF-8 -t ASCII//TRANSLIT < "$tmp/names" > "$tmp/ascii" 2>/dev/null ||
	: > "$tmp/ascii"

LC_ALL=C awk -F '\t' -v OFS='\t' -v dump="$2" -v asciif="$tmp/ascii" '
	FILENAME == ARGV[1] {
		if ($1 == "C")
			iso3[$2] = $3
		else
			country[$2] = 1
		next
	}
	{
		if (NF != 6 || $1 == "" || $3 !~ /^-?[0-9.]+$/ || $4 !~ /^-?[0-9.]+$/ ||
		    $5 !~ /^[0-9]+$/) {
			printf "cities.sh: %s:%d: malformed line\n", dump, FNR > "/dev/stderr"
			bad = 1
			exit 1
		}
		a = ""
		if ((getline a < asciif) <= 0)
			a = ""
		if (!($2 in iso3)) {
			printf "cities.sh: %s:%d: unknown country code %s\n", dump, FNR, $2 > "/dev/stderr"
			bad = 1
			exit 1
		}
		if (tolower($1) in country)
			next
		if (a == $1 || a ~ /[?]/ || a == "")
			a = ""
		print $1, iso3[$2], $3, $4, $5, $6, a
		n++
	}
	END {
		if (bad)
			exit 1
		if (n == 0) {
			printf "cities.sh: %s: no cities\n", dump > "/dev/stderr"
			exit 1
		}
	}
' "$tmp/codes" "$2"
