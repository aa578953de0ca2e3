/* The SQL of the IPK tables: one month's flows, closures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "ipk.h"
#include "ipk_store.h"
#include "store_sql.h"
#include "reference.h"

const char *const ipk_age_groups[IPK_AGE_GROUPS] = {"15-19", "20-29", "30-44", "45-54", "55+"};
const char *const ipk_education_levels[IPK_EDUCATION_LEVELS] = {REF_EDUCATION_LEVEL(REF_VALUE)};
const char *const ipk_kbji_groups[IPK_KBJI_GROUPS] = {"0 TNI/Polri",      "1 Manajer",
                                                      "2 Profesional",    "3 Teknisi",
                                                      "4 Tata usaha",     "5 Jasa dan penjualan",
                                                      "6 Pertanian",      "7 Pengolahan dan kerajinan",
                                                      "8 Operator mesin", "9 Pekerja kasar",
                                                      "Belum memilih"};

/* A card that continues one still valid (re-issued as a renewal or a
 * correction: the replaced card ends 'replaced') is not a new registration,
 * and the replaced card is not an exit.  The person's facts are read from
 * the card's copy of them (sql/0010), which the months' indexes carry; each
 * card is grouped here in C (person_groups()), which costs half of what a
 * GROUP BY on the same expressions did. */
static const char sql_seeker_in[] =
	"SELECT c.ipk_female, c.ipk_birth_date, c.ipk_education, c.ipk_kbji, c.issued_on FROM card c "
	"WHERE c.in_month = ?1 AND (c.replaces_card_id IS NULL OR "
	"(SELECT o.state FROM card o WHERE o.id = c.replaces_card_id) <> 'replaced')";
/* An exit counts in the age group the card came in with (sql/0017): the
 * age at the end of its entry month, not of the month it leaves. */
static const char sql_seeker_out[] =
	"SELECT c.ipk_female, c.ipk_birth_date, c.ipk_education, c.ipk_kbji, c.ended_on, c.state = 'placed', "
	"c.ipk_entry_month FROM card c WHERE c.out_month = ?1 AND c.state IN ('placed','expired','removed')";

/* Vacancies in persons.  When a vacancy ends, the men hired fill the men's
 * places first, the women the women's, and what is left of either over
 * fills the "either" places; every place not filled leaves as removed, so
 * each vacancy leaves the table exactly as it came in. */
static const char sql_vacancy_in[] =
	"SELECT IFNULL(sum(needed_men), 0), IFNULL(sum(needed_women), 0), IFNULL(sum(needed_either), 0), "
	/* Late: published in an earlier month of the office's clock, i.e.
	 * before the month's first moment (an integer compare per row, not a
	 * date formatted for each of a month's 100,000 vacancies). */
	"count(CASE WHEN published_at < (SELECT CAST(strftime('%s', ?1 || '-01') AS INTEGER) - 60 * utc_offset_minutes "
	"FROM office_clock) THEN 1 END) FROM vacancy WHERE in_month = ?1";
static const char sql_vacancy_out[] =
	"SELECT IFNULL(sum(fm), 0), IFNULL(sum(fw), 0), IFNULL(sum(fe), 0), IFNULL(sum(needed_men - fm), 0), "
	"IFNULL(sum(needed_women - fw), 0), IFNULL(sum(needed_either - fe), 0), "
	"count(CASE WHEN state = 'filled' AND late THEN 1 END), count(CASE WHEN state <> 'filled' AND late THEN 1 END) "
	"FROM (SELECT state, needed_men, needed_women, needed_either, substr(ended_on, 1, 7) < out_month AS late, "
	"min(f_men, needed_men) AS fm, min(f_women, needed_women) AS fw, "
	"min(max(f_men - needed_men, 0) + max(f_women - needed_women, 0), needed_either) AS fe "
	"FROM (SELECT *, CASE WHEN state = 'filled' THEN IFNULL(filled_men, 0) ELSE 0 END AS f_men, "
	"CASE WHEN state = 'filled' THEN IFNULL(filled_women, 0) ELSE 0 END AS f_women FROM vacancy "
	"WHERE out_month = ?1))";
static const char sql_first_month[] =
	"SELECT min(m) FROM (SELECT min(in_month) AS m FROM card WHERE in_month IS NOT NULL UNION ALL "
	"SELECT min(in_month) FROM vacancy WHERE in_month IS NOT NULL UNION ALL "
	"SELECT min(ipk_month) FROM placement WHERE ipk_month IS NOT NULL)";
/* The person's gender and schooling: the placement's copy (sql/0010), the
 * register's when they are in it, else what the report said.  One row per
 * placement, counted in C (a GROUP BY of five columns cost more than the
 * counting). */
