/*
 * geonames_dump: write the cities that Debian's libgeonames carries to
 * standard output, one tab-separated line each, for workers/gen/cities.sh.
 *
 * libgeonames (package libgeonames-dev) compiles GeoNames' cities15000 table
 * (every populated place of at least 15,000 people; data CC BY 4.0, GeoNames)
 * into the shared library and gives it a C API, so the build needs no
 * download. This is a build-time tool only: nothing in the daemon links
 * libgeonames (a GPL-3 library), the daemon reads the TSV that cities.sh
 * makes from this output.
 *
 * Output, one line per city, in the library's order:
 *
 *	NAME<TAB>ISO2<TAB>LATITUDE<TAB>LONGITUDE<TAB>POPULATION<TAB>ADMIN1
 *
 * NAME is GeoNames' name in UTF-8. The library translates names through
 * gettext when the program has set a locale; this tool never calls
 * setlocale(), so it runs in the "C" locale and the names are GeoNames' own
 * whatever the environment says. Tabs, carriage returns and newlines inside a
 * field (there are none in the data we know) become spaces so that a field
 * can never split a line.
 *
 * Exit status: 0, or 1 if the library has no cities or writing fails.
 */
#include <stdio.h>
#include <stdlib.h>

#include <geonames.h>

/* Write s with field and line separators replaced by spaces. */
static void
put_field(const char *s, FILE *fp)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++)
		putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

int
main(int argc, char **argv)
{
	gint	n, written = 0;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: geonames_dump > cities.dump\n");
		return 1;
	}
	n = geonames_get_n_cities();
	for (gint i = 0; i < n; i++) {
		GeonamesCity	*c = geonames_get_city(i);
		const char	*name, *cc;

		if (c == NULL)
			continue;
		name = geonames_city_get_name(c);
		cc = geonames_city_get_country_code(c);
		/* A city with no name or no country cannot be looked up or placed. */
		if (name != NULL && name[0] != '\0' && cc != NULL && cc[0] != '\0') {
			put_field(name, stdout);
			putchar('\t');
			put_field(cc, stdout);
			printf("\t%.5f\t%.5f\t%u\t", geonames_city_get_latitude(c),
			    geonames_city_get_longitude(c), geonames_city_get_population(c));
			put_field(geonames_city_get_state(c), stdout);
			putchar('\n');
			written++;
		}
		geonames_city_free(c);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("geonames_dump: write");
		return 1;
	}
	if (written == 0) {
		fprintf(stderr, "geonames_dump: libgeonames has no cities\n");
		return 1;
	}
	return 0;
}
