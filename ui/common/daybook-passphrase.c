/* daybook-passphrase.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-passphrase"

#include "config.h"

#include <glib/gi18n.h>
#include <zxcvbn.h>

#include "daybook-passphrase.h"

/* Entropy thresholds in bits. An offline attacker facing Argon2id at 256 MiB
 * manages perhaps a few hundred guesses a second per machine, so 40 bits
 * already takes years; below 28 bits a dictionary finds it in hours. */
static const double thresholds[] = { 0.0, 28.0, 40.0, 56.0, 72.0 };

/**
 * daybook_passphrase_strength:
 * @passphrase: (nullable): the passphrase as typed
 * @bits: (out) (optional): the estimated entropy
 *
 * Returns: how hard @passphrase is to guess
 */
DaybookStrength
daybook_passphrase_strength (const char *passphrase, double *bits)
{
  double entropy = 0.0;
  DaybookStrength strength = DAYBOOK_STRENGTH_NONE;

  if (passphrase != NULL && *passphrase != '\0')
    {
      entropy = ZxcvbnMatch (passphrase, NULL, NULL);
      strength = DAYBOOK_STRENGTH_VERY_WEAK;
      for (guint i = 1; i < G_N_ELEMENTS (thresholds); i++)
        if (entropy >= thresholds[i])
          strength = DAYBOOK_STRENGTH_VERY_WEAK + i;
    }

  if (bits != NULL)
    *bits = entropy;
  return strength;
}

const char *
daybook_strength_get_label (DaybookStrength strength)
{
  switch (strength)
    {
    case DAYBOOK_STRENGTH_VERY_WEAK:
      return _ ("Very weak: easy to guess");
    case DAYBOOK_STRENGTH_WEAK:
      return _ ("Weak: add more words");
    case DAYBOOK_STRENGTH_FAIR:
      return _ ("Fair");
    case DAYBOOK_STRENGTH_STRONG:
      return _ ("Strong");
    case DAYBOOK_STRENGTH_VERY_STRONG:
      return _ ("Very strong");
    case DAYBOOK_STRENGTH_NONE:
    default:
      return "";
    }
}

/**
 * daybook_passphrase_check:
 *
 * Returns: whether @passphrase can become the diary's passphrase, given
 *   that it was typed again as @repeat
 */
DaybookPassphraseProblem
daybook_passphrase_check (const char *passphrase, const char *repeat)
{
  if (passphrase == NULL || *passphrase == '\0')
    return DAYBOOK_PASSPHRASE_EMPTY;
  if (g_strcmp0 (passphrase, repeat) != 0)
    return DAYBOOK_PASSPHRASE_MISMATCH;
  return DAYBOOK_PASSPHRASE_OK;
}

const char *
daybook_passphrase_problem_message (DaybookPassphraseProblem problem)
{
  switch (problem)
    {
    case DAYBOOK_PASSPHRASE_EMPTY:
      return _ ("Choose a passphrase.");
    case DAYBOOK_PASSPHRASE_MISMATCH:
      return _ ("The two passphrases are not the same.");
    case DAYBOOK_PASSPHRASE_OK:
    default:
      return "";
    }
}
