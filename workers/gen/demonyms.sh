#!/bin/sh
# demonyms.sh WORDNET_DIR COUNTRIES_TSV
#
# Write "ISO3<TAB>demonym" lines to stdout, demonyms in lower case
# ("iraqi", "south korean"), sorted in byte order, duplicates removed.
#
# Source: WordNet 3.0 (Debian package wordnet-base, WordNet licence).
# In data.adj an adjective synset points at the noun it "pertains to"
# with the pointer symbol "\" (Iraqi -> Iraq). A pair is kept when the
# noun synset
#   (a) is an instance ("@i") of a country class: the synsets
#       country/state/land (08544813), state/nation/country (08168978) or
#       nation/land/country (08166552) and everything below them through
#       hyponym ("~") pointers ("Asian country", "kingdom", ...), or
#   (b) has a word that names a country in COUNTRIES_TSV (made by
#       countries.sh), for countries WordNet files as islands or
#       peninsulas ("Taiwan", "Ireland", "Palestine").
# The ISO 3166 alpha-3 code comes from the words of the noun synset: first
# from the small ALIASES table below (WordNet names that iso-codes spells
# differently), then from the names in COUNTRIES_TSV. Pairs reached only
# through (b) are dropped for an adjective that also has a pair through
# (a): "Chinese" reaches both China (a country) and the island of Taiwan
# (whose synset also lists "China"), "Georgian" both the country and
# the US state.
#
# Exit status: 0, or 1 if an input is missing or yields nothing.

set -eu

if [ "$#" -ne 2 ]; then
	echo "usage: demonyms.sh WORDNET_DIR COUNTRIES_TSV" >&2
	exit 1
fi
for f in "$1/data.noun" "$1/data.adj" "$2"; do
	if [ ! -r "$f" ] || [ ! -s "$f" ]; then
		echo "demonyms.sh: cannot read $f, or it is empty" >&2
		exit 1
	fi
done

# WordNet noun (spaces for underscores, lower case) -> ISO3, where the
# country names of iso-codes do not match WordNet's words.
ALIASES='
brunei	BRN
democratic republic of the congo	COD
great britain	GBR
macedonia	MKD
palestine	PSE
russia	RUS
swaziland	SWZ
turkey	TUR
'

# Demonym -> ISO3 overriding WordNet, or "-" to drop it. WordNet links
# "Chinese" only to the island of Taiwan, "Mauritanian" to Mauritius,
# "Czech" to Czechoslovakia and "Sri Lankan" to Ceylon the island; the
# dropped words are languages, ethnic or historical terms, or common in
# other senses ("Siamese twins", "Soviet-era").
FIXES='
afrikaans	-
afrikaner	-
anglo-indian	-
chinese	CHN
czech	CZE
hispaniolan	-
mauritanian	MRT
mongoloid	-
norse	-
romaic	-
siamese	-
soviet	-
sri lankan	LKA
tai	-
'

rows=$(awk -v aliases="$ALIASES" -v fixes="$FIXES" '
function hex(s,   i, v) {
	v = 0
	s = tolower(s)
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
# A WordNet word as text: underscores to spaces, lower case, without
# the syntactic marker of adjectives ("(a)", "(p)", "(ip)").
function norm(w) {
	sub(/\([a-z]+\)$/, "", w)
	gsub(/_/, " ", w)
	return tolower(w)
}
# ISO3 for a noun synset, or "": aliases first, then iso-codes names.
function iso_of(off,   n, ws, i) {
	n = split(words[off], ws, "|")
	for (i = 1; i <= n; i++)
		if (ws[i] in alias)
			return alias[ws[i]]
	for (i = 1; i <= n; i++)
		if (ws[i] in country)
			return country[ws[i]]
	return ""
}
function table(text, arr,   n, lines, i, kv) {
	n = split(text, lines, "\n")
	for (i = 1; i <= n; i++)
		if (split(lines[i], kv, "\t") == 2)
			arr[kv[1]] = kv[2]
}
BEGIN {
	table(aliases, alias)
	table(fixes, fix)
}
FNR == 1 {
	file++
}
file == 1 {
	split($0, kv, "\t")
	country[tolower(kv[2])] = kv[1]
	next
}
/^  / {
	next			# licence header of the data files
}
# data.adj: remember every pertainym pointer to a noun.
file == 2 && /\\ [0-9]+ n / {
	n = hex($4)
	for (i = 1; i <= n; i++)
		aw[i] = norm($(3 + 2 * i))
	p = 5 + 2 * n
	for (j = 0; j < $p; j++) {
		k = p + 1 + 4 * j
		if ($k != "\\" || $(k + 2) != "n")
			continue
		src = hex(substr($(k + 3), 1, 2))
		npair++
		padj[npair] = aw[src ? src : 1]
		pnoun[npair] = $(k + 1)
		target[$(k + 1)] = 1
	}
	next
}
# data.noun: words and instance links of the pertainym targets, and the
# hyponym links of noun.group (14) and noun.location (15), the two
# lexicographer files that hold every country class. Skipping the
# pointers of the other 76,000 synsets cuts the run time to a quarter.
# (Every input must be non-empty: the file number counts FNR == 1.)
file == 3 {
	t = ($1 in target)
	c = ($2 == "14" || $2 == "15")
	if (!t && !c)
		next
	n = hex($4)
	if (t) {
		w = ""
		for (i = 0; i < n; i++)
			w = w (i ? "|" : "") norm($(5 + 2 * i))
		words[$1] = w
	}
	p = 5 + 2 * n
	for (j = 0; j < $p; j++) {
		k = p + 1 + 4 * j
		if (t && $k == "@i")
			inst[$1] = inst[$1] " " $(k + 1)
		else if (c && $k == "~")
			hypo[$1] = hypo[$1] " " $(k + 1)
	}
}
END {
	# Country classes: the three roots and their hyponyms, breadth first.
	nq = split("08544813 08168978 08166552", queue, " ")
	for (i = 1; i <= nq; i++)
		isclass[queue[i]] = 1
	for (i = 1; i <= nq; i++) {
		m = split(hypo[queue[i]], hs, " ")
		for (j = 1; j <= m; j++)
			if (!(hs[j] in isclass)) {
				isclass[hs[j]] = 1
				queue[++nq] = hs[j]
			}
	}
	for (i = 1; i <= npair; i++) {
		a = padj[i]
		if (a ~ /^(anti|pro)-/ || (a in fix))
			continue
		iso = iso_of(pnoun[i])
		if (iso == "")
			continue
		strong = 0
		m = split(inst[pnoun[i]], ps, " ")
		for (j = 1; j <= m; j++)
			if (ps[j] in isclass)
				strong = 1
		if (strong) {
			hasstrong[a] = 1
			out[a "\t" iso] = 2
		} else if (!((a "\t" iso) in out)) {
			out[a "\t" iso] = 1
		}
	}
	for (k in out) {
		split(k, kv, "\t")
		if (out[k] == 2 || !(kv[1] in hasstrong))
			print kv[2] "\t" kv[1]
	}
	for (a in fix)
		if (fix[a] != "-")
			print fix[a] "\t" a
}
' "$2" "$1/data.adj" "$1/data.noun") || {
	echo "demonyms.sh: awk failed" >&2
	exit 1
}
if [ -z "$rows" ]; then
	echo "demonyms.sh: no demonyms found in $1" >&2
	exit 1
fi

printf '%s\n' "$rows" | LC_ALL=C sort -u
