/* test-strength.c — how guessable a new passphrase is
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "daybook-strength.h"
#include "daybook-test-util.h"

/* What an abuser sharing the home tries first: common passwords, repeats,
 * runs of digits, keyboard rows. All below fair. */
static void
test_weak (void)
{
  const char *weak[] = { "password1", "aaaaaaaa", "12345678",  "password", "qwertyuiop",
                         "letmein1",  "11111111", "Password1", "abc123" };

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      guint score = daybook_passphrase_score (weak[i], NULL);

      if (score >= DAYBOOK_SCORE_FAIR)
        g_error ("“%s” scored %u", weak[i], score);
    }
  g_assert_cmpuint (daybook_passphrase_score ("password1", NULL), ==, 0);
  g_assert_cmpuint (daybook_passphrase_score ("12345678", NULL), ==, 0);
}

static void
test_fair (void)
{
  double bits = 0;

  g_assert_cmpuint (daybook_passphrase_score (TEST_PASSPHRASE, &bits), >=, DAYBOOK_SCORE_FAIR);
  g_assert_cmpuint (daybook_passphrase_score ("correct horse battery staple", NULL), ==,
                    DAYBOOK_SCORE_MAX);
  g_assert_cmpfloat (bits, >, 40.0);
  g_assert_cmpuint (daybook_passphrase_score ("violet kettle orbit canyon ledger", NULL), ==,
                    DAYBOOK_SCORE_MAX);
}

/* guesses = 2^bits, cut at 10^3, 10^6, 10^8, 10^10: the score agrees with
 * the entropy it reports, for every sort of passphrase. */
static void
test_thresholds (void)
{
  const char *samples[]
      = { "a",         "ab",          "abc",       "tractor",     "pass one",     "a b c",
          "demo pass", "the new one", "Tr0ub4dor", "Tr0ub4dor&3", "kettle orbit", "correct horse" };
  const double cuts[] = { 1e3, 1e6, 1e8, 1e10 };
  gboolean seen[DAYBOOK_SCORE_MAX + 1] = { FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      double bits = -1;
      guint score = daybook_passphrase_score (samples[i], &bits);
      guint expect = 0;

      while (expect < G_N_ELEMENTS (cuts) && pow (2.0, bits) >= cuts[expect])
        expect++;
      g_assert_cmpuint (score, ==, expect);
      g_assert_cmpuint (score, <=, DAYBOOK_SCORE_MAX);
      seen[score] = TRUE;
    }
  /* One per step, by hand. */
  g_assert_cmpuint (daybook_passphrase_score ("abc", NULL), ==, 0);
  g_assert_cmpuint (daybook_passphrase_score ("tractor", NULL), ==, 1);
  g_assert_cmpuint (daybook_passphrase_score ("a b c", NULL), ==, 2);
  g_assert_cmpuint (daybook_passphrase_score ("the new one", NULL), ==, 3);
  g_assert_cmpuint (daybook_passphrase_score ("Tr0ub4dor&3", NULL), ==, 4);
  /* The samples reach every score, so each cut was crossed. */
  for (guint s = 0; s <= DAYBOOK_SCORE_MAX; s++)
    if (!seen[s])
      g_error ("no sample scored %u", s);
}

static void
test_empty (void)
{
  double bits = -1;

  g_assert_cmpuint (daybook_passphrase_score ("", &bits), ==, 0);
  g_assert_cmpfloat (bits, ==, 0.0);
  g_assert_cmpuint (daybook_passphrase_score (NULL, NULL), ==, 0);
}

/* A secret is not NUL-terminated: only its own bytes are scored, never
 * what follows them in memory. */
static void
test_secret (void)
{
  g_autoptr (DaybookSecret) strong
      = daybook_secret_new_from_data (TEST_PASSPHRASE, strlen (TEST_PASSPHRASE));
  g_autoptr (DaybookSecret) prefix = daybook_secret_new_from_data (TEST_PASSPHRASE, 4);
  g_autoptr (DaybookSecret) empty = daybook_secret_new (0);

  g_assert_cmpuint (daybook_passphrase_score_secret (strong), ==,
                    daybook_passphrase_score (TEST_PASSPHRASE, NULL));
  g_assert_cmpuint (daybook_passphrase_score_secret (prefix), ==,
                    daybook_passphrase_score ("corr", NULL));
  g_assert_cmpuint (daybook_passphrase_score_secret (prefix), <, DAYBOOK_SCORE_FAIR);
  g_assert_cmpuint (daybook_passphrase_score_secret (empty), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strength/weak", test_weak);
  g_test_add_func ("/strength/fair", test_fair);
  g_test_add_func ("/strength/thresholds", test_thresholds);
  g_test_add_func ("/strength/empty", test_empty);
  g_test_add_func ("/strength/secret", test_secret);

  return g_test_run ();
}
