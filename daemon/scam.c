/*
 * Reasons to hold a vacancy for an officer's review before it is published.
 * Fake vacancies (fees, data harvesting) are the top abuse of job boards;
 * these are the signs offices report.  A flag is a reason to look, not a
 * verdict: the officer decides.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vacancy.h"
#include "scam.h"

static const char *const fee_phrases[] = {
	"biaya pendaftaran", "biaya administrasi", "uang jaminan",     "biaya pelatihan",
	"biaya seragam",     "biaya medical",      "biaya tes",        "deposit",
	"transfer ke",       "uang pangkal",       "registration fee", NULL,
};
static const char *const bad_phrases[] = {
	"pasti diterima",
	"dijamin diterima",
	"tanpa tes",
	"kerja dari rumah dapat jutaan",
	"gaji besar tanpa pengalaman",
	"cukup modal hp",
	"langsung kerja hari ini",
	"kirim foto ktp",
	NULL,
};
static const char *const free_mail[] = {"@gmail.",   "@yahoo.", "@ymail.", "@hotmail.",
                                        "@outlook.", "@live.",  "@aol.",   NULL};
static const char *const chat_apps[] = {"whatsapp", "wa.me", "telegram", "t.me/", NULL};

static char *lowered(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
	return out;
}

static int any(const char *text, const char *const *needles)
{
	for (; text && *needles; needles++)
		if (strstr(text, *needles))
			return 1;
	return 0;
}

json_t *scam_flags(const json_t *v, long wage_norm)
{
	json_t *flags = json_array();
	char *title = lowered(json_string_value(json_object_get(v, "title")));
	char *text = lowered(json_string_value(json_object_get(v, "description")));
	char *contact = lowered(json_string_value(json_object_get(v, "contact")));
	if (!flags || !title || !text || !contact) {
		free(title);
		free(text);
		free(contact);
		return flags;
	}
	if (any(title, fee_phrases) || any(text, fee_phrases) || any(contact, fee_phrases))
		json_array_append_new(flags, json_string("fee_requested"));
	if (any(contact, free_mail) || any(text, free_mail))
		json_array_append_new(flags, json_string("free_mail_contact"));
	/* Only a chat app to reach the "employer": no e-mail, no website. */
	if ((any(contact, chat_apps) || any(text, chat_apps)) && !strchr(contact, '@') && !strstr(contact, "http"))
		json_array_append_new(flags, json_string("chat_only_contact"));
	json_t *wage = json_object_get(v, "wage_min");
	if (wage_norm > 0 && json_is_integer(wage) && json_integer_value(wage) > 3 * (json_int_t)wage_norm)
		json_array_append_new(flags, json_string("wage_far_above_norm"));
	if (any(title, bad_phrases) || any(text, bad_phrases))
		json_array_append_new(flags, json_string("suspicious_phrase"));
	free(title);
	free(text);
	free(contact);
	return flags;
}
