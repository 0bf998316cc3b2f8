/*
 * secret: configuration values that are kept out of the configuration
 * file, and the names whose values must never be shown.
 *
 * A value written "@file:PATH" is the content of that file, and
 * "@credential:NAME" the content of the file NAME in $CREDENTIALS_DIRECTORY,
 * which systemd's LoadCredential= provides (with DynamicUser=yes, the way a
 * file only root can read reaches the service). Which librdkafka properties
 * hold secrets is librdkafka's own judgement, asked at run time.
 */
#ifndef NE_SECRET_H
#define NE_SECRET_H

#include <stddef.h>

#define SECRET_MAX (64 * 1024) /* bytes of a value read from a file */

/*
 * If v is a reference, read it into *out (new memory): the whole regular
 * file, one trailing line break (LF or CRLF) dropped, no NUL byte, at most
 * SECRET_MAX bytes. A relative PATH is taken from the directory of base
 * (the configuration file; NULL: the working directory).
 * @returns 0 with *out NULL when v is no reference, 1 with *out, -EINVAL
 * with the reason in why, or -ENOMEM.
 * @locality any thread.
 */
int secret_read(const char *v, const char *base, char **out, char *why, size_t whysz);

/*
 * @returns 1 if librdkafka treats property name as sensitive (or cannot be
 * asked), so that its value is never printed; 0 otherwise.
 * @locality any thread; about 50 ms for a string property.
 */
int secret_sensitive(const char *name);

#endif /* NE_SECRET_H */
