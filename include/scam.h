/* The routes and functions of scam.c: reasons to hold a vacancy for an officer's review before it is published. */
#ifndef SIDAKERD_SCAM_H
#define SIDAKERD_SCAM_H

#include <jansson.h>
#include <stdint.h>

/* The scam heuristic: reasons to hold a posting for review, as a JSON array
 * of codes (fee_requested, free_mail_contact, chat_only_contact,
 * wage_far_above_norm, suspicious_phrase); empty when none. */
json_t *scam_flags(const json_t *vacancy, long wage_norm);

#endif
