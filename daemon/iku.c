/* The yearly indicators (IKU) and their targets.  Definitions, as in
 * proto/openapi.yaml:
 *  - registrations of year Y: AK/I cards issued in Y, except re-issues of a
 *    card still valid (the IPK's row 2 summed over the year by issue date);
 *  - placement rate: distinct card holders placed in Y (start date in Y,
 *    holding a card on that date) ÷ registrations × 100;
 *  - trained share: persons trained in Y ÷ registrations × 100 (with the
 *    setting iku_trained_includes_online, those who completed an online
 *    course in Y count too, each person once);
 *  - competency share: trained persons assessed competent ÷ persons trained × 100;
 *  - placements: placement events with a start date in Y, by channel, and
 *    the distinct persons behind them. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "dates.h"
#include "export.h"
#include "http.h"
#include "iku.h"
#include "server.h"
#include "iku_store.h"
#include "store.h"
#include "training_stats_store.h"
#include "training.h"
#include "reference.h"

static const char *const channels[] = {REF_PLACEMENT_CHANNEL(REF_VALUE) NULL};

int64_t iku_percent_hundredths(int64_t num, int64_t den) { return (num * 10000 * 2 + den) / (2 * den); }

int64_t iku_capaian_hundredths(int64_t num, int64_t den, int64_t target, bool printed)
{
	if (printed || den == 0) /* a count (den 0) is exact as printed */
		return iku_percent_hundredths(den ? iku_percent_hundredths(num, den) : num * 100, target);
	/* (num / den x 100) / (target / 100) x 100, in hundredths, rounded half up. */
	return (num * 100000000 * 2 + den * target) / (2 * den * target);
}

void iku_format(int64_t hundredths, char sep, char out[32])
{
	snprintf(out, 32, "%lld%c%02lld", (long long)(hundredths / 100), sep, (long long)(hundredths % 100));
}

int64_t iku_parse_target(const char *s)
{
	size_t whole = strspn(s, "0123456789");
	if (whole == 0 || whole > 9)
		return -1;
	int64_t v = strtoll(s, NULL, 10) * 100;
	const char *p = s + whole;
	if (!*p)
		return v;
	size_t frac = strspn(p + 1, "0123456789");
	if ((*p != '.' && *p != ',') || frac == 0 || frac > 2 || p[1 + frac])
		return -1;
	v += (p[1] - '0') * 10 + (frac == 2 ? p[2] - '0' : 0);
	return v;
}

/* The indicator with its target and capaian: realisation in hundredths
 * (-1: no denominator), target in hundredths (-1: none). */
static json_t *indicator(const char *key, const char *name, int64_t num, int64_t den, int64_t real, int64_t target,
                         int percent, bool printed)
{
	char value[32], shown[40], t[32], cap[32], cap_shown[40];
	json_t *o = json_pack("{s:s, s:s, s:I}", "key", key, "name", name, "numerator", (json_int_t)num);
	if (percent)
		json_object_set_new(o, "denominator", json_integer(den));
	if (real < 0) {
		json_object_set_new(o, "value", json_null());
		json_object_set_new(o, "display", json_string("-"));
	} else if (percent) {
		iku_format(real, '.', value);
		iku_format(real, ',', shown);
		strcat(shown, "%");
		json_object_set_new(o, "value", json_string(value));
		json_object_set_new(o, "display", json_string(shown));
	} else {
		json_object_set_new(o, "value", json_integer(num));
		snprintf(shown, sizeof shown, "%lld", (long long)num);
		json_object_set_new(o, "display", json_string(shown));
	}
	if (target > 0 && real >= 0) {
		iku_format(target, '.', t);
		int64_t c = iku_capaian_hundredths(num, percent ? den : 0, target, printed);
		iku_format(c, '.', cap);
		iku_format(c, ',', cap_shown);
		strcat(cap_shown, "%");
		json_object_set_new(o, "target", json_string(t));
		json_object_set_new(o, "capaian", json_string(cap));
		json_object_set_new(o, "capaian_display", json_string(cap_shown));
	} else {
		if (target > 0) {
			iku_format(target, '.', t);
			json_object_set_new(o, "target", json_string(t));
		} else {
			json_object_set_new(o, "target", json_null());
		}
		json_object_set_new(o, "capaian", json_null());
	}
	return o;
}

struct year_targets {
	const char *const *keys; /* the four indicators */
	int64_t *targets;
};

static void add_target(const char *indicator, const char *target, void *arg)
{
	struct year_targets *t = arg;
	for (int i = 0; i < 4; i++)
		if (!strcmp(indicator, t->keys[i]))
			t->targets[i] = iku_parse_target(target);
}

struct year_channels {
	json_t *by_channel;
	int64_t placements, without_card;
};

static void add_channel(const char *channel, int64_t placements, int64_t without_card, void *arg)
{
	struct year_channels *c = arg;
	json_object_set_new(c->by_channel, channel, json_integer(placements));
	c->placements += placements;
	c->without_card += without_card;
}

/* printed: the capaian divides the realisation as printed (2 decimals) by
 * the target, instead of the exact ratio (the setting iku_capaian_from). */
