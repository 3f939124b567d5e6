/* daybook-error.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DAYBOOK_ERROR (daybook_error_quark ())

/**
 * DaybookError:
 * @DAYBOOK_ERROR_FAILED: the operation failed (exit code 1)
 * @DAYBOOK_ERROR_INVALID: the input is not acceptable (exit code 2)
 * @DAYBOOK_ERROR_WRONG_PASSPHRASE: no key slot opened (exit code 3)
 * @DAYBOOK_ERROR_DAMAGED: the diary is damaged or tampered with (exit code 4)
 * @DAYBOOK_ERROR_NOT_FOUND: no such entry, person or diary (exit code 1)
 * @DAYBOOK_ERROR_EXISTS: something is already there (exit code 1)
 * @DAYBOOK_ERROR_BUSY: another process has the diary open (exit code 1)
 * @DAYBOOK_ERROR_READ_ONLY: the diary cannot be changed (exit code 1)
 * @DAYBOOK_ERROR_LOCKED: the diary is locked (exit code 1)
 *
 * Codes map to the command-line exit codes with daybook_error_exit_code().
 */
typedef enum
{
  DAYBOOK_ERROR_FAILED,
  DAYBOOK_ERROR_INVALID,
  DAYBOOK_ERROR_WRONG_PASSPHRASE,
  DAYBOOK_ERROR_DAMAGED,
  DAYBOOK_ERROR_NOT_FOUND,
  DAYBOOK_ERROR_EXISTS,
  DAYBOOK_ERROR_BUSY,
  DAYBOOK_ERROR_READ_ONLY,
  DAYBOOK_ERROR_LOCKED,
} DaybookError;

GQuark daybook_error_quark (void);
int daybook_error_exit_code (const GError *error);

G_END_DECLS
