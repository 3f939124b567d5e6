/* daybook-passphrase.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DaybookStrength:
 *
 * How hard a passphrase is to guess, from the zxcvbn estimator's entropy.
 */
typedef enum
{
  DAYBOOK_STRENGTH_NONE,
  DAYBOOK_STRENGTH_VERY_WEAK,
  DAYBOOK_STRENGTH_WEAK,
  DAYBOOK_STRENGTH_FAIR,
  DAYBOOK_STRENGTH_STRONG,
  DAYBOOK_STRENGTH_VERY_STRONG,
} DaybookStrength;

/**
 * DaybookPassphraseProblem:
 *
 * Why a new passphrase cannot be used yet.
 */
typedef enum
{
  DAYBOOK_PASSPHRASE_OK,
  DAYBOOK_PASSPHRASE_EMPTY,
  DAYBOOK_PASSPHRASE_WEAK,
  DAYBOOK_PASSPHRASE_MISMATCH,
} DaybookPassphraseProblem;

DaybookStrength daybook_passphrase_strength (const char *passphrase, double *bits);
const char *daybook_strength_get_label (DaybookStrength strength);
gboolean daybook_strength_is_weak (DaybookStrength strength);
DaybookPassphraseProblem daybook_passphrase_check (const char *passphrase, const char *repeat,
                                                   gboolean weak_ok);
const char *daybook_passphrase_problem_message (DaybookPassphraseProblem problem);

G_END_DECLS
