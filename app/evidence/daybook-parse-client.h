/* daybook-parse-client.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "daybook-attachment-private.h"

G_BEGIN_DECLS

/* What the parsing helper found in a stored copy, checked. */
typedef struct
{
  JsonObject *metadata; /* owned; never NULL */
  gint64 taken_at;      /* 0: not known */
  GBytes *thumbnail;    /* owned, PNG made by Daybook; NULL if none */
} DaybookExtracted;

void _daybook_extract_metadata (DaybookContent *content, const char *media_type,
                                DaybookExtracted *out);
void _daybook_extracted_clear (DaybookExtracted *out);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DaybookExtracted, _daybook_extracted_clear)

GdkPixbuf *_daybook_parse_image (GBytes *bytes, int orientation, GError **error);
GBytes *_daybook_parse_audio (GBytes *bytes, gboolean *cut, GError **error);
GdkPixbuf *_daybook_orient_pixbuf (GdkPixbuf *pixbuf, int orientation);

/* For the tests: how the helper is confined. */
typedef enum
{
  DAYBOOK_SANDBOX_AUTO,  /* bubblewrap if it works here, else FORK */
  DAYBOOK_SANDBOX_BWRAP, /* bubblewrap, seccomp and limits */
  DAYBOOK_SANDBOX_FORK,  /* only the helper's own seccomp filter and limits */
} DaybookSandbox;

DaybookSandbox _daybook_parse_get_sandbox (void);
void _daybook_parse_set_sandbox_for_tests (DaybookSandbox sandbox);
void _daybook_parse_set_test_for_tests (const char *test);
void _daybook_parse_set_timeout_for_tests (guint timeout_ms);
/* A started helper: the process to wait for, and for bubblewrap the pipe
 * on which it names its sandbox's first process. */
typedef struct
{
  GPid pid;    /* the helper, or bubblewrap around it */
  int info_fd; /* bubblewrap's --info-fd, or -1 */
} DaybookParseChild;

gboolean _daybook_parse_spawn (const char *const *args, DaybookParseChild *child, int *in_fd,
                               int *out_fd, GError **error);
void _daybook_parse_child_end (DaybookParseChild *child, gboolean kill_it, int *status);
void _daybook_parse_set_keep_sandbox_for_tests (gboolean keep);
guint _daybook_parse_get_timeout (void);
char *_daybook_parse_try (const char *what, GError **error);
JsonObject *_daybook_parse_reply_for_tests (GBytes *reply, gint64 *taken_at, GBytes **thumbnail);

G_END_DECLS