static json_t *indicators_of_year(struct dbconn *db, const char *year, bool printed, bool online)
{
	/* distinct: card holders placed, persons placed */
	int64_t registrations = 0, distinct[2] = {0}, placements = 0, without_card = 0, targets[4] = {-1, -1, -1, -1};
	long long trained = 0, competent = 0;
	static const char *const keys[] = {"placement_rate", "trained_share", "competency_share", "placements"};
	struct year_targets t = {keys, targets};
	if (iku_store_registrations(db, year, &registrations) < 0 || iku_store_placed(db, year, distinct) < 0 ||
	    training_year_totals(db, year, online, &trained, &competent) < 0 ||
	    iku_store_targets(db, year, add_target, &t) < 0)
		return NULL;
	struct year_channels c = {json_object(), 0, 0};
	for (const char *const *name = channels; *name; name++)
		json_object_set_new(c.by_channel, *name, json_integer(0));
	if (iku_store_by_channel(db, year, add_channel, &c) < 0) {
		json_decref(c.by_channel);
		return NULL;
	}
	json_t *by_channel = c.by_channel;
	placements = c.placements;
	without_card = c.without_card;

	json_t *list = json_array();
	json_array_append_new(list,
	                      indicator(keys[0], "Persentase pencari kerja terdaftar yang ditempatkan", distinct[0],
	                                registrations,
	                                registrations ? iku_percent_hundredths(distinct[0], registrations) : -1,
	                                targets[0], 1, printed));
	json_array_append_new(
		list,
		indicator(keys[1], "Persentase tenaga kerja yang mendapatkan pelatihan", trained, registrations,
	                  registrations ? iku_percent_hundredths(trained, registrations) : -1, targets[1], 1, printed));
	json_array_append_new(list,
	                      indicator(keys[2], "Persentase pencari kerja terdaftar yang memiliki standar kompetensi",
	                                competent, trained, trained ? iku_percent_hundredths(competent, trained) : -1,
	                                targets[2], 1, printed));
	json_t *events = indicator(keys[3], "Jumlah tenaga kerja yang ditempatkan", placements, 0, placements * 100,
	                           targets[3], 0, printed);
	json_object_set_new(events, "by_channel", by_channel);
	json_object_set_new(events, "distinct_persons", json_integer(distinct[1]));
	json_object_set_new(events, "without_card", json_integer(without_card));
	json_array_append_new(list, events);
	return json_pack(
		"{s:i, s:s, s:s, s:b, s:I, s:o}", "year", atoi(year), "rounding",
		printed ? "2 desimal, pembulatan setengah ke atas; capaian = realisasi tercetak / target x 100"
			: "2 desimal, pembulatan setengah ke atas; capaian = realisasi (rasio tepat) / target x 100",
		"capaian_from", printed ? "printed" : "exact", "trained_includes_online", online, "registrations",
		(json_int_t)registrations, "indicators", list);
}

json_t *iku_year_report(struct dbconn *db, const struct config *cfg, const char *year)
{
	return indicators_of_year(db, year, !strcmp(cfg->iku_capaian_from, "printed"),
	                          cfg->iku_trained_includes_online);
}

/* The same as tables for the exports. */
static json_t *as_tables(const json_t *iku)
{
	json_t *t = json_pack("{s:s, s:s, s:[s,s,s,s,s], s:[]}", "key", "iku", "title", "Indikator Kinerja Utama",
	                      "columns", "Pembilang", "Penyebut", "Realisasi", "Target", "Capaian", "rows");
	json_t *c = json_pack("{s:s, s:s, s:[s], s:[]}", "key", "placements_by_channel", "title",
	                      "Penempatan menurut jalur", "columns", "Jumlah", "rows");
	size_t i;
	json_t *ind;
	json_array_foreach (json_object_get(iku, "indicators"), i, ind) {
		char row[24];
		snprintf(row, sizeof row, "%zu", i + 1);
		json_t *den = json_object_get(ind, "denominator");
		const char *target = json_string_value(json_object_get(ind, "target")),
			   *capaian = json_string_value(json_object_get(ind, "capaian_display"));
		json_array_append_new(
			json_object_get(t, "rows"),
			json_pack("{s:s, s:s, s:[O, o, O, s, s]}", "row", row, "label",
		                  json_string_value(json_object_get(ind, "name")), "values",
		                  json_object_get(ind, "numerator"), den ? json_incref(den) : json_string(""),
		                  json_object_get(ind, "display"), target ? target : "-", capaian ? capaian : "-"));
		const char *key;
		json_t *n;
		long long total = 0;
		json_object_foreach (json_object_get(ind, "by_channel"), key, n) {
			/* Numbered; the channel's code is the label, which the report
			 * prints by its name (report_label). */
			char number[24];
			snprintf(number, sizeof number, "%zu", json_array_size(json_object_get(c, "rows")) + 1);
			json_array_append_new(json_object_get(c, "rows"),
			                      json_pack("{s:s, s:s, s:[O]}", "row", number, "label", key, "values", n));
			total += json_integer_value(n);
		}
		if (json_object_get(ind, "by_channel"))
			json_array_append_new(json_object_get(c, "rows"),
			                      json_pack("{s:s, s:s, s:[I]}", "row", "total", "label", "Jumlah",
			                                "values", (json_int_t)total));
	}
	return json_pack("[o,o]", t, c);
}

