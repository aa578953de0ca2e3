/* Vacancies past their valid_until leave the listing (hourly); their open
 * applications end as rejected. */
#include <ctype.h>
#include <pthread.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dates.h"
#include "http.h"
#include "log.h"
#include "server.h"
#include "vacancy.h"
#include "vacancy_listing.h"
#include "vacancy_request.h"
#include "vacancy_expiry.h"
#include "vacancy_search.h"

/* ---- expiry ---- */

static struct event *expiry_timer;

static int expire_write(struct dbconn *db, void *arg)
{
	struct server *srv = arg;
	char today[DATE_LEN + 1];
	date_format(date_today(srv->cfg->utc_offset_minutes), today);
	int n = vacancy_expire(db, today, now_seconds());
	if (n < 0)
		return WRITE_STORE_ERROR;
	if (n > 0)
		log_info("vacancy_expiry", "expired=%d", n);
	return WRITE_OK;
}

static void expired(void *arg, int result)
{
	(void)arg;
	vacancy_listing_changed();
	if (result != WRITE_OK)
		log_warn("vacancy_expiry", "result=%d", result);
}

static void on_expiry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (srv->writer && !srv->shutting_down)
		writer_submit(srv->writer, expire_write, expired, srv);
}

int vacancy_lifecycle_start(struct server *srv)
{
	expiry_timer = event_new(srv->base, -1, EV_PERSIST, on_expiry, srv);
	struct timeval hour = {3600, 0};
	if (!expiry_timer || event_add(expiry_timer, &hour) < 0)
		return -1;
	event_active(expiry_timer, EV_TIMEOUT, 0);
	return vacancy_listing_start(srv);
}

void vacancy_lifecycle_stop(void)
{
	vacancy_search_cache_free();
	if (expiry_timer)
		event_free(expiry_timer);
	expiry_timer = NULL;
}
