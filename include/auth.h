/*
 * Accounts and sessions: registration (with the NIK for job seekers),
 * e-mail confirmation, login by e-mail or NIK, logout, password change and
 * reset; and the staff routes that create officers and verify organisations.
 */
#ifndef SIDAKERD_AUTH_H
#define SIDAKERD_AUTH_H

#include <jansson.h>

struct account_row;
struct keys;
struct req;
struct server;

void auth_register(struct req *r);
void auth_confirm(struct req *r);
void auth_login(struct req *r);
void auth_logout(struct req *r);
void auth_me(struct req *r);
void auth_change_password(struct req *r);
void auth_resend_confirmation(struct req *r);
void auth_request_reset(struct req *r);
void auth_reset_password(struct req *r);

/* The e-mail, password and name of a new account; answers 422 naming the
 * field and returns -1 when one is not acceptable. */
int account_fields_check(struct req *r, const char *email, const char *password, const char *name);
/* The account as the API shows it; the NIK only masked. */
json_t *account_json(const struct account_row *a, const struct keys *k);
/* Creates the first admin when the database has none: the password goes to
 * <data_dir>/initial-admin-password (mode 0600), never to the log. */
int auth_bootstrap_admin(struct server *srv, char *err, size_t errlen);

#endif
