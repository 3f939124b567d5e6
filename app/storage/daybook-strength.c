/* daybook-strength.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-strength"

#include "config.h"

#include <math.h>
#include <string.h>
#include <zxcvbn.h>

#include "daybook-strength.h"

/* Scores from zxcvbn's estimate the usual way: guesses = 2^entropy, and a
 * passphrase needing fewer than 10^3, 10^6, 10^8, 10^10 guesses scores 0, 1,
 * 2, 3; more scores 4. The estimate knows English words, names, keyboard
 * patterns, dates and repeats; it does not know the owner's life, so a
 * "fair" passphrase made of a pet's name and a birthday is still guessable
 * by someone who knows them. */
static const double score_guesses[] = { 1e3, 1e6, 1e8, 1e10 };

/**
 * daybook_passphrase_score:
 * @passphrase: (nullable): the passphrase, NUL-terminated UTF-8
 * @bits: (out) (optional): zxcvbn's entropy estimate in bits
 *
 * Returns: 0 (guessed at once) to %DAYBOOK_SCORE_MAX; 0 for an empty one
 */
guint
daybook_passphrase_score (const char *passphrase, double *bits)
{
  double entropy = 0.0;
  guint score = 0;

  if (passphrase != NULL && *passphrase != '\0')
    {
      entropy = ZxcvbnMatch (passphrase, NULL, NULL);
      while (score < G_N_ELEMENTS (score_guesses) && pow (2.0, entropy) >= score_guesses[score])
        score++;
    }

  if (bits != NULL)
    *bits = entropy;
  return score;
}

/**
 * daybook_passphrase_score_secret:
 * @passphrase: a passphrase in secure memory, not NUL-terminated
 *
 * Returns: the score of @passphrase, see daybook_passphrase_score()
 */
guint
daybook_passphrase_score_secret (const DaybookSecret *passphrase)
{
  gsize len = daybook_secret_get_size (passphrase);
  g_autoptr (DaybookSecret) text = daybook_secret_new (len + 1);

  if (len > 0)
    memcpy (daybook_secret_get_data (text), daybook_secret_peek (passphrase), len);
  /* daybook_secret_new() zeroes, so the copy ends in a NUL. */
  return daybook_passphrase_score ((const char *)daybook_secret_peek (text), NULL);
}
