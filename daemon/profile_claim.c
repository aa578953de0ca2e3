#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "http.h"
#include "list.h"
#include "mask.h"
#include "notification.h"
#include "notification_store.h"
#include "profile_claim.h"
#include "profile_claim_store.h"
#include "server.h"
#include "store.h"
#include "validate.h"

/* A person's name as a key: lower-case words of letters and digits,
 * single-spaced, so that "SITI  RAHAYU" and "Siti Rahayu." agree.  Titles
 * and spelling variants ("Hj.", "Muhamad") are left to the officer. */
static void name_key(const char *name, char *out, size_t cap)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 1 < cap; p++) {
		if (isalnum(*p) || *p >= 0x80)
			out[n++] = (char)tolower(*p);
		else if (n && out[n - 1] != ' ')
			out[n++] = ' ';
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static int names_agree(const char *a, const char *b)
{
	char ka[256], kb[256];
	name_key(a, ka, sizeof ka);
	name_key(b, kb, sizeof kb);
	return *ka && !strcmp(ka, kb);
}

int profile_claim_check(struct dbconn *db, int64_t account_id, const unsigned char nik_index[DIGEST_BYTES],
                        const char *name, const char *birth_date, int64_t now)
{
	struct claimed_record rec;
	int found = profile_claim_store_record(db, nik_index, &rec);
	if (found <= 0 || rec.account_id == account_id)
		return found < 0 ? -1 : CLAIM_NONE;
	if (rec.account_id)
		return CLAIM_TAKEN;
	char state[16];
	found = profile_claim_store_existing(db, account_id, rec.seeker_id, state);
	if (found < 0)
		return -1;
	if (found)
		return !strcmp(state, "rejected") ? CLAIM_REJECTED : CLAIM_PENDING;
	if (!birth_date)
		return CLAIM_NONE;
	struct profile_claim_new c = {
		.account_id = account_id,
		.seeker_id = rec.seeker_id,
		.name_given = name,
		.birth_date_given = birth_date,
		.name_agrees = names_agree(name, rec.full_name),
		.birth_date_agrees = !strcmp(birth_date, rec.birth_date),
	};
	int agree = c.name_agrees && c.birth_date_agrees;
	c.state = agree ? "linked" : "pending";
	int64_t id;
	if (profile_claim_store_insert(db, &c, now, &id) != STORE_OK ||
	    (agree && profile_claim_store_link(db, rec.seeker_id, account_id) != STORE_OK) ||
	    audit_record(db, account_id, agree ? "profile_claim.linked" : "profile_claim.queued", "profile_claim", id,
	                 NULL, now) < 0)
		return -1;
	return agree ? CLAIM_LINKED : CLAIM_PENDING;
}

int profile_claim_state(struct dbconn *db, int64_t account_id, char state[16])
{
	return profile_claim_store_latest(db, account_id, state);
}

/* ---- officers ---- */

static const char *const states[] = {"pending", "linked", "rejected", NULL};

void profile_claim_queue(struct req *r)
{
	const char *state;
	struct list_page page;
	if (req_query_choice(r, "state", states, &state) < 0 || list_page_parse(r, &page) < 0)
		return;
	struct masked_rows l = {&r->srv->keys, json_array()};
	if (profile_claim_store_list(r->srv->reader, state ? state : "pending", 0, page.cursor, page.limit + 1,
	                             masked_rows_add, &l) < 0) {
		json_decref(l.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "profile_claim.list_read", "profile_claim", 0);
	list_reply(r, l.items, page.limit);
}

struct decision_state {
	int64_t id;
	struct profile_claim_row claim;
	char decision[16], note[256];
	int refusal;
};

static const struct field_spec decision_fields[] = {
	{"decision", FIELD_STRING, 1, 16},
	{"note", FIELD_STRING, 0, 255},
	{NULL, 0, 0, 0},
};

static int decide_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct decision_state *st = r->state;
	int64_t now = now_seconds();
	int link = !strcmp(st->decision, "link");
	enum store_result rc = profile_claim_store_decide(db, st->id, link ? "linked" : "rejected",
	                                                  *st->note ? st->note : NULL, r->who.account_id, now);
	/* Decided meanwhile, or the record went to another account. */
	if (rc == STORE_OK && link)
		rc = profile_claim_store_link(db, st->claim.seeker_id, st->claim.account_id);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	char paragraph[400];
	if (link)
		snprintf(paragraph, sizeof paragraph,
		         "Data Anda dari register kantor Disnaker (kartu AK/I, profil) sudah tertaut ke akun Anda.");
	else
		snprintf(
			paragraph, sizeof paragraph,
			"Petugas tidak dapat menautkan data register kantor ke akun Anda%s%s. Silakan datang ke kantor "
			"Disnaker dengan membawa KTP.",
			*st->note ? ": " : "", st->note);
	struct notification n = {"card",
	                         link ? "Data register Anda sudah tertaut" : "Data register tidak dapat ditautkan",
	                         paragraph, "profile_claim", st->id};
	char detail[48];
	snprintf(detail, sizeof detail, "{\"decision\":\"%s\"}", st->decision);
	if (rc != STORE_OK || notification_send(db, r->srv->cfg, st->claim.account_id, &n, now) < 0 ||
	    audit_record(db, r->who.account_id, "profile_claim.decide", "profile_claim", st->id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void decided(struct req *r, int result)
{
	struct decision_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	struct masked_rows l = {&r->srv->keys, json_array()};
	if (profile_claim_store_list(r->srv->reader, "", st->id, 0, 1, masked_rows_add, &l) < 0 ||
	    json_array_size(l.items) != 1) {
		json_decref(l.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *claim = json_incref(json_array_get(l.items, 0));
	json_decref(l.items);
	req_reply(r, 200, claim);
}

void profile_claim_decide(struct req *r)
{
	static const char *const decisions[] = {"link", "reject", NULL};
	struct decision_state *st = req_state_new(r, sizeof(struct decision_state), NULL);
	if (!st || req_body_check(r, decision_fields) < 0)
		return;
	const char *decision = body_str(r->body, "decision"), *note = body_str(r->body, "note");
	if (!valid_choice(decision, decisions)) {
		req_fail(r, ERR_FIELD_INVALID, "decision");
		return;
	}
	if (note && valid_text(note, 255) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "note");
		return;
	}
	if (!strcmp(decision, "reject") && (!note || !*note)) {
		req_fail(r, ERR_FIELD_MISSING, "note"); /* the person is told why */
		return;
	}
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? profile_claim_store_get(r->srv->reader, st->id, &st->claim) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (strcmp(st->claim.state, "pending")) {
		req_fail(r, ERR_STATE, NULL);
		return;
	}
	snprintf(st->decision, sizeof st->decision, "%s", decision);
	snprintf(st->note, sizeof st->note, "%s", note ? note : "");
	req_write(r, decide_write, decided);
}