static const char sql_placements[] =
	"SELECT p.placement_kind, p.ipk_female, p.ipk_education, "
	"p.employer_type, p.card_id IS NOT NULL, 1, substr(p.start_date, 1, 7) < p.ipk_month "
	"FROM placement p WHERE p.ipk_month = ?1";
static const char sql_last_closed[] = "SELECT month, snapshot FROM ipk_closure ORDER BY month DESC LIMIT 1";
static const char sql_closure_get[] = "SELECT snapshot, closed_at FROM ipk_closure WHERE month = ?";
static const char sql_closure_insert[] =
	"INSERT INTO ipk_closure(month, closed_at, closed_by, snapshot) VALUES (?1, ?2, ?3, ?4)";

static sqlite3_stmt *month_stmt(struct dbconn *db, const char *sql, const char *month)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st)
		sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	return st;
}

static int finish(sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The last day of a month (YYYY-MM), as YYYY-MM-DD. */
static int month_last_day(const char *month, char out[DATE_LEN + 1])
{
	struct date d;
	char first[DATE_LEN + 1];
	snprintf(first, sizeof first, "%.7s-01", month);
	if (date_parse(first, &d) < 0)
		return -1;
	date_format(date_add_days(date_add_months(d, 1), -1), out);
	return 0;
}

/* The groups one card counts in: IPK age group on last_day, the last day
 * of the month it came into the table
 * (15-19, 20-29, 30-44, 45-54, 55+; unknown birth date: the last),
 * education (unknown: the last level) and the KBJI major group of the
 * first occupation sought (none: "Belum memilih"). */
struct person_groups {
	int female, age, education, kbji;
};

static int leading_int(const char *s, int len)
{
	int v = 0;
	for (int i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void person_groups(sqlite3_stmt *st, const char *last_day, struct person_groups *g)
{
	g->female = sqlite3_column_int(st, 0) == 1;
	g->age = IPK_AGE_GROUPS - 1;
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		/* Years between, less one when the birthday (MM-DD) is still to come. */
		const char *birth = store_text(st, 1);
		size_t len = strlen(birth);
		int age = leading_int(last_day, 4) - leading_int(birth, (int)(len < 4 ? len : 4)) -
			(len < 5 ? 0 : strncmp(last_day + 5, birth + 5, 5) < 0);
		g->age = age < 20 ? 0 : age < 30 ? 1 : age < 45 ? 2 : age < 55 ? 3 : 4;
	}
	const char *education = (const char *)sqlite3_column_text(st, 2);
	g->education = IPK_EDUCATION_LEVELS - 1;
	for (int i = 0; education && i < IPK_EDUCATION_LEVELS - 1; i++)
		if (!strcmp(education, ipk_education_levels[i]))
			g->education = i;
	const char *kbji = (const char *)sqlite3_column_text(st, 3);
	g->kbji = kbji && kbji[0] >= '0' && kbji[0] <= '9' ? kbji[0] - '0' : IPK_KBJI_GROUPS - 1;
}

/* Recorded after its own month had closed: its date's month is before the
 * month it counts in (no date: not late). */
static int late_in(sqlite3_stmt *st, int col, const char *month)
{
	return sqlite3_column_type(st, col) != SQLITE_NULL && strncmp(store_text(st, col), month, 7) < 0;
}

int ipk_seeker_flows(struct dbconn *db, const char *month, struct ipk_flows *by_age, struct ipk_flows *by_education,
                     struct ipk_flows *by_kbji)
{
	memset(by_age, 0, sizeof *by_age);
	memset(by_education, 0, sizeof *by_education);
	memset(by_kbji, 0, sizeof *by_kbji);
	char last_day[DATE_LEN + 1];
	if (month_last_day(month, last_day) < 0)
		return -1;
	struct ipk_flows *chains[3] = {by_age, by_education, by_kbji};
	struct person_groups g;
	int rc;
	sqlite3_stmt *st = month_stmt(db, sql_seeker_in, month);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		person_groups(st, last_day, &g);
		int late = late_in(st, 4, month), group[3] = {g.age, g.education, g.kbji};
		for (int c = 0; c < 3; c++) {
			chains[c]->in[2 * group[c] + g.female]++;
			chains[c]->late[0] += late;
		}
	}
	if (finish(st, rc) < 0 || !(st = month_stmt(db, sql_seeker_out, month)))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char entry_last_day[DATE_LEN + 1];
		const char *entry = (const char *)sqlite3_column_text(st, 6);
		person_groups(st, entry && month_last_day(entry, entry_last_day) == 0 ? entry_last_day : last_day, &g);
		int late = late_in(st, 4, month), placed = sqlite3_column_int(st, 5),
		    group[3] = {g.age, g.education, g.kbji};
		for (int c = 0; c < 3; c++) {
			(placed ? chains[c]->out3 : chains[c]->out4)[2 * group[c] + g.female]++;
			chains[c]->late[placed ? 1 : 2] += late;
		}
	}
	return finish(st, rc);
}

