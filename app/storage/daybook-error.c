/* daybook-error.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-error"

#include "config.h"

#include <gio/gio.h>

#include "daybook-error.h"

G_DEFINE_QUARK (daybook - error - quark, daybook_error)

/**
 * daybook_error_exit_code:
 * @error: (nullable): an error, or %NULL for success
 *
 * Returns: the command-line exit code for @error: 0 success, 1 failure,
 *   2 bad input, 3 wrong passphrase, 4 damaged or tampered diary
 */
int
daybook_error_exit_code (const GError *error)
{
  if (error == NULL)
    return 0;

  if (error->domain != DAYBOOK_ERROR)
    return 1;

  switch ((DaybookError)error->code)
    {
    case DAYBOOK_ERROR_INVALID:
      return 2;
    case DAYBOOK_ERROR_WRONG_PASSPHRASE:
      return 3;
    case DAYBOOK_ERROR_DAMAGED:
      return 4;
    case DAYBOOK_ERROR_FAILED:
    case DAYBOOK_ERROR_NOT_FOUND:
    case DAYBOOK_ERROR_EXISTS:
    case DAYBOOK_ERROR_BUSY:
    case DAYBOOK_ERROR_READ_ONLY:
    case DAYBOOK_ERROR_LOCKED:
    default:
      return 1;
    }
}
