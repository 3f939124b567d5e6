/* daybook-ui-test-util.c — waiting for the window in widget tests
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "daybook-ui-test-util.h"

/**
 * daybook_test_wait_for:
 * @what: what is awaited, for the failure message
 *
 * Runs the main loop until @condition holds; a minute at most, then fails
 * the test rather than hanging it.
 */
void
daybook_test_wait_for (DaybookTestCondition condition,
                       gpointer             data,
                       const char          *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/**
 * daybook_test_spin:
 *
 * Runs the main loop for @ms milliseconds.
 */
void
daybook_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
