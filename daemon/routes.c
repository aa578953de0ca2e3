/*
 * Every route of sidakerd: method, path, handler, who may call it.  This
 * table is the API's table of contents; proto/openapi.yaml must list the
 * same routes with the same roles (tests/spec checks it).
 */
#include "admin.h"
#include "auth.h"
#include "router.h"

#define JSON ROUTE_JSON_BODY
#define IDEM ROUTE_IDEMPOTENT

const struct route routes[] = {
	{METHOD_GET, "/v1/health", admin_health, ROLES_PUBLIC, 0},
	{METHOD_GET, "/metrics", admin_metrics, ROLES_PUBLIC, 0},

	{METHOD_POST, "/v1/auth/register", auth_register, ROLES_PUBLIC, JSON | IDEM},
	{METHOD_POST, "/v1/auth/confirm", auth_confirm, ROLES_PUBLIC, JSON},
	{METHOD_POST, "/v1/auth/login", auth_login, ROLES_PUBLIC, JSON},
	{METHOD_POST, "/v1/auth/logout", auth_logout, ROLES_ANY, 0},
	{METHOD_POST, "/v1/auth/password", auth_change_password, ROLES_ANY, JSON},
	{METHOD_POST, "/v1/auth/password-reset", auth_request_reset, ROLES_PUBLIC, JSON | IDEM},
	{METHOD_POST, "/v1/auth/password-reset/confirm", auth_reset_password, ROLES_PUBLIC, JSON},
	{METHOD_GET, "/v1/me", auth_me, ROLES_ANY, 0},

	{METHOD_GET, "/v1/organisations", accounts_list_organisations, ROLES_STAFF, 0},
	{METHOD_POST, "/v1/organisations/{id}/verification", accounts_verify_organisation,
	 ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/admin/officers", accounts_create_officer, ROLE_ADMIN, JSON | IDEM},
	{METHOD_POST, "/v1/admin/backup", admin_backup, ROLE_ADMIN, 0},
	{METHOD_GET, "/v1/admin/outbox", admin_outbox_list, ROLE_ADMIN, 0},
	{METHOD_POST, "/v1/admin/outbox/{id}/retry", admin_outbox_retry, ROLE_ADMIN, 0},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