static int year_of(struct req *r, const char *year, char out[8])
{
	struct date today = date_today(r->srv->cfg->utc_offset_minutes);
	if (!year) {
		snprintf(out, 8, "%04u", (unsigned)today.year % 10000u);
		return 0;
	}
	if (strlen(year) != 4 || strspn(year, "0123456789") != 4 || atoi(year) < 2000 || atoi(year) > today.year + 1)
		return -1;
	snprintf(out, 8, "%s", year);
	return 0;
}

/* The indicators are computed on the read pool (seconds of counting must
 * not hold up the loop at a province's size). */
struct iku_read {
	char year[8], format[8];
	json_t *out;
};

static void iku_read_free(void *p)
{
	struct iku_read *st = p;
	if (st)
		json_decref(st->out);
	free(st);
}

int iku_year_warm(struct dbconn *db, const char *year)
{
	json_t *out = indicators_of_year(db, year, false, false);
	json_decref(out);
	return out ? 0 : -1;
}

static void iku_run(struct req *r)
{
	struct iku_read *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	st->out = db ? indicators_of_year(db, st->year, !strcmp(r->srv->cfg->iku_capaian_from, "printed"),
	                                  r->srv->cfg->iku_trained_includes_online)
		     : NULL;
}

static void iku_done(struct req *r)
{
	struct iku_read *st = r->state;
	if (!st->out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *out = st->out;
	st->out = NULL;
	if (!*st->format || !strcmp(st->format, "json")) {
		req_reply(r, 200, out);
		return;
	}
	char period[32], format[8];
	snprintf(period, sizeof period, "Tahun %s", st->year);
	snprintf(format, sizeof format, "%s", st->format);
	json_object_set_new(out, "tables", as_tables(out));
	req_state_release(r);
	export_reply(r, format, "Indikator Kinerja Utama (IKU)", period, out);
}

static void iku_answer(struct req *r, const char *year, const char *format)
{
	struct iku_read *st = req_state_new(r, sizeof(struct iku_read), iku_read_free);
	if (!st)
		return;
	snprintf(st->year, sizeof st->year, "%s", year);
	snprintf(st->format, sizeof st->format, "%s", format ? format : "");
	req_read_pool(r, iku_run, iku_done);
}

void iku_get(struct req *r)
{
	char year[8];
	const char *format = req_query(r, "format");
	if (year_of(r, req_query(r, "year"), year) < 0) {
		req_fail(r, ERR_QUERY_INVALID, "year");
		return;
	}
	if (format && !export_format_known(format)) {
		req_fail(r, ERR_QUERY_INVALID, "format");
		return;
	}
	iku_answer(r, year, format);
}

static const struct field_spec target_fields[] = {
	{"placement_rate", FIELD_STRING, 0, 12},
	{"trained_share", FIELD_STRING, 0, 12},
	{"competency_share", FIELD_STRING, 0, 12},
	{"placements", FIELD_STRING, 0, 12},
	{NULL, 0, 0, 0},
};

struct target_state {
	char year[8];
	int64_t values[4];
};

static int targets_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct target_state *st = r->state;
	int64_t now = now_seconds();
	for (int i = 0; i < 4; i++) {
		if (st->values[i] < 0)
			continue;
		char text[32];
		iku_format(st->values[i], '.', text);
		if (iku_store_set_target(db, atoi(st->year), target_fields[i].name, text, r->who.account_id, now) < 0)
			return WRITE_STORE_ERROR;
	}
	return audit_record(db, r->who.account_id, "iku.targets", "year", atoi(st->year), NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void targets_done(struct req *r, int result)
{
	struct target_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char year[8];
	snprintf(year, sizeof year, "%s", st->year);
	req_state_release(r);
	iku_answer(r, year, NULL);
}

/* PUT /v1/statistics/iku/targets/{year}: percentages (and the count of
 * placements) as decimal text with at most two decimals. */
void iku_set_targets(struct req *r)
{
	struct target_state *st = req_state_new(r, sizeof(struct target_state), NULL);
	if (!st || req_body_check(r, target_fields) < 0)
		return;
	if (year_of(r, r->param[0], st->year) < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	int any = 0;
	for (int i = 0; i < 4; i++) {
		const char *v = body_str(r->body, target_fields[i].name);
		st->values[i] = v ? iku_parse_target(v) : -1;
		/* Percentages up to 1000 %, counts up to ten million; never zero. */
		if (v && (st->values[i] <= 0 || st->values[i] > (i == 3 ? 1000000000LL : 100000LL))) {
			req_fail(r, ERR_FIELD_INVALID, target_fields[i].name);
			return;
		}
		any |= v != NULL;
	}
	if (!any) {
		req_fail(r, ERR_FIELD_MISSING, "placement_rate");
		return;
	}
	req_write(r, targets_write, targets_done);
}
