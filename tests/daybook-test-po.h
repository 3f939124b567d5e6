/* daybook-test-po.h — the catalogues' sources as tests read them
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *context; /* NULL: none */
  char *msgid;
  char *msgid_plural; /* NULL: not a plural */
  GPtrArray *msgstr;  /* char *: one, or one per plural form */
  gboolean fuzzy;
} DaybookPoEntry;

/* Every entry of po/@language.po (the header is the entry with msgid ""),
 * read with a parser of its own, not Daybook's catalogue reader. */
GPtrArray *daybook_test_po_read (const char *language);
/* The entry's translation, or NULL when untranslated or fuzzy. */
const char *daybook_test_po_translation (GPtrArray *po, const char *context, const char *msgid);
char *daybook_test_po_plural_forms (GPtrArray *po);
guint daybook_test_po_eval_plural (const char *plural_forms, gulong n, guint *nplurals);

G_END_DECLS
