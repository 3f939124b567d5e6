/* daybook-passphrase.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-passphrase"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-passphrase.h"
#include "daybook-strength.h"

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

  /* The window and daybook-cli share one score (daybook-strength.c). */
  if (passphrase != NULL && *passphrase != '\0')
    strength = DAYBOOK_STRENGTH_VERY_WEAK + daybook_passphrase_score (passphrase, &entropy);

  if (bits != NULL)
    *bits = entropy;
  return strength;
}

/**
 * daybook_strength_is_weak:
 *
 * Returns: whether a new passphrase of @strength needs "Use it anyway"
 */
gboolean
daybook_strength_is_weak (DaybookStrength strength)
{
  return strength < DAYBOOK_STRENGTH_VERY_WEAK + DAYBOOK_SCORE_FAIR;
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
      /* TRANSLATORS: how hard a new passphrase is to guess (weak, fair, strong) */
      return _ ("Fair");
    case DAYBOOK_STRENGTH_STRONG:
      /* TRANSLATORS: how hard a new passphrase is to guess (weak, fair, strong) */
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
 * @weak_ok: the owner ticked "Use it anyway" for a weak passphrase
 *
 * Returns: whether @passphrase can become the diary's passphrase, given
 *   that it was typed again as @repeat
 */
DaybookPassphraseProblem
daybook_passphrase_check (const char *passphrase, const char *repeat, gboolean weak_ok)
{
  if (passphrase == NULL || *passphrase == '\0')
    return DAYBOOK_PASSPHRASE_EMPTY;
  if (!weak_ok && daybook_strength_is_weak (daybook_passphrase_strength (passphrase, NULL)))
    return DAYBOOK_PASSPHRASE_WEAK;
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
    case DAYBOOK_PASSPHRASE_WEAK:
      return _ ("This passphrase is easy to guess. Choose a longer one, or tick “Use it "
                "anyway”.");
    case DAYBOOK_PASSPHRASE_MISMATCH:
      return _ ("The two passphrases are not the same.");
    case DAYBOOK_PASSPHRASE_OK:
    default:
      return "";
    }
}
