/* Vacancies, the officers' side: the moderation queue, publication (with
 * the matching run) or rejection, and the reports of suspect vacancies
 * that anyone files. */
#include <ctype.h>
#include <pthread.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "http.h"
#include "matching.h"
#include "matching_store.h"
#include "list.h"
#include "organisation.h"
#include "organisation_store.h"
#include "profile.h"
#include "server.h"
#include "vacancy_listing.h"
#include "validate.h"
#include "vacancy.h"
#include "vacancy_request.h"
#include "vacancy_moderation.h"
#include "vacancy_search.h"

/* ---- officers ---- */

void vacancy_moderation_queue(struct req *r) { vacancy_reply_ids(r, VACANCIES_PENDING); }

static const struct field_spec moderation_fields[] = {
	{"decision", FIELD_STRING, 1, 16},
	{"note", FIELD_STRING, 0, 255},
	{NULL, 0, 0, 0},
};

/* Publication: the listing, the search index and the run that tells the
 * job seekers who fit (matching.c, after this commits) go together. */
static int moderate_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds();
	int publish = !strcmp(st->decision, "publish");
	if (publish) {
		int public = organisation_public(db, st->row.organisation_id);
		if (public < 0)
			return WRITE_STORE_ERROR;
		if (!public) {
			st->refusal = ERR_ORG_NOT_PUBLIC;
			return WRITE_REFUSED;
		}
	}
	int rc = vacancy_transition(db, st->id, "pending", publish ? "published" : "draft", *st->note ? st->note : NULL,
	                            r->who.account_id, now);
	if (rc == 1) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (rc < 0)
		return WRITE_STORE_ERROR;
	if (publish) {
		if (vacancy_index(db, st->id) < 0 || matching_queue(db, st->id, now) < 0)
			return WRITE_STORE_ERROR;
	}
	return audit_record(db, r->who.account_id, publish ? "vacancy.publish" : "vacancy.reject", "vacancy", st->id,
	                    NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void moderated(struct req *r, int result)
{
	struct vacancy_state *st = r->state;
	if (result == WRITE_OK) {
		vacancy_listing_changed();
		matching_kick(r->srv);
	}
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	json_t *v = vacancy_json(r->srv->reader, st->id);
	if (!v) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, v);
}

void vacancy_moderate(struct req *r)
{
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || req_body_check(r, moderation_fields) < 0)
		return;
	const char *decision = body_str(r->body, "decision"), *note = body_str(r->body, "note");
	if (strcmp(decision, "publish") && strcmp(decision, "reject")) {
		req_fail(r, ERR_FIELD_INVALID, "decision");
		return;
	}
	if (!strcmp(decision, "reject") && (!note || valid_text(note, 255) < 0)) {
		req_fail(r, ERR_FIELD_MISSING, "note");
		return;
	}
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? vacancy_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	snprintf(st->decision, sizeof st->decision, "%s", decision);
	snprintf(st->note, sizeof st->note, "%s", note ? note : "");
	req_write(r, moderate_write, moderated);
}

static const struct field_spec report_fields[] = {
	{"reason", FIELD_STRING, 1, 16},
	{"note", FIELD_STRING, 0, 500},
	{NULL, 0, 0, 0},
};

static int report_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = vacancy_store_report(db, st->id, r->who.account_id, body_str(r->body, "reason"),
	                                            body_str(r->body, "note"), now);
	if (rc == STORE_CONFLICT) {
		st->refusal = ERR_ALREADY_REPORTED;
		return WRITE_REFUSED;
	}
	if (rc < 0 || audit_record(db, r->who.account_id, "vacancy.report", "vacancy", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void reported(struct req *r, int result)
{
	struct vacancy_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	req_reply(r, 201, json_pack("{s:s}", "status", "received"));
}

void vacancy_report(struct req *r)
{
	static const char *const reasons[] = {"fee_requested", "fake", "misleading", "discriminatory", "other", NULL};
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || req_body_check(r, report_fields) < 0)
		return;
	if (!valid_choice(body_str(r->body, "reason"), reasons)) {
		req_fail(r, ERR_FIELD_INVALID, "reason");
		return;
	}
	const char *note = body_str(r->body, "note");
	if (note && valid_text(note, 500) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "note");
		return;
	}
	st->id = req_param_id(r, 0);
	if (vacancy_visible(r, st->id, &st->row) < 0)
		return;
	req_write(r, report_write, reported);
}

void vacancy_reports_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items = vacancy_store_reports(r->srv->reader, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}
