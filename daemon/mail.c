#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "defaults.h"
#include "mail.h"
#include "outbox.h"
#include "outbox_store.h"

static int queue(struct dbconn *db, const char *to, const char *subject, char *body, int64_t now)
{
	int rc = body ? outbox_enqueue_email(db, to, subject, body, now) : -1;
	free(body);
	return rc;
}

/* The e-mails a phone acts on: a link to tap first (the account page, or
 * the app when it handles the office's links), the code to type as the
 * other way.  The code travels in the link's fragment, which no browser
 * sends to a server. */
int mail_queue_confirmation(struct dbconn *db, const struct config *cfg, const char *to, const char *name,
                            const char *token, int64_t now)
{
	char *body = NULL;
	if (asprintf(&body,
	             "Yth. %s,\n\n"
	             "Terima kasih telah mendaftar di layanan %s.\n"
	             "Ketuk tautan berikut untuk mengaktifkan akun Anda:\n\n"
	             "%s/account/confirm#token=%s\n\n"
	             "Atau masukkan kode konfirmasi ini di aplikasi:\n\n"
	             "    %s\n\n"
	             "Tautan dan kode ini berlaku %d jam dan hanya dapat dipakai satu kali.\n\n"
	             "Jika Anda tidak merasa mendaftar, abaikan e-mail ini.\n\n"
	             "%s\n",
	             name, cfg->office_name, cfg->public_base_url, token, token, CONFIRM_TOKEN_TTL_S / 3600,
	             cfg->office_name) < 0)
		body = NULL;
	return queue(db, to, "Konfirmasi pendaftaran akun", body, now);
}

int mail_queue_password_reset(struct dbconn *db, const struct config *cfg, const char *to, const char *name,
                              const char *token, int64_t now)
{
	char *body = NULL;
	if (asprintf(&body,
	             "Yth. %s,\n\n"
	             "Kami menerima permintaan untuk mengatur ulang kata sandi akun Anda.\n"
	             "Ketuk tautan berikut untuk membuat kata sandi baru:\n\n"
	             "%s/account/reset#token=%s\n\n"
	             "Atau masukkan kode pengaturan ulang ini di aplikasi:\n\n"
	             "    %s\n\n"
	             "Tautan dan kode ini berlaku %d menit dan hanya dapat dipakai satu kali.\n"
	             "Jika Anda tidak memintanya, abaikan e-mail ini; kata sandi Anda tidak berubah.\n\n"
	             "%s\n",
	             name, cfg->public_base_url, token, token, RESET_TOKEN_TTL_S / 60, cfg->office_name) < 0)
		body = NULL;
	return queue(db, to, "Atur ulang kata sandi", body, now);
}
