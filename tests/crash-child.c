/* crash-child.c — saves entries as fast as it can until it is killed
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by test-crash: reads the passphrase from standard input, opens the
 * diary in argv[1], prints "READY", then adds (and now and then edits)
 * entries, printing "ACK <number> <title>" only once each save has returned.
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "daybook-diary.h"

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookSecret) pass = daybook_secret_new (256);
  ssize_t n;

  if (argc != 2)
    return 2;
  n = read (STDIN_FILENO, daybook_secret_get_data (pass), 255);
  if (n <= 0)
    return 2;
  while (n > 0 && daybook_secret_get_data (pass)[n - 1] == '\n')
    n--;
  daybook_secret_set_size (pass, (gsize)n);

  diary = daybook_diary_open (argv[1], pass, &error);
  if (diary == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("READY\n");
  fflush (stdout);

  for (guint i = 0;; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *title = g_strdup_printf ("crash-%d-%u", (int)getpid (), i);
      g_autofree char *narrative = g_strnfill (1500 + (i % 7) * 300, 'a' + (i % 26));
      DaybookWhen when = { 1767261600 + i * 60, 0, (char *)"Europe/London" };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, title);
      daybook_incident_set_narrative (incident, narrative);
      daybook_incident_add_person (incident, i % 2 ? "Jordan" : "Casey", DAYBOOK_ROLE_SUSPECT);
      daybook_incident_set_types (incident, 1u << (i % DAYBOOK_N_BEHAVIOURS));
      if (!daybook_diary_save_incident (diary, incident, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("ACK %" G_GINT64_FORMAT " %s\n", daybook_incident_get_number (incident), title);
      fflush (stdout);

      /* Edits too, so revisions and the chain are caught half-way. */
      if (i % 3 == 2)
        {
          g_autofree char *edited = g_strconcat (title, "-edited", NULL);

          daybook_incident_set_title (incident, edited);
          if (!daybook_diary_save_incident (diary, incident, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          printf ("ACK %" G_GINT64_FORMAT " %s\n", daybook_incident_get_number (incident), edited);
          fflush (stdout);
        }
    }
}
