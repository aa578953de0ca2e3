/*
 * The job-seeker profile: every field the printed AK/I card and the IPK
 * statistics need.  One check serves the profile route and the legacy
 * import, so both hold the same data to the same rules.
 */
#ifndef SIDAKERD_PROFILE_H
#define SIDAKERD_PROFILE_H

#include <jansson.h>

#include "body.h"

struct config;
struct dbconn;

enum profile_mode {
	PROFILE_FULL, /* the profile route: every card field required */
	PROFILE_LEGACY, /* a legacy register row: marital status, religion, phone may be missing */
};

/* Checks in and returns a normalised copy (phone as +62…, defaults filled)
 * in *out; on failure -1 with err naming the field. */
int profile_normalize(const json_t *in, struct dbconn *db, const struct config *cfg, enum profile_mode mode,
                      json_t **out, struct body_error *err);
extern const struct field_spec profile_fields[];
/* Education levels in order, for "at least SMA": tidak_sekolah 0 … s3 9
 * (SMA and SMK rank alike); -1 for an unknown level. */
int education_rank(const char *level);

#endif
