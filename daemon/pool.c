#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "handoff.h"
#include "pool.h"

struct pool_job {
	void (*run)(void *arg);
	void (*done)(void *arg);
	void (*cancelled)(void *arg); /* NULL: not cancellable */
	bool cancel;
	void *arg;
	struct pool_job *next;
	struct handoff_item item;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct pool_job *head, *tail;
	size_t depth, queue_max;
	bool stopping;
	bool closing; /* cancellable jobs are refused (shutdown) */
	int deadline_ms; /* 0: no admission by expected wait */
	double run_ms; /* moving average of a job's run time */
	int nthreads;
	pthread_t *threads;
	int nice;
	struct handoff *handoff;
};

static void job_finish(void *arg)
{
	struct pool_job *job = arg;
	(job->cancel ? job->cancelled : job->done)(job->arg);
	free(job);
}

static void *pool_main(void *arg)
{
	struct pool *p = arg;
	/* argon2id takes ~100 ms of CPU per hash: the loop thread must preempt
	 * it at once, so reads stay fast during a login storm.  SCHED_IDLE
	 * does that on every wake-up of the loop (a nice value alone let the
	 * hash finish its slice first: a 5 ms p99 on a shared core); where it
	 * is refused, a lower priority.  On Linux both are the thread's own. */
	if (p->nice) {
		struct sched_param none = {0};
		if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &none) != 0)
			setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->nice);
	}
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->ready, &p->lock);
		struct pool_job *job = p->head;
		if (!job) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		p->head = job->next;
		if (!p->head)
			p->tail = NULL;
		p->depth--;
		pthread_mutex_unlock(&p->lock);

		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		job->run(job->arg);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		/* The last few requests' pace.  Not a background job's: the read
		 * pool's start-up warm-up (2 s at a province's size) made the first
		 * searches after a start wait "2 s each" and answered them 503. */
		if (job->cancelled) {
			pthread_mutex_lock(&p->lock);
			p->run_ms = p->run_ms > 0 ? p->run_ms + (ms - p->run_ms) / 8 : ms;
			pthread_mutex_unlock(&p->lock);
		}
		job->item = (struct handoff_item){job_finish, job, NULL};
		handoff_post(p->handoff, &job->item);
	}
}

struct pool *pool_new(int threads, int queue_max, int nice, struct handoff *h)
{
	struct pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->nice = nice;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->ready, NULL);
	p->queue_max = (size_t)queue_max;
	p->handoff = h;
	p->threads = calloc((size_t)threads, sizeof *p->threads);
	if (!p->threads)
		goto fail;
	for (; p->nthreads < threads; p->nthreads++)
		if (pthread_create(&p->threads[p->nthreads], NULL, pool_main, p) != 0)
			goto fail;
	return p;
fail:
	pool_free(p);
	return NULL;
}

/* With the lock held: the jobs ahead, run by all threads at the measured pace. */
static long expected_wait(const struct pool *p)
{
	return (long)((double)p->depth * p->run_ms / (p->nthreads > 0 ? p->nthreads : 1));
}

void pool_set_deadline(struct pool *p, int deadline_ms)
{
	pthread_mutex_lock(&p->lock);
	p->deadline_ms = deadline_ms;
	pthread_mutex_unlock(&p->lock);
}

long pool_expected_wait_ms(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	long ms = expected_wait(p);
	pthread_mutex_unlock(&p->lock);
	return ms;
}

static int submit(struct pool *p, void (*run)(void *arg), void (*done)(void *arg), void (*cancelled)(void *arg),
                  void *arg)
{
	struct pool_job *job = malloc(sizeof *job);
	if (!job)
		return -1;
	*job = (struct pool_job){.run = run, .done = done, .cancelled = cancelled, .arg = arg};
	pthread_mutex_lock(&p->lock);
	if (p->depth >= p->queue_max || p->stopping || (cancelled && p->closing)) {
		pthread_mutex_unlock(&p->lock);
		free(job);
		return -1;
	}
	if (cancelled && p->deadline_ms && expected_wait(p) > p->deadline_ms) {
		pthread_mutex_unlock(&p->lock);
		free(job);
		return -2;
	}
	if (p->tail)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	p->depth++;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

int pool_submit(struct pool *p, void (*run)(void *arg), void (*done)(void *arg), void *arg)
{
	return submit(p, run, done, NULL, arg);
}

int pool_submit_cancellable(struct pool *p, void (*run)(void *arg), void (*done)(void *arg),
                            void (*cancelled)(void *arg), void *arg)
{
	return submit(p, run, done, cancelled, arg);
}

void pool_cancel_queued(struct pool *p)
{
	if (!p)
		return;
	struct pool_job *cancelled = NULL, **tail = &cancelled;
	pthread_mutex_lock(&p->lock);
	p->closing = true;
	struct pool_job **at = &p->head;
	p->tail = NULL;
	while (*at) {
		struct pool_job *job = *at;
		if (job->cancelled) {
			*at = job->next;
			job->next = NULL;
			*tail = job;
			tail = &job->next;
			p->depth--;
		} else {
			p->tail = job;
			at = &job->next;
		}
	}
	pthread_mutex_unlock(&p->lock);
	while (cancelled) {
		struct pool_job *next = cancelled->next;
		cancelled->cancel = true;
		cancelled->item = (struct handoff_item){job_finish, cancelled, NULL};
		handoff_post(p->handoff, &cancelled->item);
		cancelled = next;
	}
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	pthread_cond_destroy(&p->ready);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

size_t pool_depth(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t d = p->depth;
	pthread_mutex_unlock(&p->lock);
	return d;
}
