/* WhatsApp broadcasts and their message templates (broadcast.c). */
#ifndef SIDAKERD_BROADCAST_H
#define SIDAKERD_BROADCAST_H

struct req;

/* A template body: text with line breaks, well-formed {{placeholders}}. */
int broadcast_template_valid(const char *body);

void broadcast_template_create(struct req *r);
void broadcast_template_list(struct req *r);
void broadcast_template_decide(struct req *r);
void broadcast_preview(struct req *r);
void broadcast_send(struct req *r);
void broadcast_list(struct req *r);
void broadcast_get(struct req *r);

#endif
