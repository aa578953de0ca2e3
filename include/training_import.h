/* The routes and functions of training_import.c: POST /v1/training-imports: the trainings an office ran before
 * sidakerd, from its records, as CSV: one participant per row, the training's columns repeated on each of its
 * rows and tied together by the office's own reference (training_ref). */
#ifndef SIDAKERD_TRAINING_IMPORT_H
#define SIDAKERD_TRAINING_IMPORT_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* training_import.c: the office's training history (CSV). */
void training_import(struct req *r);

#endif
