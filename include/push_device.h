/*
 * The devices an account's pushes go to: POST /v1/me/devices registers the
 * app's token on this phone (again: the same device), GET lists them, and
 * DELETE /v1/me/devices/{id} stops pushes to one (the app calls it at sign
 * out).  push.c delivers; a token the provider calls invalid is dropped
 * there.
 */
#ifndef SIDAKERD_PUSH_DEVICE_H
#define SIDAKERD_PUSH_DEVICE_H

struct req;

void push_device_register(struct req *r);
void push_device_list(struct req *r);
void push_device_remove(struct req *r);

#endif