int ipk_vacancy_flows(struct dbconn *db, const char *month, struct ipk_flows *f)
{
	memset(f, 0, sizeof *f);
	sqlite3_stmt *st = month_stmt(db, sql_vacancy_in, month);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < 3; i++)
			f->in[i] = sqlite3_column_int64(st, i);
		f->late[0] = sqlite3_column_int64(st, 3);
		rc = SQLITE_DONE;
	}
	if (finish(st, rc) < 0 || !(st = month_stmt(db, sql_vacancy_out, month)))
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < 3; i++) {
			f->out3[i] = sqlite3_column_int64(st, i);
			f->out4[i] = sqlite3_column_int64(st, 3 + i);
		}
		f->late[1] = sqlite3_column_int64(st, 6);
		f->late[2] = sqlite3_column_int64(st, 7);
		rc = SQLITE_DONE;
	}
	return finish(st, rc);
}

int ipk_first_month(struct dbconn *db, char out[8])
{
	sqlite3_stmt *st = store_stmt(db, sql_first_month);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	snprintf(out, 8, "%s", rc == SQLITE_ROW ? store_text(st, 0) : "");
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int kind_index(const char *kind) { return !strcmp(kind, "AKL") ? 0 : !strcmp(kind, "AKAD") ? 1 : 2; }

static json_t *table(const char *key, const char *title, json_t *columns)
{
	return json_pack("{s:s, s:s, s:o, s:[]}", "key", key, "title", title, "columns", columns, "rows");
}

static void add_row(json_t *t, const char *code, const char *label, const long long *v, int n)
{
	json_t *values = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(values, json_integer(v[i]));
	json_array_append_new(json_object_get(t, "rows"),
	                      json_pack("{s:s, s:s, s:o}", "row", code, "label", label, "values", values));
}

/* The three placement tables of a month: by kind × gender (with card
 * holders apart), by education × kind × gender, by employer type × kind. */
json_t *ipk_placement_tables(struct dbconn *db, const char *month)
{
	static const char *const kinds[] = {"AKL", "AKAD", "AKAN"};
	static const char *const employers[] = {"government",      "bumn_bumd",      "cooperative",
	                                        "private_company", "other_business", "individual"};
	enum { EDU_ROWS = IPK_EDUCATION_LEVELS + 1, EMPLOYER_ROWS = 6 };
	long long by_kind[3][5] = {{0}}, by_education[EDU_ROWS][7] = {{0}}, by_employer[EMPLOYER_ROWS][7] = {{0}},
		  late = 0;
	sqlite3_stmt *st = month_stmt(db, sql_placements, month);
	if (!st)
		return NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = kind_index(store_text(st, 0)), female = sqlite3_column_int(st, 1),
		    holder = sqlite3_column_int(st, 4);
		const char *education = store_text(st, 2), *employer = store_text(st, 3);
		long long n = sqlite3_column_int64(st, 5);
		late += sqlite3_column_int64(st, 6);
		by_kind[k][female] += n;
		by_kind[k][2] += n;
		by_kind[k][holder ? 3 : 4] += n;
		int e = IPK_EDUCATION_LEVELS; /* unknown */
		for (int i = 0; i < IPK_EDUCATION_LEVELS; i++)
			if (!strcmp(education, ipk_education_levels[i]))
				e = i;
		by_education[e][2 * k + female] += n;
		by_education[e][6] += n;
		for (int i = 0; i < EMPLOYER_ROWS; i++)
			if (!strcmp(employer, employers[i])) {
				by_employer[i][2 * k + female] += n;
				by_employer[i][6] += n;
			}
	}
	if (finish(st, rc) < 0)
		return NULL;
	json_t *kind_table = table("placements_by_kind", "Penempatan menurut AKL/AKAD/AKAN dan jenis kelamin",
	                           json_pack("[s,s,s,s,s]", "L", "P", "Jumlah", "Pemegang AK/I", "Tanpa AK/I"));
	long long total[5] = {0};
	for (int k = 0; k < 3; k++) {
		add_row(kind_table, kinds[k], kinds[k], by_kind[k], 5);
		for (int i = 0; i < 5; i++)
			total[i] += by_kind[k][i];
	}
	add_row(kind_table, "total", "Jumlah", total, 5);
	json_object_set_new(kind_table, "late", json_integer(late));
	json_t *cross =
		json_pack("[s,s,s,s,s,s,s]", "AKL L", "AKL P", "AKAD L", "AKAD P", "AKAN L", "AKAN P", "Jumlah");
	json_t *education_table =
		table("placements_by_education", "Penempatan menurut pendidikan dan AKL/AKAD/AKAN", cross);
	json_t *employer_table = table("placements_by_employer_type",
	                               "Penempatan menurut jenis pemberi kerja dan AKL/AKAD/AKAN",
	                               json_deep_copy(cross));
	long long sum_e[7] = {0}, sum_t[7] = {0};
	for (int e = 0; e < EDU_ROWS; e++) {
		const char *level = e < IPK_EDUCATION_LEVELS ? ipk_education_levels[e] : "tidak_diketahui";
		add_row(education_table, level, level, by_education[e], 7);
		for (int i = 0; i < 7; i++)
			sum_e[i] += by_education[e][i];
	}
	add_row(education_table, "total", "Jumlah", sum_e, 7);
	for (int t = 0; t < EMPLOYER_ROWS; t++) {
		add_row(employer_table, employers[t], employers[t], by_employer[t], 7);
		for (int i = 0; i < 7; i++)
			sum_t[i] += by_employer[t][i];
	}
	add_row(employer_table, "total", "Jumlah", sum_t, 7);
	return json_pack("[o,o,o]", kind_table, education_table, employer_table);
}

