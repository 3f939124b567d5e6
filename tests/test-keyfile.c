/* test-keyfile.c — the key file: slots, damage, recovery codes
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sodium.h>

#include "daybook-error.h"
#include "daybook-keyfile.h"
#include "daybook-test-util.h"

typedef struct
{
  DaybookSecret *master;
  DaybookKeyfile *keyfile;
  GBytes *bytes;
} KeyFixture;

static void
key_setup (KeyFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("hunter2 but longer");
  guint8 id[DAYBOOK_DIARY_ID_BYTES] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

  f->master = daybook_secret_new (DAYBOOK_MASTER_KEY_BYTES);
  randombytes_buf (daybook_secret_get_data (f->master), DAYBOOK_MASTER_KEY_BYTES);
  f->keyfile = daybook_keyfile_new (id);
  daybook_keyfile_set_slot (f->keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, f->master, &error);
  g_assert_no_error (error);
  f->bytes = daybook_keyfile_serialize (f->keyfile);
}

static void
key_teardown (KeyFixture *f, gconstpointer data)
{
  daybook_secret_free (f->master);
  daybook_keyfile_free (f->keyfile);
  g_bytes_unref (f->bytes);
}

static void
test_round_trip (KeyFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("hunter2 but longer");
  g_autoptr (DaybookKeyfile) parsed = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (f->bytes, &len);

  parsed = daybook_keyfile_parse (bytes, len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (daybook_keyfile_get_diary_id (parsed), 16,
                   daybook_keyfile_get_diary_id (f->keyfile), 16);
  master = daybook_keyfile_unwrap (parsed, DAYBOOK_SLOT_PASSPHRASE, pass, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_secret_equal (master, f->master));
}

static void
test_wrong_passphrase (KeyFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) wrong = daybook_test_secret ("hunter3 but longer");
  g_autoptr (DaybookSecret) master
      = daybook_keyfile_unwrap (f->keyfile, DAYBOOK_SLOT_PASSPHRASE, wrong, &error);

  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_assert_null (master);
  g_assert_cmpint (daybook_error_exit_code (error), ==, 3);
}

static void
test_limits (KeyFixture *f, gconstpointer data)
{
  guint64 ops;
  gsize mem;

  /* At least libsodium's MODERATE: 3 passes over 256 MiB. */
  g_assert_true (daybook_keyfile_get_slot_limits (f->keyfile, DAYBOOK_SLOT_PASSPHRASE, &ops, &mem));
  g_assert_cmpuint (ops, >=, 3);
  g_assert_cmpuint (mem, >=, 256u << 20);
  g_assert_false (daybook_keyfile_get_slot_limits (f->keyfile, DAYBOOK_SLOT_RECOVERY, &ops, &mem));
}

/* Every single flipped byte anywhere in the file is caught as damage, not
 * mistaken for a wrong passphrase. */
static void
test_every_byte_damaged (KeyFixture *f, gconstpointer data)
{
  gsize len;
  const guint8 *bytes = g_bytes_get_data (f->bytes, &len);
  g_autofree guint8 *copy = g_memdup2 (bytes, len);

  for (gsize i = 0; i < len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookKeyfile) parsed = NULL;

      copy[i] ^= 0x01;
      parsed = daybook_keyfile_parse (copy, len, &error);
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
      g_assert_null (parsed);
      copy[i] ^= 0x01;
    }

  for (gsize cut = 0; cut < len; cut += 7)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookKeyfile) parsed = daybook_keyfile_parse (copy, cut, &error);

      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
    }
}

/* A known-answer vector for the key derivation, from the reference Argon2
 * implementation (Debian's argon2 tool):
 *   echo -n "correct horse battery staple" |
 *     argon2 daybook-kat-salt -id -t 3 -m 18 -p 1 -l 32 -r
 * Daybook's slots use exactly these parameters: Argon2id, 3 passes,
 * 256 MiB, one lane. */
static void
test_derivation_vector (void)
{
  static const char *expected = "1a526c46599ec289afc8b943f1170c107562acca431a31cb4d785034a3d1f83e";
  const char *pass = "correct horse battery staple";
  guint8 out[32];
  char hex[65];

  g_assert_cmpint (crypto_pwhash (out, sizeof out, pass, strlen (pass),
                                  (const guint8 *)"daybook-kat-salt",
                                  crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE,
                                  crypto_pwhash_ALG_ARGON2ID13),
                   ==, 0);
  sodium_bin2hex (hex, sizeof hex, out, sizeof out);
  g_assert_cmpstr (hex, ==, expected);
}

