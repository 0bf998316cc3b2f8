/*
 * Unit tests for daemon/secret.c: referenced values are read whole (one
 * line break dropped) from a file or from $CREDENTIALS_DIRECTORY, and
 * refused with a reason when they cannot be used; and librdkafka is asked,
 * not guessed, which properties are sensitive. (The errors as the
 * configuration reports them, FILE:LINE: key 'K': ..., are test_config's.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "secret.h"

/* A scratch directory with one file NAME holding text; @returns the directory. */
static char *
scratch(const char *name, const char *text)
{
	char *dir = strdup("/tmp/test_secret.XXXXXX"), path[256];
	FILE *fp;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	return dir;
}

static void
cleanup(char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

static void
test_secret_a_plain_value_is_no_reference(void **state)
{
	char *out = (char *) 1, why[128];

	(void) state;
	assert_int_equal(secret_read("hunter2", NULL, &out, why, sizeof(why)), 0);
	assert_null(out);
	assert_int_equal(secret_read("@file:", NULL, &out, why, sizeof(why)), 0);
	assert_int_equal(secret_read("@other:x", NULL, &out, why, sizeof(why)), 0);
}

static void
test_secret_reads_a_file_relative_to_its_base(void **state)
{
	char *dir = scratch("pw", "s3cret\r\n"), base[300], *out, why[128];

	(void) state;
	snprintf(base, sizeof(base), "%s/newseventsd.conf", dir);
	assert_int_equal(secret_read("@file:pw", base, &out, why, sizeof(why)), 1);
	assert_string_equal(out, "s3cret");
	free(out);
	cleanup(dir, "pw");
}

static void
test_secret_reads_a_credential_and_needs_the_directory(void **state)
{
	char *dir = scratch("kafka", "from-systemd\n\n"), *out, why[160];

	(void) state;
	assert_int_equal(setenv("CREDENTIALS_DIRECTORY", dir, 1), 0);
	assert_int_equal(secret_read("@credential:kafka", NULL, &out, why, sizeof(why)), 1);
	assert_string_equal(out, "from-systemd\n"); /* only one line break is dropped */
	free(out);
	assert_int_equal(secret_read("@credential:../kafka", NULL, &out, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "'@credential:../kafka' does not name a credential");
	assert_int_equal(unsetenv("CREDENTIALS_DIRECTORY"), 0);
	assert_int_equal(secret_read("@credential:kafka", NULL, &out, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "needs $CREDENTIALS_DIRECTORY"));
	cleanup(dir, "kafka");
}

static void
test_secret_refuses_what_is_not_a_small_regular_file(void **state)
{
	char *out, why[160];

	(void) state;
	assert_int_equal(secret_read("@file:/nonexistent/x", NULL, &out, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "cannot read '/nonexistent/x': No such file or directory");
	assert_int_equal(secret_read("@file:/tmp", NULL, &out, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "'/tmp' is not a regular file");
	assert_int_equal(secret_read("@file:/dev/zero", NULL, &out, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "'/dev/zero' is not a regular file");
	assert_null(out);
}

static void
test_secret_asks_librdkafka_which_properties_are_sensitive(void **state)
{
	(void) state;
	assert_true(secret_sensitive("sasl.password"));
	assert_true(secret_sensitive("sasl.username"));
	assert_true(secret_sensitive("ssl.keystore.password"));
	assert_true(secret_sensitive("ssl.key.pem"));
	assert_true(secret_sensitive("sasl.oauthbearer.config"));
	assert_false(secret_sensitive("client.rack"));
	assert_false(secret_sensitive("bootstrap.servers"));
	assert_false(secret_sensitive("linger.ms")); /* not a string */
	assert_false(secret_sensitive("no.such.property"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_secret_a_plain_value_is_no_reference),
	    cmocka_unit_test(test_secret_reads_a_file_relative_to_its_base),
	    cmocka_unit_test(test_secret_reads_a_credential_and_needs_the_directory),
	    cmocka_unit_test(test_secret_refuses_what_is_not_a_small_regular_file),
	    cmocka_unit_test(test_secret_asks_librdkafka_which_properties_are_sensitive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