int ipk_last_closed(struct dbconn *db, char month[8], json_t **snapshot)
{
	sqlite3_stmt *st = store_stmt(db, sql_last_closed);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	month[0] = '\0';
	if (snapshot)
		*snapshot = NULL;
	if (rc == SQLITE_ROW) {
		snprintf(month, 8, "%s", store_text(st, 0));
		if (snapshot)
			*snapshot = json_loads(store_text(st, 1), 0, NULL);
		rc = (!snapshot || *snapshot) ? SQLITE_DONE : SQLITE_ERROR;
	}
	return finish(st, rc);
}

int ipk_closure_get(struct dbconn *db, const char *month, json_t **snapshot, int64_t *closed_at)
{
	sqlite3_stmt *st = month_stmt(db, sql_closure_get, month);
	if (!st)
		return -1;
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		*snapshot = json_loads(store_text(st, 0), 0, NULL);
		*closed_at = sqlite3_column_int64(st, 1);
		found = *snapshot ? 1 : -1;
		rc = SQLITE_DONE;
	}
	return finish(st, rc) < 0 ? -1 : found;
}

int ipk_closure_insert(struct dbconn *db, const char *month, int64_t by, int64_t now, const json_t *snapshot)
{
	sqlite3_stmt *st = store_stmt(db, sql_closure_insert);
	char *text = json_dumps(snapshot, JSON_COMPACT);
	if (!st || !text) {
		free(text);
		return -1;
	}
	sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, by);
	sqlite3_bind_text(st, 4, text, -1, free);
	return store_step_done(st);
}

static const char sql_versions[] = "SELECT source, v FROM ipk_source_version WHERE month = ?";

int ipk_store_source_versions(struct dbconn *db, const char *month, const char *const names[], int n, int64_t version[])
{
	sqlite3_stmt *st = store_stmt(db, sql_versions);
	if (!st)
		return -1;
	memset(version, 0, (size_t)n * sizeof *version);
	sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = store_text(st, 0);
		for (int i = 0; i < n; i++)
			if (!strcmp(name, names[i]))
				version[i] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The placements that count in a month, by the channel they came through
 * (men, women, together), as a table: what the province asks of a month
 * beside the IPK's tables. */
static const char sql_by_channel[] =
	"SELECT json_object('key', 'placements_by_channel', 'title', 'Penempatan menurut jalur', 'columns', "
	"json_array('L', 'P', 'Jumlah'), 'rows', (SELECT json_group_array(json_object('row', channel, 'label', "
	"channel, 'values', json_array(men, women, men + women))) FROM (SELECT channel, count(*) FILTER (WHERE "
	"IFNULL(p.gender, s.gender) = 'M') AS men, count(*) FILTER (WHERE IFNULL(p.gender, s.gender) = 'F') AS women "
	"FROM placement p LEFT JOIN seeker s ON s.id = p.seeker_id WHERE p.ipk_month = ?1 GROUP BY channel ORDER BY "
	"channel)))";

json_t *ipk_placements_by_channel(struct dbconn *db, const char *month)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_channel);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	return store_json_one(st);
}
