#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "handoff.h"
#include "metrics.h"
#include "pool.h"
#include "router.h"
#include "server.h"
#include "conn_guard.h"
#include "writer.h"
#include "vacancy_listing.h"
#include "vacancy_search.h"

static const int statuses[] = {200, 201, 202, 204, 400, 401, 403, 404, 405,
                               409, 410, 413, 415, 422, 429, 500, 501, 503};
#define NSTATUS (sizeof statuses / sizeof statuses[0])
#define STATUS_OTHER NSTATUS
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
#define NBUCKETS (sizeof bounds / sizeof bounds[0])

struct route_metrics {
	uint64_t by_status[NSTATUS + 1];
	uint64_t buckets[NBUCKETS + 1]; /* last: +Inf */
	uint64_t count;
	double sum;
};

struct metrics {
	size_t nroutes;
	struct route_metrics *per_route; /* nroutes + 1: the unmatched */
	uint64_t accept_pauses, replays, nik_taken, email_taken;
};

struct metrics *metrics_new(size_t nroutes)
{
	struct metrics *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->nroutes = nroutes;
	m->per_route = calloc(nroutes + 1, sizeof *m->per_route);
	if (!m->per_route) {
		free(m);
		return NULL;
	}
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->per_route);
	free(m);
}

void metrics_record(struct metrics *m, size_t route_index, int status, double seconds)
{
	struct route_metrics *rm = &m->per_route[route_index <= m->nroutes ? route_index : m->nroutes];
	size_t s = STATUS_OTHER;
	for (size_t i = 0; i < NSTATUS; i++)
		if (statuses[i] == status)
			s = i;
	rm->by_status[s]++;
	size_t b = 0;
	while (b < NBUCKETS && seconds > bounds[b])
		b++;
	rm->buckets[b]++;
	rm->count++;
	rm->sum += seconds;
}

void metrics_count_accept_pause(struct metrics *m) { m->accept_pauses++; }
void metrics_count_replay(struct metrics *m) { m->replays++; }
void metrics_count_taken(struct metrics *m, int nik) { ++*(nik ? &m->nik_taken : &m->email_taken); }

static void route_labels(struct metrics *m, size_t i, char *buf, size_t len)
{
	if (i == m->nroutes)
		snprintf(buf, len, "route=\"unmatched\",method=\"\"");
	else
		snprintf(buf, len, "route=\"%s\",method=\"%s\"", routes[i].pattern, method_name(routes[i].method));
}

