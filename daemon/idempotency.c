#include <stdlib.h>
#include <string.h>

#include "idempotency.h"

/* In-flight keys: a short list on the loop thread (requests in flight, not
 * stored state; the stored replies live in the database). */
struct inflight {
	char *scope, *key;
	struct inflight *next;
};

struct idempotency {
	struct inflight *head;
};

struct idempotency *idempotency_new(void) { return calloc(1, sizeof(struct idempotency)); }

void idempotency_free(struct idempotency *t)
{
	if (!t)
		return;
	while (t->head) {
		struct inflight *next = t->head->next;
		free(t->head->scope);
		free(t->head->key);
		free(t->head);
		t->head = next;
	}
	free(t);
}

int idempotency_begin(struct idempotency *t, const char *scope, const char *key)
{
	for (struct inflight *i = t->head; i; i = i->next)
		if (!strcmp(i->scope, scope) && !strcmp(i->key, key))
			return -1;
	struct inflight *i = calloc(1, sizeof *i);
	if (!i || !(i->scope = strdup(scope)) || !(i->key = strdup(key))) {
		if (i)
			free(i->scope);
		free(i);
		return -1;
	}
	i->next = t->head;
	t->head = i;
	return 0;
}

void idempotency_end(struct idempotency *t, const char *scope, const char *key)
{
	for (struct inflight **p = &t->head; *p; p = &(*p)->next)
		if (!strcmp((*p)->scope, scope) && !strcmp((*p)->key, key)) {
			struct inflight *gone = *p;
			*p = gone->next;
			free(gone->scope);
			free(gone->key);
			free(gone);
			return;
		}
}

int idempotency_key_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > IDEMPOTENCY_KEY_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return -1;
	return 0;
}
