#include "cmocka_all.h"
#include <string.h>

#include "router.h"

static void exact_and_params(void **state)
{
	(void)state;
	struct route_match m;
	assert_int_equal(router_match(METHOD_GET, "/v1/health", &m), 200);
	assert_string_equal(m.route->pattern, "/v1/health");
	assert_int_equal(m.nparams, 0);

	const char *path = "/v1/organisations/42/verification";
	assert_int_equal(router_match(METHOD_POST, path, &m), 200);
	assert_string_equal(m.route->pattern, "/v1/organisations/{id}/verification");
	assert_int_equal(m.nparams, 1);
	assert_int_equal(m.param_len[0], 2);
	assert_memory_equal(m.param[0], "42", 2);
}

static void not_found_and_method(void **state)
{
	(void)state;
	struct route_match m;
	assert_int_equal(router_match(METHOD_GET, "/v1/healthz", &m), 404);
	assert_int_equal(router_match(METHOD_GET, "/v1/health/", &m), 404);
	assert_int_equal(router_match(METHOD_GET, "/", &m), 404);
	/* An empty parameter never matches. */
	assert_int_equal(router_match(METHOD_POST, "/v1/organisations//verification", &m), 404);
	assert_int_equal(router_match(METHOD_DELETE, "/v1/health", &m), 405);
	assert_int_equal(m.allowed, 1u << METHOD_GET);
	assert_null(m.route);
}

static void roles(void **state)
{
	(void)state;
	enum role r;
	assert_int_equal(role_parse("lpk", &r), 0);
	assert_int_equal(r, ROLE_LPK);
	assert_string_equal(role_name(ROLE_OFFICER), "officer");
	assert_int_equal(role_parse("root", &r), -1);
	/* Every route admits a known set of roles, and none is listed twice. */
	for (size_t i = 0; i < routes_count; i++) {
		assert_int_equal(routes[i].roles & ~(unsigned)ROLES_ANY, 0);
		for (size_t j = i + 1; j < routes_count; j++)
			assert_false(routes[i].method == routes[j].method &&
			             !strcmp(routes[i].pattern, routes[j].pattern));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_and_params),
		cmocka_unit_test(not_found_and_method),
		cmocka_unit_test(roles),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
