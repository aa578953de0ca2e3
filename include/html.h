/* Writing HTML from C: text made safe for element content and attribute
 * values (verify_page.c, account_page.c). */
#ifndef SIDAKERD_HTML_H
#define SIDAKERD_HTML_H

#include <stdio.h>

/* s with & < > " ' as character references; NULL writes nothing. */
void html_escaped(FILE *f, const char *s);

#endif
