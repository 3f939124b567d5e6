/* daybook-verify.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-verify"

#include "config.h"

#include "daybook-attachment-verify.h"
#include "daybook-diary-private.h"
#include "daybook-history.h"
#include "daybook-verify.h"

/*
 * Verification calls each area's verifier in turn, one way down the
 * layers: the diary's own records (database structure, hash chain,
 * entries, people), then each feature's (evidence). A feature that adds
 * records to the chain adds its verifier here.
 */

/**
 * daybook_diary_verify:
 * @problems: (out) (transfer full) (element-type utf8): one sentence per
 *   problem found; empty when everything holds
 *
 * Reports saved changes found missing when the diary was opened (see
 * daybook_diary_get_missing()), checks the database structure, re-computes the hash chain over
 * every revision, compares each entry, person and attachment with its last revision, and re-hashes
 * every evidence file.
 *
 * Returns: %FALSE only if the checks could not be run
 */
gboolean
daybook_diary_verify (DaybookDiary *self, GPtrArray **problems, GError **error)
{
  return daybook_diary_verify_full (self, problems, NULL, error);
}

/**
 * daybook_diary_verify_full:
 * @problems: (out) (transfer full) (element-type utf8): one sentence per
 *   problem found; empty when everything holds
 * @regressions: (out) (optional) (transfer full) (element-type DaybookClockRegression):
 *   every change recorded at a time earlier than one before it, as
 *   daybook_diary_list_clock_regressions() lists them, found in the same
 *   pass over the history as the chain
 *
 * daybook_diary_verify(), and the clock's regressions without reading the
 * history a second time.
 *
 * Returns: %FALSE only if the checks could not be run
 */
gboolean
daybook_diary_verify_full (DaybookDiary *self, GPtrArray **problems, GPtrArray **regressions,
                           GError **error)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) clock = NULL;
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  if (regressions != NULL)
    clock = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_clock_regression_free);
  /* Checked at open, against the seal written after the last save. */
  if (daybook_diary_get_missing (self) != NULL)
    g_ptr_array_add (found, g_strdup (daybook_diary_get_missing (self)));

  _daybook_diary_lock (self);
  ok = _daybook_diary_verify_records (self, found, clock, error)
       && _daybook_diary_verify_attachments (self, found, error);
  _daybook_diary_unlock (self);

  if (ok && problems != NULL)
    *problems = g_steal_pointer (&found);
  if (ok && regressions != NULL)
    *regressions = g_steal_pointer (&clock);
  return ok;
}
