/* rekey-child.c — changes a diary's keys, to be killed part-way
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by test-rekey: reads the current and the new passphrase from
 * standard input (one a line), opens the diary in argv[1], prints "READY",
 * rekeys it with libsodium's minimum Argon2id limits (so that a kill lands
 * in the file and database work, not in key derivation) and prints "DONE".
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "daybook-diary.h"

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookSecret) current = NULL;
  g_autoptr (DaybookSecret) next = NULL;
  char line[2][256];

  if (argc != 2)
    return 2;
  for (int i = 0; i < 2; i++)
    {
      if (fgets (line[i], sizeof line[i], stdin) == NULL)
        return 2;
      line[i][strcspn (line[i], "\n")] = '\0';
    }
  current = daybook_secret_new_from_data (line[0], strlen (line[0]));
  next = daybook_secret_new_from_data (line[1], strlen (line[1]));
  sodium_memzero (line, sizeof line);

  diary = daybook_diary_open (argv[1], current, &error);
  if (diary == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("READY\n");
  fflush (stdout);
  if (!_daybook_diary_rekey_with_limits (diary, next, NULL, crypto_pwhash_OPSLIMIT_MIN,
                                         crypto_pwhash_MEMLIMIT_MIN, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("DONE\n");
  fflush (stdout);
  return 0;
}
