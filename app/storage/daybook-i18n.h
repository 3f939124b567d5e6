/* daybook-i18n.h — translations, with a language per thread for the report
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file of app/ includes this header instead of <glib/gi18n-lib.h>. It
 * keeps the usual spelling (_ (), N_ (), C_ (), NC_ (), g_dngettext (),
 * g_dpgettext2 ()), so xgettext finds the strings as before, but each call
 * goes through daybook_gettext() and friends: on a thread that has set a
 * catalogue with daybook_i18n_push_language() the string comes from that
 * catalogue (the report drawn in the court's language on a worker thread),
 * and otherwise from gettext in the process's language, as before.
 *
 * gettext itself cannot do this: its language (LANGUAGE, the locale) is the
 * whole process's, and the window keeps running in the user's language while
 * a report is drawn.
 */

#pragma once

#include <glib.h>
#ifndef __G_I18N_H__ /* the window's files include <glib/gi18n.h> first */
#include <glib/gi18n-lib.h>
#endif

G_BEGIN_DECLS

/* The report's languages. "en" is the English of the source. */
#define DAYBOOK_REPORT_LANGUAGES "en", "cy", "pl", "ar"

typedef struct _DaybookCatalog DaybookCatalog;

const char *daybook_locale_dir (void);
const DaybookCatalog *daybook_catalog_get (const char *language, GError **error);
const char *daybook_catalog_get_language (const DaybookCatalog *catalog);
gboolean daybook_catalog_is_rtl (const DaybookCatalog *catalog);
const char *daybook_catalog_lookup (const DaybookCatalog *catalog, const char *msgid);
const char *daybook_catalog_nlookup (const DaybookCatalog *catalog, const char *msgid,
                                     const char *msgid_plural, gulong n);
guint daybook_plural_index (const char *language, gulong n);
guint daybook_plural_count (const char *language);

const char *daybook_language_from_environment (void);
gboolean daybook_language_is_known (const char *language);

const DaybookCatalog *daybook_i18n_push_language (const DaybookCatalog *catalog);
void daybook_i18n_pop_language (const DaybookCatalog *previous);
const DaybookCatalog *daybook_i18n_get_thread_catalog (void);

const char *daybook_gettext (const char *msgid) G_GNUC_FORMAT (1);
const char *daybook_pgettext (const char *msgctxtid, gsize msgidoffset) G_GNUC_FORMAT (1);
const char *daybook_dpgettext2 (const char *context, const char *msgid) G_GNUC_FORMAT (2);
const char *daybook_dngettext (const char *msgid, const char *msgid_plural, gulong n)
    G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);

char *daybook_date_time_format (GDateTime *datetime, const char *format);

#ifndef NC_
#define NC_(Context, String) (String)
#endif

#undef _
#undef Q_
#undef C_
#define _(String) ((char *)daybook_gettext (String))
#define C_(Context, String) daybook_pgettext (Context "\004" String, sizeof (Context))
#define g_dngettext(Domain, Msgid, MsgidPlural, N) daybook_dngettext (Msgid, MsgidPlural, N)
#define g_dpgettext2(Domain, Context, Msgid) daybook_dpgettext2 (Context, Msgid)

G_END_DECLS
