/*
 * job: one article on its way through the daemon.
 *
 * The unit that crosses threads: the main loop fills in the message, a
 * worker decodes and extracts it into serialised records (or a reason), and
 * the main loop produces the records and tracks their delivery. A job is
 * owned by exactly one thread at a time, handed over only through the work
 * queue and the pool's completion list; its magic is checked on every
 * hand-over, so a stray pointer is caught at once.
 */
#ifndef NE_JOB_H
#define NE_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "langid.h"
#include "lexicon.h"
#include "pipeline.h"
#include "reason.h"

#define JOB_MAGIC	0x6e656a62u	/* "nejb" */

struct job_record {
	char	*json;	/* serialised event record, NUL-terminated */
	size_t	 len;
};

struct job {
	uint32_t		 magic;

	/* The message, set by job_new() (owned copies). */
	char			*value;
	size_t			 len;
	char			*key;		/* NULL when the message had none */
	size_t			 keylen;
	int32_t			 partition;
	int64_t			 offset;

	/* The result, set by job_process() on a worker thread. */
	int			 failed;	/* 1: reason/errmsg say why (dead letter) */
	enum reason		 reason;
	char			 errmsg[192];
	char			*article_id;	/* NULL when the article could not be decoded */
	char			 language[LANGID_CODE_MAX];	/* the article's language, "" if undecided */
	struct job_record	*records;
	size_t			 nrecords;

	/*
	 * The daemon's bookkeeping of the article's outputs (daemon/inflight.h),
	 * opaque here; workers never touch it.
	 */
	void			*owner;
	struct job		*next;		/* intrusive list link (completion list, queues) */
};

/*
 * @returns a new job holding copies of value and key (key may be NULL), or
 * NULL on ENOMEM. @locality any thread.
 */
struct job	*job_new(const void *value, size_t len, const void *key, size_t keylen,
		    int32_t partition, int64_t offset);
void		 job_free(struct job *);	/* NULL-safe; frees records too */

/* Assert the magic: call on every job received as a void *. @returns job. */
struct job	*job_check(void *p);

/*
 * Decode and extract the article in the job with lexicon lx; fill records
 * (one JSON record per event, as record_to_json) or set failed/reason/
 * errmsg. When extract is 0, the job is only decoded and gets one record:
 * the article id as JSON (the pass-through benchmark mode).
 * @returns 0, or -ENOMEM (the job is then failed with reason extract_limit
 * and "out of memory" so that nothing is lost). @locality worker thread.
 */
int	job_process(struct job *, const struct lexicon *lx, size_t max_bytes, int extract);

/*
 * The same with every pipeline option (pipeline.h): the field map, the
 * record format. job_process(job, lx, m, x) is job_run with { m, x }.
 * On unsupported_language the job is failed and job->language says which.
 */
int	job_run(struct job *, const struct lexicon *lx, const struct pipeline_opts *o);

/* Drop the records (after producing them, or to dead-letter instead). */
void	job_clear_records(struct job *);

#endif /* NE_JOB_H */
