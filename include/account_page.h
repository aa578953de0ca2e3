/*
 * The pages that links in e-mails open on a phone (contrib/account, embedded
 * at build time): GET /account/confirm and /account/reset, with their script
 * and style at /account/{page}.  The code comes in the link's fragment
 * (#token=...), never to the server; the page posts it to the API when the
 * person taps.  And the files that let those links open the app instead:
 * /.well-known/assetlinks.json (Android App Links) and
 * /.well-known/apple-app-site-association (iOS universal links), from the
 * settings, 404 while none is set.
 */
#ifndef SIDAKERD_ACCOUNT_PAGE_H
#define SIDAKERD_ACCOUNT_PAGE_H

struct req;

void account_page(struct req *r);
void account_page_assetlinks(struct req *r);
void account_page_apple_association(struct req *r);

#endif
