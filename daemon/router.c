#include <string.h>

#include "router.h"

static const char *const method_names[METHOD_COUNT] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

const char *method_name(enum http_method m) { return method_names[m]; }

static const struct {
	enum role role;
	const char *name;
} role_names[] = {
	{ROLE_SEEKER, "seeker"}, {ROLE_COMPANY, "company"}, {ROLE_LPK, "lpk"},
	{ROLE_BKK, "bkk"},       {ROLE_OFFICER, "officer"}, {ROLE_ADMIN, "admin"},
};

const char *role_name(enum role r)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (role_names[i].role == r)
			return role_names[i].name;
	return "unknown";
}

int role_parse(const char *name, enum role *out)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(role_names[i].name, name) == 0) {
			*out = role_names[i].role;
			return 0;
		}
	return -1;
}

/* Does path match pattern?  Captures {param} segments; a parameter never
 * matches an empty segment.  Trailing slashes are not equivalent. */
static int pattern_match(const char *pattern, const char *path, struct route_match *m)
{
	size_t n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t len = strcspn(s, "/");
			if (!close || len == 0 || n == ROUTE_MAX_PARAMS)
				return 0;
			m->param[n] = s;
			m->param_len[n++] = len;
			p = close + 1;
			s += len;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	m->nparams = n;
	return 1;
}

int router_match(enum http_method method, const char *path, struct route_match *m)
{
	memset(m, 0, sizeof *m);
	/* Cleared once: pattern_match writes the slices it finds and their
	 * count (clearing it for each of the 191 routes was 17 KB of memset on
	 * every request). */
	struct route_match tmp = {0};
	for (size_t i = 0; i < routes_count; i++) {
		if (!pattern_match(routes[i].pattern, path, &tmp))
			continue;
		if (routes[i].method == method) {
			*m = tmp;
			m->route = &routes[i];
			return 200;
		}
		m->allowed |= 1u << routes[i].method;
	}
	return m->allowed ? 405 : 404;
}
