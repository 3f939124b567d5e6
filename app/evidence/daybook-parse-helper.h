/* daybook-parse-helper.h — the parsing helper's main, for the program that links it
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A mode added by a higher layer. @run gets the arguments after the mode's
 * name, runs with the seccomp filter and limits in place, reads stdin
 * itself and returns the exit status. */
typedef struct
{
  const char *name;
  guint cpu_seconds;
  int (*run) (int argc, char **argv);
} DaybookParseMode;

int _daybook_parse_main (int argc, char **argv, const DaybookParseMode *extra);
gboolean _daybook_parse_write_all (int fd, const void *data, gsize len);

G_END_DECLS
