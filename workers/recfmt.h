/*
 * recfmt: event records (JSON, schemas/event.schema.json) in the formats
 * downstream tools read: JSON lines, TSV, CSV and GeoJSON.
 *
 * TSV and CSV have a header line and one line per record, with the columns
 * of RECFMT_COLUMNS, modelled on GDELT 2.0's event table where a field
 * corresponds (GDELT's names for those; the others in the record's own
 * spelling). CSV quotes as RFC 4180 says (a field with a comma, a double
 * quote, CR or LF is enclosed in double quotes, and its quotes doubled);
 * TSV fields cannot hold a tab or a line break, so those become spaces.
 * GeoJSON (RFC 7946) is one FeatureCollection holding a Point Feature for
 * every record with a location, [longitude, latitude], the record's main
 * fields as properties; records without a location are left out of it.
 */
#ifndef NE_RECFMT_H
#define NE_RECFMT_H

#include <stddef.h>

enum recfmt {
	RECFMT_JSONL,
	RECFMT_TSV,
	RECFMT_CSV,
	RECFMT_GEOJSON
};

/* The TSV/CSV columns, in order (the header line's names). */
#define RECFMT_COLUMNS \
	"GLOBALEVENTID", "article_id", "SQLDATE", "date", "date_basis", \
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code", \
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", \
	"EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", \
	"AvgTone", "plover", "negated", "ActionGeo_FullName", "ActionGeo_CountryCode", \
	"ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL", "sentence"

/* The state of one output: the format, and what was written so far. */
struct recfmt_writer {
	enum recfmt	fmt;
	size_t		features;	/* GeoJSON features written */
};

/* @returns 0 and sets *ret for "jsonl", "tsv", "csv", "geojson"; -1 otherwise. */
int	recfmt_parse(const char *name, enum recfmt *ret);

/*
 * What opens the output: the header line for TSV/CSV, the collection's
 * opening for GeoJSON, "" for JSON lines. @returns new memory, or NULL on ENOMEM.
 */
char	*recfmt_begin(struct recfmt_writer *w);

/*
 * One record json[0, len) in w's format, with its line end: the record
 * itself for JSON lines, a line for TSV/CSV, a feature (after a comma if
 * not the first) for GeoJSON, or "" for a record without a location there.
 * @returns 0 and *ret (new memory); -EINVAL when json is not a record
 * object; or -ENOMEM.
 */
int	recfmt_record(struct recfmt_writer *w, const char *json, size_t len, char **ret);

/* What closes the output: "]}\n" for GeoJSON, "" otherwise. Static storage. */
const char	*recfmt_end(const struct recfmt_writer *w);

#endif /* NE_RECFMT_H */