static void
test_recovery_code_forms (void)
{
  g_autoptr (DaybookSecret) code = daybook_recovery_code_generate ();
  g_autoptr (DaybookSecret) raw = NULL;
  g_autoptr (DaybookSecret) sloppy_raw = NULL;
  g_autoptr (DaybookSecret) sloppy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *typed = NULL;
  const char *text = (const char *)daybook_secret_peek (code);

  g_assert_cmpuint (strlen (text), ==, 39);
  g_assert_true (g_regex_match_simple ("^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$", text, 0, 0));

  raw = daybook_recovery_code_normalize (code, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_secret_get_size (raw), ==, DAYBOOK_RECOVERY_BYTES);

  /* As a person might type it back: lower case, spaces instead of dashes,
   * letter O for zero. */
  typed = g_ascii_strdown (text, -1);
  g_strdelimit (typed, "-", ' ');
  g_strdelimit (typed, "0", 'o');
  sloppy = daybook_test_secret (typed);
  sloppy_raw = daybook_recovery_code_normalize (sloppy, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_secret_equal (raw, sloppy_raw));
}

/* Shown in two lines of four groups, broken only between groups; typed
 * back across the line break it opens the same slot. */
static void
test_recovery_code_lines (void)
{
  g_autoptr (DaybookSecret) code = daybook_recovery_code_generate ();
  g_autoptr (DaybookSecret) lines = daybook_recovery_code_format_lines (code, "\n  ");
  g_autoptr (DaybookSecret) raw = NULL;
  g_autoptr (DaybookSecret) lines_raw = NULL;
  g_autoptr (GError) error = NULL;
  const char *text = (const char *)daybook_secret_peek (code);
  const char *shown = (const char *)daybook_secret_peek (lines);
  g_autofree char *expected = g_strdup_printf ("%.19s\n  %s", text, text + 20);

  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpuint (daybook_secret_get_size (lines), ==, strlen (expected));
  g_assert_true (g_regex_match_simple (
      "^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}\n  [0-9A-Z]{4}(-[0-9A-Z]{4}){3}$", shown, 0, 0));

  raw = daybook_recovery_code_normalize (code, &error);
  g_assert_no_error (error);
  lines_raw = daybook_recovery_code_normalize (lines, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_secret_equal (raw, lines_raw));
}

static void
test_recovery_code_invalid (void)
{
  const char *bad[] = { "", "ABCD", "ABCD-EFGH-UUUU-0000-0000-0000-0000-0000", "!!!!", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookSecret) s = daybook_test_secret (bad[i]);
      g_autoptr (DaybookSecret) raw = daybook_recovery_code_normalize (s, &error);

      g_assert_null (raw);
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
    }
}

static void
test_recovery_slot (KeyFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) code = daybook_recovery_code_generate ();
  g_autoptr (DaybookSecret) raw = daybook_recovery_code_normalize (code, &error);
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("hunter2 but longer");

  daybook_keyfile_set_slot (f->keyfile, DAYBOOK_SLOT_RECOVERY, raw, f->master, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_keyfile_get_n_slots (f->keyfile), ==, 2);

  master = daybook_keyfile_unwrap (f->keyfile, DAYBOOK_SLOT_RECOVERY, raw, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_secret_equal (master, f->master));

  /* The passphrase opens only the passphrase slot, and vice versa. */
  g_clear_pointer (&master, daybook_secret_free);
  master = daybook_keyfile_unwrap (f->keyfile, DAYBOOK_SLOT_RECOVERY, pass, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/keyfile/round-trip", KeyFixture, NULL, key_setup, test_round_trip, key_teardown);
  g_test_add ("/keyfile/wrong-passphrase", KeyFixture, NULL, key_setup, test_wrong_passphrase,
              key_teardown);
  g_test_add ("/keyfile/limits", KeyFixture, NULL, key_setup, test_limits, key_teardown);
  g_test_add ("/keyfile/damaged/every-byte", KeyFixture, NULL, key_setup, test_every_byte_damaged,
              key_teardown);
  g_test_add ("/keyfile/recovery/slot", KeyFixture, NULL, key_setup, test_recovery_slot,
              key_teardown);
  g_test_add_func ("/keyfile/derivation/known-answer", test_derivation_vector);
  g_test_add_func ("/keyfile/recovery/forms", test_recovery_code_forms);
  g_test_add_func ("/keyfile/recovery/lines", test_recovery_code_lines);
  g_test_add_func ("/keyfile/recovery/invalid", test_recovery_code_invalid);

  return g_test_run ();
}
