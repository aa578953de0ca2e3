/* The SQL of certificates. */
#include <stdio.h>
#include <string.h>

#include "certificate.h"
#include "certificate_store.h"
#include "store_sql.h"

static const char sql_insert[] =
	"INSERT INTO certificate(number, kind, seeker_id, enrolment_id, scheme, lsp, issued_on, expires_on, "
	"recorded_by, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
#define CERTIFICATE_JSON \
	"json_object('id', c.id, 'number', c.number, 'kind', c.kind, 'scheme', c.scheme, 'lsp', c.lsp, " \
	"'issued_on', c.issued_on, 'expires_on', c.expires_on, 'enrolment_id', c.enrolment_id, " \
	"'training', t.title, 'vocation', t.vocation)"
static const char sql_json[] = "SELECT " CERTIFICATE_JSON
			       " FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id "
			       "JOIN training t ON t.id = e.training_id WHERE c.id = ?";
static const char sql_own[] =
	"SELECT " CERTIFICATE_JSON " FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id "
	"JOIN training t ON t.id = e.training_id WHERE c.seeker_id = ?1 AND (?2 = 0 OR c.id < ?2) "
	"ORDER BY c.id DESC LIMIT ?3";
/* Recorded certificates and the office's e-certificates of online courses
 * (their numbers begin ESKILLUP/, which certificate_create keeps free). */
static const char sql_lookup[] = "SELECT c.number, s.full_name, c.scheme, c.expires_on FROM certificate c "
				 "JOIN seeker s ON s.id = c.seeker_id WHERE c.number = ?1 UNION ALL "
				 "SELECT cl.certificate_number, s.full_name, co.title, NULL FROM course_learner cl "
				 "JOIN seeker s ON s.id = cl.seeker_id JOIN course co ON co.id = cl.course_id "
				 "WHERE cl.certificate_number = ?1";

enum store_result certificate_insert(struct dbconn *db, const struct certificate *c, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->seeker_id);
	sqlite3_bind_int64(st, 4, c->enrolment_id);
	sqlite3_bind_text(st, 5, c->scheme, -1, SQLITE_STATIC);
	if (*c->lsp)
		sqlite3_bind_text(st, 6, c->lsp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->issued_on, -1, SQLITE_STATIC);
	if (*c->expires_on)
		sqlite3_bind_text(st, 8, c->expires_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, c->recorded_by);
	sqlite3_bind_int64(st, 10, now);
	return store_insert(db, st, id);
}

json_t *certificate_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }

json_t *certificate_own_json(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_own);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit + 1);
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, json_loads(store_text(st, 0), 0, NULL));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return NULL;
	}
	return items;
}

int certificate_lookup(struct dbconn *db, const char *number, struct certificate_check *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_lookup);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out->number, sizeof out->number, "%s", store_text(st, 0));
		snprintf(out->holder, sizeof out->holder, "%s", store_text(st, 1));
		snprintf(out->scheme, sizeof out->scheme, "%s", store_text(st, 2));
		snprintf(out->expires_on, sizeof out->expires_on, "%s", store_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