char *metrics_render(struct metrics *m, struct server *srv, size_t *len)
{
	char *text = NULL, labels[256];
	FILE *f = open_memstream(&text, len);
	if (!f)
		return NULL;
	fputs("# HELP sidakerd_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
	      "# TYPE sidakerd_http_requests_total counter\n",
	      f);
	for (size_t i = 0; i <= m->nroutes; i++) {
		route_labels(m, i, labels, sizeof labels);
		for (size_t s = 0; s <= NSTATUS; s++)
			if (m->per_route[i].by_status[s]) {
				if (s == STATUS_OTHER)
					fprintf(f, "sidakerd_http_requests_total{%s,status=\"other\"} %lu\n", labels,
					        (unsigned long)m->per_route[i].by_status[s]);
				else
					fprintf(f, "sidakerd_http_requests_total{%s,status=\"%d\"} %lu\n", labels,
					        statuses[s], (unsigned long)m->per_route[i].by_status[s]);
			}
	}
	fputs("# HELP sidakerd_http_request_duration_seconds Time from request to reply.\n"
	      "# TYPE sidakerd_http_request_duration_seconds histogram\n",
	      f);
	for (size_t i = 0; i <= m->nroutes; i++) {
		struct route_metrics *rm = &m->per_route[i];
		if (!rm->count)
			continue;
		route_labels(m, i, labels, sizeof labels);
		uint64_t cumulative = 0;
		for (size_t b = 0; b < NBUCKETS; b++) {
			cumulative += rm->buckets[b];
			fprintf(f, "sidakerd_http_request_duration_seconds_bucket{%s,le=\"%g\"} %lu\n", labels,
			        bounds[b], (unsigned long)cumulative);
		}
		fprintf(f, "sidakerd_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %lu\n", labels,
		        (unsigned long)rm->count);
		fprintf(f, "sidakerd_http_request_duration_seconds_sum{%s} %.6f\n", labels, rm->sum);
		fprintf(f, "sidakerd_http_request_duration_seconds_count{%s} %lu\n", labels, (unsigned long)rm->count);
	}
	struct writer_stats ws;
	writer_get_stats(srv->writer, &ws);
	struct conn_guard_stats gs;
	conn_guard_get_stats(srv->guard, &gs);
	fprintf(f,
	        "# HELP sidakerd_queue_depth Jobs waiting, by queue.\n"
	        "# TYPE sidakerd_queue_depth gauge\n"
	        "sidakerd_queue_depth{queue=\"writer\"} %zu\n"
	        "sidakerd_queue_depth{queue=\"pool\"} %zu\n"
	        "sidakerd_queue_depth{queue=\"read_pool\"} %zu\n"
	        "sidakerd_queue_depth{queue=\"handoff\"} %zu\n"
	        "# HELP sidakerd_requests_in_flight Requests received and not yet answered.\n"
	        "# TYPE sidakerd_requests_in_flight gauge\n"
	        "sidakerd_requests_in_flight %d\n"
	        "# HELP sidakerd_writer_jobs_total Write jobs run by the writer thread.\n"
	        "# TYPE sidakerd_writer_jobs_total counter\n"
	        "sidakerd_writer_jobs_total %lu\n"
	        "# HELP sidakerd_writer_commits_total Transactions committed (group commit).\n"
	        "# TYPE sidakerd_writer_commits_total counter\n"
	        "sidakerd_writer_commits_total %lu\n"
	        "# HELP sidakerd_writer_failed_commits_total Transactions that failed and were rolled back.\n"
	        "# TYPE sidakerd_writer_failed_commits_total counter\n"
	        "sidakerd_writer_failed_commits_total %lu\n"
	        "# HELP sidakerd_writer_failing 1 while the last transaction failed and none has committed since.\n"
	        "# TYPE sidakerd_writer_failing gauge\n"
	        "sidakerd_writer_failing %d\n"
	        "# HELP sidakerd_connections_open Client connections the guard holds.\n"
	        "# TYPE sidakerd_connections_open gauge\n"
	        "sidakerd_connections_open %d\n"
	        "# HELP sidakerd_connections_closed_total Connections the guard closed, by reason.\n"
	        "# TYPE sidakerd_connections_closed_total counter\n"
	        "sidakerd_connections_closed_total{reason=\"head_timeout\"} %lu\n"
	        "sidakerd_connections_closed_total{reason=\"body_timeout\"} %lu\n"
	        "sidakerd_connections_closed_total{reason=\"evicted\"} %lu\n"
	        "sidakerd_connections_closed_total{reason=\"early_413\"} %lu\n"
	        "# HELP sidakerd_accept_pauses_total Times accepting paused for lack of descriptors.\n"
	        "# TYPE sidakerd_accept_pauses_total counter\n"
	        "sidakerd_accept_pauses_total %lu\n"
	        "# HELP sidakerd_registrations_taken_total Registrations refused because the NIK or e-mail is taken "
	        "(enumeration attempts show here).\n"
	        "# TYPE sidakerd_registrations_taken_total counter\n"
	        "sidakerd_registrations_taken_total{what=\"nik\"} %lu\n"
	        "sidakerd_registrations_taken_total{what=\"email\"} %lu\n"
	        "# HELP sidakerd_idempotent_replays_total Replies replayed for a repeated Idempotency-Key.\n"
	        "# TYPE sidakerd_idempotent_replays_total counter\n"
	        "sidakerd_idempotent_replays_total %lu\n",
	        ws.depth, pool_depth(srv->pool), pool_depth(srv->read_pool), handoff_depth(srv->handoff), srv->inflight,
	        (unsigned long)ws.jobs, (unsigned long)ws.commits, (unsigned long)ws.failed_commits, ws.failing ? 1 : 0,
	        gs.open, (unsigned long)gs.head_timeouts, (unsigned long)gs.body_timeouts, (unsigned long)gs.evicted,
	        (unsigned long)gs.early_413, (unsigned long)m->accept_pauses, (unsigned long)m->nik_taken,
	        (unsigned long)m->email_taken, (unsigned long)m->replays);
	int listing_current;
	size_t listed = vacancy_listing_status(&listing_current);
	uint64_t searches[3];
	vacancy_search_counts(searches);
	fprintf(f,
	        "# HELP sidakerd_listing_vacancies Published vacancies in the search's listing in memory.\n"
	        "# TYPE sidakerd_listing_vacancies gauge\n"
	        "sidakerd_listing_vacancies %zu\n"
	        "# HELP sidakerd_listing_current 1 while the listing in memory has every change (else searches ask SQL).\n"
	        "# TYPE sidakerd_listing_current gauge\n"
	        "sidakerd_listing_current %d\n"
	        "# HELP sidakerd_search_answers_total Vacancy searches answered, by where the answer came from.\n"
	        "# TYPE sidakerd_search_answers_total counter\n"
	        "sidakerd_search_answers_total{source=\"cache\"} %lu\n"
	        "sidakerd_search_answers_total{source=\"memory\"} %lu\n"
	        "sidakerd_search_answers_total{source=\"sql\"} %lu\n",
	        listed, listing_current, (unsigned long)searches[SEARCH_FROM_CACHE],
	        (unsigned long)searches[SEARCH_FROM_MEMORY], (unsigned long)searches[SEARCH_FROM_SQL]);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
