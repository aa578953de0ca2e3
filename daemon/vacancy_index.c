/*
 * The vacancy listing in memory (include/vacancy_index.h).
 *
 * Why: at 200,000 vacancies a search SQLite computes takes 6-56 ms (the
 * FTS5 match materialised as a list of ids, then the listing index walked
 * and each row looked up in it), and a job seeker's searches are nearly all
 * new.  Here a search is a few bitmap operations and a walk over arrays.
 *
 * Layout: one array per column, position 0 the newest vacancy (the order
 * of the index vacancy_public); place codes, education levels and
 * employment types as small numbers; the words as a sorted vocabulary, each
 * word with the ascending positions of the vacancies that have it, so that
 * a prefix is a range of words and a query's candidates a bitmap.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text_buffer.h"
#include "vacancy_index.h"
#include "vacancy_store.h"

/* Strings to small numbers, from 1 (0 stands for NULL). */
struct intern {
	char **names; /* names[0] unused */
	size_t n, cap;
	uint32_t *slots; /* open addressing: an index into names, 0 when empty */
	size_t nslots; /* a power of two, at most half full */
};

static uint32_t hash_of(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static uint32_t intern_find(const struct intern *t, const char *s, size_t len)
{
	if (!t->nslots)
		return 0;
	for (size_t i = hash_of(s, len) & (t->nslots - 1);; i = (i + 1) & (t->nslots - 1)) {
		uint32_t at = t->slots[i];
		if (!at)
			return 0;
		if (!strncmp(t->names[at], s, len) && t->names[at][len] == '\0')
			return at;
	}
}

static int intern_rehash(struct intern *t)
{
	size_t nslots = t->nslots ? t->nslots * 2 : 64;
	uint32_t *slots = calloc(nslots, sizeof *slots);
	if (!slots)
		return -1;
	for (uint32_t at = 1; at < t->n; at++) {
		size_t i = hash_of(t->names[at], strlen(t->names[at])) & (nslots - 1);
		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = at;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

/* The number of s (added when new), or 0 when memory runs out. */
static uint32_t intern_add(struct intern *t, const char *s, size_t len)
{
	uint32_t at = intern_find(t, s, len);
	if (at)
		return at;
	if (!t->n)
		t->n = 1;
	if (t->n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **names = realloc(t->names, cap * sizeof *names);
		if (!names)
			return 0;
		t->names = names;
		t->cap = cap;
	}
	if ((t->n + 1) * 2 > t->nslots && intern_rehash(t) < 0)
		return 0;
	char *copy = malloc(len + 1);
	if (!copy)
		return 0;
	memcpy(copy, s, len);
	copy[len] = '\0';
	at = (uint32_t)t->n++;
	t->names[at] = copy;
	size_t i = hash_of(s, len) & (t->nslots - 1);
	while (t->slots[i])
		i = (i + 1) & (t->nslots - 1);
	t->slots[i] = at;
	return at;
}

static uint32_t intern_text(struct intern *t, const char *s) { return s ? intern_add(t, s, strlen(s)) : 0; }

static void intern_free(struct intern *t)
{
	for (size_t i = 1; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	free(t->slots);
}

enum { LISTED = 1, DISABILITY_FRIENDLY = 2 };
#define AGE_NONE INT16_MIN
/* A word's positions take 32 bits each, a bitmap 1 per vacancy: past one
 * vacancy in 32 the bitmap is the smaller, and ORs 64 at a time. */
#define DENSE_SHARE 32

struct vacancy_index {
	size_t n, cap;
	int64_t *id, *published_at, *wage; /* wage: INT64_MIN when the vacancy names none */
	int32_t *valid_until; /* YYYYMMDD */
	uint16_t *kabkota, *location;
	char (*kbji)[8];
	uint8_t *education_rank, *min_education, *employment_type, *flags;
	/* For the recommendations (vacancy_index_recent): */
	int64_t *organisation_id;
	int16_t *age_min, *age_max; /* AGE_NONE: none */
	uint8_t *gender, *location_kind; /* interned */
	uint32_t *title; /* offset in titles */
	struct text_buffer titles; /* each title and its NUL */
	struct intern kabkotas, locations, educations, types, genders, kinds;
	size_t nterms;
	char **terms; /* sorted bytewise */
	uint32_t **postings, *npostings;
	uint64_t **dense; /* a word in more than one vacancy in DENSE_SHARE: its bitmap, no list */
	/* Bitmaps over the positions for the filters with few values: a
	 * filter is then an AND of 64 vacancies at a time. */
	size_t nbits; /* uint64_t words per bitmap */
	uint64_t *listed; /* listed (organisation verified, not suspended) */
	uint64_t *kbji_major[10]; /* by the KBJI's first digit */
	uint64_t **kabkota_bits, **type_bits; /* by interned number */
	uint64_t **education_up_to; /* [r]: education_rank <= r */
	uint64_t *disability;
	uint32_t **location_postings, *nlocation; /* by interned number: kecamatan are many */
	uint64_t **location_dense; /* and a bitmap where one has more than one vacancy in DENSE_SHARE */
	int max_rank;
	size_t bytes;
};

static inline void set_bit(uint64_t *bits, size_t p) { bits[p >> 6] |= 1ull << (p & 63); }

static int grow(struct vacancy_index *x)
{
	size_t cap = x->cap ? x->cap * 2 : 1024;
#define GROW(field) \
	do { \
		void *p = realloc(x->field, cap * sizeof *x->field); \
		if (!p) \
			return -1; \
		x->field = p; \
	} while (0)
	GROW(id);
	GROW(published_at);
	GROW(wage);
	GROW(valid_until);
	GROW(kabkota);
	GROW(location);
	GROW(kbji);
	GROW(education_rank);
	GROW(min_education);
	GROW(employment_type);
	GROW(flags);
	GROW(organisation_id);
	GROW(age_min);
	GROW(age_max);
	GROW(gender);
	GROW(location_kind);
	GROW(title);
#undef GROW
	x->cap = cap;
	return 0;
}

static int32_t day_number(const char *date) /* YYYY-MM-DD → YYYYMMDD, 0 when it is not one */
{
	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-')
		return 0;
	return atoi(date) * 10000 + atoi(date + 5) * 100 + atoi(date + 8);
}

/* ---- building ---- */

struct posting {
	uint32_t *pos;
	uint32_t n, cap;
};

struct build {
	struct vacancy_index *x;
	struct vacancy_tokenizer *tokenizer;
	struct intern words;
	struct posting *lists; /* by word number */
	size_t nlists;
	int64_t (*by_id)[2]; /* (id, position), sorted: the texts come by rowid */
	uint32_t position; /* of the text being tokenized */
};

static int add_row(void *arg, const struct listing_row *r)
{
	struct build *b = arg;
	struct vacancy_index *x = b->x;
	if (x->n == x->cap && grow(x) < 0)
		return -1;
	size_t i = x->n;
	uint32_t kabkota = intern_text(&x->kabkotas, r->kabkota),
		 location = intern_text(&x->locations, r->location_code);
	uint32_t education = intern_text(&x->educations, r->min_education),
		 type = intern_text(&x->types, r->employment_type);
	if ((r->kabkota && !kabkota) || (r->location_code && !location) || !education || !type)
		return -1;
	if (kabkota > UINT16_MAX || location > UINT16_MAX || education > UINT8_MAX || type > UINT8_MAX ||
	    strlen(r->kbji) >= sizeof x->kbji[0] || r->education_rank < 0 || r->education_rank > UINT8_MAX)
		return -1; /* does not fit: the search stays with SQL */
	x->id[i] = r->id;
	x->published_at[i] = r->published_at;
	x->wage[i] = r->has_wage ? r->wage : INT64_MIN;
	x->valid_until[i] = day_number(r->valid_until);
	x->kabkota[i] = (uint16_t)kabkota;
	x->location[i] = (uint16_t)location;
	strcpy(x->kbji[i], r->kbji);
	x->education_rank[i] = (uint8_t)r->education_rank;
	x->min_education[i] = (uint8_t)education;
	x->employment_type[i] = (uint8_t)type;
	x->flags[i] = (uint8_t)((r->listed ? LISTED : 0) | (r->disability_friendly ? DISABILITY_FRIENDLY : 0));
	uint32_t gender = intern_text(&x->genders, r->gender), kind = intern_text(&x->kinds, r->location_kind);
	size_t title_len = strlen(r->title) + 1;
	if (!gender || !kind || gender > UINT8_MAX || kind > UINT8_MAX || r->age_min < INT16_MIN + 1 ||
	    r->age_min > INT16_MAX || r->age_max < INT16_MIN + 1 || r->age_max > INT16_MAX ||
	    x->titles.len + title_len > UINT32_MAX)
		return -1;
	x->title[i] = (uint32_t)x->titles.len;
	if (text_append_n(&x->titles, r->title, title_len) < 0)
		return -1;
	x->organisation_id[i] = r->organisation_id;
	x->age_min[i] = r->has_age_min ? (int16_t)r->age_min : AGE_NONE;
	x->age_max[i] = r->has_age_max ? (int16_t)r->age_max : AGE_NONE;
	x->gender[i] = (uint8_t)gender;
	x->location_kind[i] = (uint8_t)kind;
	x->n++;
	return 0;
}

static int add_token(void *arg, const char *token, int len)
{
	struct build *b = arg;
	uint32_t word = intern_add(&b->words, token, (size_t)len);
	if (!word)
		return -1;
	if (word >= b->nlists) {
		size_t n = b->nlists ? b->nlists * 2 : 1024;
		while (n <= word)
			n *= 2;
		struct posting *lists = realloc(b->lists, n * sizeof *lists);
		if (!lists)
			return -1;
		memset(lists + b->nlists, 0, (n - b->nlists) * sizeof *lists);
		b->lists = lists;
		b->nlists = n;
	}
	struct posting *p = &b->lists[word];
	if (p->n && p->pos[p->n - 1] == b->position)
		return 0; /* again in the same vacancy */
	if (p->n == p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 4;
		uint32_t *pos = realloc(p->pos, cap * sizeof *pos);
		if (!pos)
			return -1;
		p->pos = pos;
		p->cap = cap;
	}
	p->pos[p->n++] = b->position;
	return 0;
}

static int by_first(const void *a, const void *b)
{
	int64_t x = (*(const int64_t(*)[2])a)[0], y = (*(const int64_t(*)[2])b)[0];
	return (x > y) - (x < y);
}

static int add_text(void *arg, int64_t id, const char *const texts[4])
{
	struct build *b = arg;
	if (!b->by_id) { /* the rows are all in: their positions by id */
		if (!(b->by_id = malloc((b->x->n + 1) * sizeof *b->by_id)))
			return -1;
		for (size_t i = 0; i < b->x->n; i++) {
			b->by_id[i][0] = b->x->id[i];
			b->by_id[i][1] = (int64_t)i;
		}
		qsort(b->by_id, b->x->n, sizeof *b->by_id, by_first);
	}
	int64_t key[2] = {id, 0};
	int64_t(*found)[2] = bsearch(key, b->by_id, b->x->n, sizeof *b->by_id, by_first);
	if (!found)
		return 0; /* not published: SQL's listing conditions leave it out too */
	b->position = (uint32_t)(*found)[1];
	for (int i = 0; i < 4; i++)
		if (vacancy_tokenize(b->tokenizer, texts[i], (int)strlen(texts[i]), 0, add_token, b) < 0)
			return -1;
	return 0;
}

static int by_position(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int by_word(const void *a, const void *b, void *words)
{
	const struct intern *w = words;
	return strcmp(w->names[*(const uint32_t *)a], w->names[*(const uint32_t *)b]);
}

/* The vocabulary in byte order, each word's positions ascending and once. */
static int finish_words(struct build *b)
{
	struct vacancy_index *x = b->x;
	size_t n = b->words.n ? b->words.n - 1 : 0;
	uint32_t *order = malloc((n + 1) * sizeof *order);
	x->terms = calloc(n + 1, sizeof *x->terms);
	x->postings = calloc(n + 1, sizeof *x->postings);
	x->npostings = calloc(n + 1, sizeof *x->npostings);
	if (!order || !x->terms || !x->postings || !x->npostings) {
		free(order);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)(i + 1);
	qsort_r(order, n, sizeof *order, by_word, &b->words);
	for (size_t i = 0; i < n; i++) {
		struct posting *p = &b->lists[order[i]];
		qsort(p->pos, p->n, sizeof *p->pos, by_position);
		uint32_t kept = 0;
		for (uint32_t j = 0; j < p->n; j++)
			if (!kept || p->pos[kept - 1] != p->pos[j])
				p->pos[kept++] = p->pos[j];
		x->terms[i] = b->words.names[order[i]];
		b->words.names[order[i]] = NULL; /* the index has it now */
		uint32_t *fitted = kept ? realloc(p->pos, kept * sizeof *p->pos) : NULL;
		x->postings[i] = fitted ? fitted : p->pos;
		x->npostings[i] = kept;
		p->pos = NULL;
		x->bytes += strlen(x->terms[i]) + 1 + kept * sizeof(uint32_t);
	}
	x->nterms = n;
	free(order);
	return 0;
}

/* The filters' bitmaps and the kecamatan's positions, from the columns. */
static int build_filters(struct vacancy_index *x)
{
	x->nbits = (x->n + 63) / 64 + 1;
	size_t bytes = x->nbits * sizeof(uint64_t);
	for (size_t p = 0; p < x->n; p++)
		if (x->education_rank[p] > x->max_rank)
			x->max_rank = x->education_rank[p];
	x->kabkota_bits = calloc(x->kabkotas.n + 1, sizeof *x->kabkota_bits);
	x->type_bits = calloc(x->types.n + 1, sizeof *x->type_bits);
	x->education_up_to = calloc((size_t)x->max_rank + 1, sizeof *x->education_up_to);
	x->location_postings = calloc(x->locations.n + 1, sizeof *x->location_postings);
	x->nlocation = calloc(x->locations.n + 1, sizeof *x->nlocation);
	if (!x->kabkota_bits || !x->type_bits || !x->education_up_to || !x->location_postings || !x->nlocation ||
	    !(x->listed = calloc(x->nbits, sizeof(uint64_t))) || !(x->disability = calloc(x->nbits, sizeof(uint64_t))))
		return -1;
	size_t made = 2;
#define BITMAP(slot) \
	do { \
		if (!(slot) && (made++, !((slot) = calloc(x->nbits, sizeof(uint64_t))))) \
			return -1; \
	} while (0)
	for (size_t p = 0; p < x->n; p++) {
		if (x->flags[p] & LISTED)
			set_bit(x->listed, p);
		if (x->flags[p] & DISABILITY_FRIENDLY)
			set_bit(x->disability, p);
		unsigned char major = (unsigned char)x->kbji[p][0];
		if (major >= '0' && major <= '9') {
			BITMAP(x->kbji_major[major - '0']);
			set_bit(x->kbji_major[major - '0'], p);
		}
		BITMAP(x->kabkota_bits[x->kabkota[p]]);
		set_bit(x->kabkota_bits[x->kabkota[p]], p);
		BITMAP(x->type_bits[x->employment_type[p]]);
		set_bit(x->type_bits[x->employment_type[p]], p);
		for (int r = x->education_rank[p]; r <= x->max_rank; r++) {
			BITMAP(x->education_up_to[r]);
			set_bit(x->education_up_to[r], p);
		}
		x->nlocation[x->location[p]]++;
	}
#undef BITMAP
	for (size_t l = 0; l <= x->locations.n; l++)
		if (x->nlocation[l] && !(x->location_postings[l] = malloc(x->nlocation[l] * sizeof(uint32_t))))
			return -1;
	memset(x->nlocation, 0, (x->locations.n + 1) * sizeof *x->nlocation);
	for (size_t p = 0; p < x->n; p++)
		x->location_postings[x->location[p]][x->nlocation[x->location[p]]++] = (uint32_t)p;
	x->bytes += made * bytes + x->n * sizeof(uint32_t);
	if (!(x->location_dense = calloc(x->locations.n + 1, sizeof *x->location_dense)))
		return -1;
	for (size_t l = 0; l <= x->locations.n; l++) {
		if (x->nlocation[l] <= x->n / DENSE_SHARE)
			continue;
		if (!(x->location_dense[l] = calloc(x->nbits, sizeof(uint64_t))))
			return -1;
		for (uint32_t i = 0; i < x->nlocation[l]; i++)
			set_bit(x->location_dense[l], x->location_postings[l][i]);
		x->bytes += bytes - x->nlocation[l] * sizeof(uint32_t);
		free(x->location_postings[l]); /* the bitmap serves */
		x->location_postings[l] = NULL;
	}
	if (!(x->dense = calloc(x->nterms + 1, sizeof *x->dense)))
		return -1;
	for (size_t t = 0; t < x->nterms; t++) {
		if (x->npostings[t] <= x->n / DENSE_SHARE)
			continue;
		if (!(x->dense[t] = calloc(x->nbits, sizeof(uint64_t))))
			return -1;
		for (uint32_t i = 0; i < x->npostings[t]; i++)
			set_bit(x->dense[t], x->postings[t][i]);
		x->bytes += bytes - x->npostings[t] * sizeof(uint32_t);
		free(x->postings[t]); /* the bitmap serves: 800 KB for a word every vacancy has */
		x->postings[t] = NULL;
	}
	return 0;
}

struct vacancy_index *vacancy_index_build(struct dbconn *db)
{
	struct vacancy_index *x = calloc(1, sizeof *x);
	struct build b = {.x = x, .tokenizer = x ? vacancy_store_tokenizer(db) : NULL};
	int ok = b.tokenizer && vacancy_store_listing(db, add_row, add_text, &b) == 0;
	if (ok)
		ok = finish_words(&b) == 0 && build_filters(x) == 0;
	for (size_t i = 0; i < b.nlists; i++)
		free(b.lists[i].pos);
	free(b.lists);
	free(b.by_id);
	intern_free(&b.words);
	vacancy_tokenizer_free(b.tokenizer);
	if (!ok) {
		vacancy_index_free(x);
		return NULL;
	}
	x->bytes +=
		x->cap * (4 * sizeof(int64_t) + 2 * sizeof(int32_t) + 4 * sizeof(uint16_t) + sizeof x->kbji[0] + 6) +
		x->titles.cap;
	return x;
}

void vacancy_index_free(struct vacancy_index *x)
{
	if (!x)
		return;
	free(x->id);
	free(x->published_at);
	free(x->wage);
	free(x->valid_until);
	free(x->kabkota);
	free(x->location);
	free(x->kbji);
	free(x->education_rank);
	free(x->min_education);
	free(x->employment_type);
	free(x->flags);
	intern_free(&x->kabkotas);
	intern_free(&x->locations);
	intern_free(&x->educations);
	intern_free(&x->types);
	intern_free(&x->genders);
	intern_free(&x->kinds);
	free(x->organisation_id);
	free(x->age_min);
	free(x->age_max);
	free(x->gender);
	free(x->location_kind);
	free(x->title);
	free(x->titles.text);
	for (size_t i = 0; i < x->nterms; i++) {
		free(x->terms[i]);
		free(x->postings[i]);
		if (x->dense)
			free(x->dense[i]);
	}
	free(x->dense);
	free(x->terms);
	free(x->postings);
	free(x->npostings);
	free(x->listed);
	free(x->disability);
	for (int i = 0; i < 10; i++)
		free(x->kbji_major[i]);
	for (size_t i = 0; x->kabkota_bits && i <= x->kabkotas.n; i++)
		free(x->kabkota_bits[i]);
	for (size_t i = 0; x->type_bits && i <= x->types.n; i++)
		free(x->type_bits[i]);
	for (int i = 0; x->education_up_to && i <= x->max_rank; i++)
		free(x->education_up_to[i]);
	for (size_t i = 0; x->location_postings && i <= x->locations.n; i++)
		free(x->location_postings[i]);
	for (size_t i = 0; x->location_dense && i <= x->locations.n; i++)
		free(x->location_dense[i]);
	free(x->location_dense);
	free(x->kabkota_bits);
	free(x->type_bits);
	free(x->education_up_to);
	free(x->location_postings);
	free(x->nlocation);
	free(x);
}

size_t vacancy_index_count(const struct vacancy_index *x) { return x->n; }
size_t vacancy_index_terms(const struct vacancy_index *x) { return x->nterms; }
size_t vacancy_index_bytes(const struct vacancy_index *x) { return x->bytes; }

/* ---- searching ---- */

/* A search: its candidates as a bitmap over the positions (listed, with
 * every word, and the filters that have bitmaps), made once for the page
 * and the facets; passes() checks the rest on each candidate. */
struct index_search {
	const struct vacancy_index *x;
	const struct index_query *q;
	uint64_t *bits;
	size_t kbji_len;
};

/* The rest of PUBLIC_WHERE and FILTERS of vacancy_store.c. */
static bool passes(const struct index_search *s, size_t p)
{
	const struct vacancy_index *x = s->x;
	const struct index_query *q = s->q;
	return x->valid_until[p] >= q->today && (s->kbji_len < 2 || !strncmp(x->kbji[p], q->kbji, s->kbji_len)) &&
		(q->min_wage < 0 || x->wage[p] >= q->min_wage) && (!q->since || x->published_at[p] >= q->since);
}

/* The first word at or after w in byte order. */
static size_t first_word(const struct vacancy_index *x, const char *w)
{
	size_t lo = 0, hi = x->nterms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->terms[mid], w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void and_bits(uint64_t *into, const uint64_t *with, size_t n)
{
	for (size_t i = 0; i < n; i++)
		into[i] &= with[i];
}

/* bits &= the positions of the lists (each word of a prefix, a kecamatan),
 * or of their bitmaps where dense has one. */
static void and_postings(const struct index_search *s, uint64_t *scratch, uint32_t *const *lists,
                         const uint32_t *lengths, uint64_t *const *dense, size_t from, size_t to)
{
	size_t nbits = s->x->nbits;
	if (to == from + 1 && dense && dense[from]) {
		and_bits(s->bits, dense[from], nbits);
		return;
	}
	memset(scratch, 0, nbits * sizeof *scratch);
	for (size_t t = from; t < to; t++) {
		if (dense && dense[t])
			for (size_t i = 0; i < nbits; i++)
				scratch[i] |= dense[t][i];
		else
			for (uint32_t i = 0, n = lengths[t]; i < n; i++)
				set_bit(scratch, lists[t][i]);
	}
	and_bits(s->bits, scratch, nbits);
}

struct index_search *vacancy_index_search(const struct vacancy_index *x, const struct index_query *q)
{
	struct index_search *s = calloc(1, sizeof *s);
	uint64_t *scratch = malloc(x->nbits * sizeof *scratch);
	if (!s || !scratch || !(s->bits = malloc(x->nbits * sizeof *s->bits))) {
		free(s);
		free(scratch);
		return NULL;
	}
	*s = (struct index_search){x, q, s->bits, q->kbji ? strlen(q->kbji) : 0};
	memcpy(s->bits, x->listed, x->nbits * sizeof *s->bits);
	bool impossible = false; /* a filter no vacancy meets */
	for (int w = 0; w < q->nwords; w++) {
		size_t len = strlen(q->words[w]), from = first_word(x, q->words[w]), to = from;
		while (to < x->nterms && !strncmp(x->terms[to], q->words[w], len))
			to++;
		and_postings(s, scratch, x->postings, x->npostings, x->dense, from, to);
	}
	if (q->kecamatan) {
		uint32_t l = intern_find(&x->locations, q->kecamatan, strlen(q->kecamatan));
		if (l)
			and_postings(s, scratch, x->location_postings, x->nlocation, x->location_dense, l, l + 1);
		impossible |= !l;
	}
	const uint64_t *filters[5] = {NULL};
	int nfilters = 0;
	if (q->kabkota) {
		uint32_t k = intern_find(&x->kabkotas, q->kabkota, strlen(q->kabkota));
		impossible |= !k || !(filters[nfilters++] = x->kabkota_bits[k]);
	}
	if (s->kbji_len) {
		unsigned char major = (unsigned char)q->kbji[0];
		impossible |= major < '0' || major > '9' || !(filters[nfilters++] = x->kbji_major[major - '0']);
	}
	if (q->employment_type) {
		uint32_t t = intern_find(&x->types, q->employment_type, strlen(q->employment_type));
		impossible |= !t || !(filters[nfilters++] = x->type_bits[t]);
	}
	if (q->education_rank >= 0 && q->education_rank < x->max_rank)
		impossible |= !(filters[nfilters++] = x->education_up_to[q->education_rank]);
	if (q->disability_friendly)
		filters[nfilters++] = x->disability;
	for (int i = 0; i < nfilters && !impossible; i++)
		and_bits(s->bits, filters[i], x->nbits);
	if (impossible)
		memset(s->bits, 0, x->nbits * sizeof *s->bits);
	free(scratch);
	return s;
}

void vacancy_index_search_free(struct index_search *s)
{
	if (s)
		free(s->bits);
	free(s);
}

/* The next candidate at or after p. */
static size_t next_candidate(const struct index_search *s, size_t p)
{
	size_t n = s->x->n;
	while (p < n) {
		uint64_t word = s->bits[p >> 6] >> (p & 63);
		if (word)
			return p + (size_t)__builtin_ctzll(word);
		p = (p | 63) + 1;
	}
	return n;
}

/* The first position after the cursor (newest first: published_at, id descending). */
static size_t after_cursor(const struct vacancy_index *x, const struct index_query *q)
{
	int64_t at = q->after_time ? q->after_time : INT64_MAX, id = q->after_id ? q->after_id : INT64_MAX;
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->published_at[mid] < at || (x->published_at[mid] == at && x->id[mid] < id))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int vacancy_index_find(const struct index_search *s, int64_t *ids, int limit)
{
	const struct vacancy_index *x = s->x;
	int n = 0;
	for (size_t p = next_candidate(s, after_cursor(x, s->q)); p < x->n && n < limit; p = next_candidate(s, p + 1))
		if (passes(s, p))
			ids[n++] = x->id[p];
	return n;
}

/* One facet's counts, its keys in the order they first appear (as the SQL
 * version adds them to its JSON object). */
struct facet {
	uint32_t *count; /* by key number */
	uint32_t *order, nkeys;
};

static void bump(struct facet *f, uint32_t key)
{
	if (!f->count[key]++)
		f->order[f->nkeys++] = key;
}

static json_t *facet_json(const struct facet *f, const struct intern *names, const char *null_name)
{
	json_t *out = json_object();
	for (uint32_t i = 0; out && i < f->nkeys; i++) {
		uint32_t key = f->order[i];
		char letter[2] = {(char)key, '\0'};
		const char *name = !names ? letter : key ? names->names[key] : null_name;
		json_object_set_new(out, name, json_integer(f->count[key]));
	}
	return out;
}

json_t *vacancy_index_facets(const struct index_search *s, int window, int max)
{
	const struct vacancy_index *x = s->x;
	/* Keys: kabkota, kbji's first byte, education, employment type. */
	size_t sizes[4] = {x->kabkotas.n + 1, 256, x->educations.n + 1, x->types.n + 1}, total = 0;
	for (int i = 0; i < 4; i++)
		total += 2 * sizes[i];
	uint32_t *space = calloc(total, sizeof *space);
	if (!space)
		return NULL;
	struct facet facets[4];
	uint32_t *at = space;
	for (int i = 0; i < 4; i++) {
		facets[i] = (struct facet){.count = at, .order = at + sizes[i]};
		at += 2 * sizes[i];
	}
	int matches = 0;
	size_t end = x->n < (size_t)window ? x->n : (size_t)window;
	for (size_t p = next_candidate(s, 0); p < end; p = next_candidate(s, p + 1)) {
		if (!passes(s, p))
			continue;
		if (++matches > max)
			break;
		bump(&facets[0], x->kabkota[p]);
		bump(&facets[1], (unsigned char)x->kbji[p][0]);
		bump(&facets[2], x->min_education[p]);
		bump(&facets[3], x->employment_type[p]);
	}
	json_t *out = json_pack(
		"{s:o, s:o, s:o, s:o, s:i, s:b}", "kabkota", facet_json(&facets[0], &x->kabkotas, "abroad"),
		"kbji_major", facet_json(&facets[1], NULL, NULL), "min_education",
		facet_json(&facets[2], &x->educations, ""), "employment_type", facet_json(&facets[3], &x->types, ""),
		"total", matches > max ? max : matches, "exact", matches <= max);
	free(space);
	return out;
}

/* src into dst of size bytes, cut to fit (snprintf's formatting was a
 * quarter of the recommendations' time). */
static void copy(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static void day_text(int32_t d, char out[11]) /* YYYYMMDD → YYYY-MM-DD */
{
	static const int at[] = {9, 8, 6, 5, 3, 2, 1, 0};
	for (int i = 0; i < 8; i++, d /= 10)
		out[at[i]] = (char)('0' + d % 10);
	out[4] = out[7] = '-';
	out[10] = '\0';
}

/* vacancy_recent's rows: the public vacancies newest first, up to limit. */
int vacancy_index_recent(const struct vacancy_index *x, int32_t today, int limit,
                         void (*fn)(const struct vacancy_row *v, void *arg), void *arg)
{
	int n = 0;
	struct vacancy_row v;
	for (size_t p = 0; p < x->n && n < limit; p++) {
		if (!(x->flags[p] & LISTED) || x->valid_until[p] < today || x->valid_until[p] > 99991231)
			continue;
		v.id = x->id[p];
		v.organisation_id = x->organisation_id[p];
		v.published_at = x->published_at[p];
		v.education_rank = x->education_rank[p];
		v.has_age_min = x->age_min[p] != AGE_NONE;
		v.age_min = v.has_age_min ? x->age_min[p] : 0;
		v.has_age_max = x->age_max[p] != AGE_NONE;
		v.age_max = v.has_age_max ? x->age_max[p] : 0;
		v.wage_min = v.wage_max = 0;
		v.has_wage_min = 0;
		day_text(x->valid_until[p], v.valid_until);
		copy(v.state, sizeof v.state, "published");
		copy(v.title, sizeof v.title, x->titles.text + x->title[p]);
		copy(v.kbji, sizeof v.kbji, x->kbji[p]);
		copy(v.gender, sizeof v.gender, x->genders.names[x->gender[p]]);
		copy(v.location_kind, sizeof v.location_kind, x->kinds.names[x->location_kind[p]]);
		copy(v.location_code, sizeof v.location_code, x->location[p] ? x->locations.names[x->location[p]] : "");
		copy(v.kabkota_code, sizeof v.kabkota_code, x->kabkota[p] ? x->kabkotas.names[x->kabkota[p]] : "");
		copy(v.min_education, sizeof v.min_education, x->educations.names[x->min_education[p]]);
		copy(v.employment_type, sizeof v.employment_type, x->types.names[x->employment_type[p]]);
		fn(&v, arg);
		n++;
	}
	return n;
}
