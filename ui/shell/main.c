/* main.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "daybook-application.h"
#include "daybook-i18n.h"
#include "daybook-hardening.h"
#include "daybook-renderer.h"

int
main (int argc, char *argv[])
{
  g_autoptr (DaybookApplication) app = NULL;

  /* Before anything of the diary is in memory. */
  daybook_harden_process ();
  /* Before GTK starts. */
  daybook_renderer_prepare ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, daybook_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = daybook_application_new (NULL, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
