/* The routes and functions of training_participant.c: POST /v1/trainings/{id}/participants: an officer enrols a
 * person by NIK in a training the office runs. */
#ifndef SIDAKERD_TRAINING_PARTICIPANT_H
#define SIDAKERD_TRAINING_PARTICIPANT_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* training_participant.c: an officer enrols a person by NIK in a training
 * the office runs (walk-ins listed on paper, card holders or not). */
void training_participant_enrol(struct req *r);

#endif
