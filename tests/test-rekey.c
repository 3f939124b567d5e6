/* test-rekey.c — "someone may know my passphrase": rekeying, as the abuser
 * who kept an old key file would try it; the key file's tamper evidence;
 * passphrase normalisation; diaries made before all this
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "daybook-attachment.h"
#include "daybook-error.h"
#include "daybook-keyfile.h"
#include "daybook-test-util.h"

#define NEW_PASSPHRASE "a brand new passphrase nobody saw"

/* ---- helpers ------------------------------------------------------------- */

static char *
sha256_hex (const guint8 *data, gsize len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

static GBytes *
exhibit_bytes (guint i)
{
  /* One file of three chunks, so a kill can land inside a file. */
  gsize len = i == 0 ? 600 * 1024 + 17 : 1000 + i * 333;
  guint8 *data = g_malloc (len);

  for (gsize j = 0; j < len; j++)
    data[j] = (guint8)((j * 131 + i * 7) ^ (j >> 9));
  return g_bytes_new_take (data, len);
}

#define N_EXHIBITS 3

/* A fast diary with two entries and three exhibits. */
static char *
make_diary_with_evidence (void)
{
  char *dir = daybook_test_copy_fast_template ();
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      DaybookWhen when = { 1767261600 + i * 3600, 0, NULL };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, i == 0 ? "Followed home" : "Messages at night");
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < N_EXHIBITS; i++)
    {
      g_autoptr (GBytes) bytes = exhibit_bytes (i);
      g_autofree char *name = g_strdup_printf ("exhibit-%u.bin", i);
      g_autoptr (DaybookAttachment) att
          = daybook_diary_import_attachment_bytes (diary, bytes, name, 1, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (att);
    }
  return dir;
}

/* Every exhibit read back through the diary, byte for byte. */
static void
check_exhibits (DaybookDiary *diary)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) list = daybook_diary_list_attachments (diary, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_EXHIBITS);
  for (guint i = 0; i < N_EXHIBITS; i++)
    {
      g_autoptr (DaybookAttachment) att = g_list_model_get_item (list, i);
      g_autoptr (GBytes) expected = exhibit_bytes (i);
      g_autoptr (GInputStream) stream
          = daybook_diary_open_attachment (diary, daybook_attachment_get_id (att), &error);
      g_autoptr (GByteArray) got = g_byte_array_new ();
      guint8 buf[65536];
      gssize n;

      g_assert_no_error (error);
      while ((n = g_input_stream_read (stream, buf, sizeof buf, NULL, &error)) > 0)
        g_byte_array_append (got, buf, (guint)n);
      g_assert_no_error (error);
      g_assert_cmpmem (got->data, got->len, g_bytes_get_data (expected, NULL),
                       g_bytes_get_size (expected));
    }
}

static void
check_whole (DaybookDiary *diary)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *)problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_null (daybook_diary_get_missing (diary));
  g_assert_cmpuint (daybook_diary_count_incidents (diary), ==, 2);
  check_exhibits (diary);
}

static GPtrArray *
evidence_names (const char *dir)
{
  g_autofree char *evidence = g_build_filename (dir, "evidence", NULL);
  g_autoptr (GDir) d = g_dir_open (evidence, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  return names;
}

static DaybookDiary *
try_open (const char *dir, const char *passphrase, GError **error)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (passphrase);

  return daybook_diary_open (dir, pass, error);
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr (GBytes) bytes = daybook_test_read (from);

  g_assert_true (g_file_set_contents (to, g_bytes_get_data (bytes, NULL),
                                      (gssize)g_bytes_get_size (bytes), NULL));
}

static void
rekey (DaybookDiary *diary, const char *passphrase, DaybookSecret **code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (passphrase);

  g_assert_true (_daybook_diary_rekey_with_limits (diary, pass, code, crypto_pwhash_OPSLIMIT_MIN,
                                                   crypto_pwhash_MEMLIMIT_MIN, &error));
  g_assert_no_error (error);
}

/* ---- rekey --------------------------------------------------------------- */

/* The abuser copied `keys` (and knows the old passphrase and recovery
 * code). After a rekey, that copy opens nothing, even put back in place of
 * both key files; the new passphrase opens everything. */
static void
test_old_keyfile_refused (void)
{
  g_autofree char *dir = make_diary_with_evidence ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *keys = g_build_filename (dir, "keys", NULL);
  g_autofree char *bak = g_build_filename (dir, "keys.bak", NULL);
  g_autofree char *stolen = g_build_filename (parent, "stolen-keys", NULL);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookSecret) old_code = daybook_test_secret (daybook_test_recovery_code ());
  g_autoptr (GPtrArray) before = evidence_names (dir);
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GError) error = NULL;

  copy_file (keys, stolen);
  diary = daybook_test_open (dir);
  g_assert_cmpuint (daybook_diary_get_key_generation (diary), ==, 0);
  rekey (diary, NEW_PASSPHRASE, &code);
  g_assert_nonnull (code);
  /* Still usable in this session, under the new key. */
  check_whole (diary);
  g_assert_cmpuint (daybook_diary_get_key_generation (diary), ==, 1);
  daybook_diary_close (diary);
  g_clear_object (&diary);

  /* Every evidence file was replaced by one under a new key. */
  after = evidence_names (dir);
  g_assert_cmpuint (after->len, ==, N_EXHIBITS);
  for (guint i = 0; i < before->len; i++)
    for (guint j = 0; j < after->len; j++)
      g_assert_cmpstr (before->pdata[i], !=, after->pdata[j]);
  {
    g_autofree char *next = g_build_filename (dir, "keys.next", NULL);

    g_assert_false (g_file_test (next, G_FILE_TEST_EXISTS));
  }

  /* The old passphrase and the old recovery code no longer open it. */
  diary = try_open (dir, TEST_PASSPHRASE, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  diary = daybook_diary_open_with_recovery_code (dir, old_code, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  /* The new passphrase and the new recovery code do. */
  diary = try_open (dir, NEW_PASSPHRASE, &error);
  g_assert_no_error (error);
  check_whole (diary);
  g_clear_object (&diary);
  diary = daybook_diary_open_with_recovery_code (dir, code, &error);
  g_assert_no_error (error);
  g_clear_object (&diary);

  /* The stolen key file put back as both copies, with the old passphrase:
   * refused, and the sentence says why. */
  copy_file (stolen, keys);
  copy_file (stolen, bak);
  diary = try_open (dir, TEST_PASSPHRASE, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "keys were changed after this key file was made"));
  g_clear_error (&error);
  diary = daybook_diary_open_with_recovery_code (dir, old_code, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_clear_error (&error);

  daybook_test_rm_rf (parent);
}

/* The database records the generation: a key file of an older generation
 * that still fitted the database (a database put back from before the
 * rekey would be one way) is refused with its own sentence. */
static void
test_generation_recorded (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GError) error = NULL;

  rekey (diary, NEW_PASSPHRASE, NULL);
  rekey (diary, "and another one after that", NULL);
  g_assert_cmpuint (daybook_diary_get_key_generation (diary), ==, 2);
  {
    g_autoptr (DaybookKeyfile) keyfile = daybook_keyfile_load (dir, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (daybook_keyfile_get_generation (keyfile), ==, 2);
  }
  daybook_test_rm_rf (parent);
}

/* The command line: `passwd --rekey` says what it did and what it did not. */
static void
test_cli_rekey (void)
{
  g_autofree char *dir = make_diary_with_evidence ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  status = daybook_test_cli (TEST_PASSPHRASE "\n" NEW_PASSPHRASE "\n", &out, &err, "--diary", dir,
                             "--passphrase-fd", "0", "passwd", "--rekey", "--new-passphrase-fd",
                             "0", NULL);
  g_test_message ("out: %s\nerr: %s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Backups made before"));
  /* Two lines of four groups, never a group cut in two. */
  g_assert_true (g_regex_match_simple (
      "\\n[0-9A-Z]{4}(-[0-9A-Z]{4}){3}\\n[0-9A-Z]{4}(-[0-9A-Z]{4}){3}\\n", out, 0, 0));

  diary = try_open (dir, TEST_PASSPHRASE, &error);
  g_assert_null (diary);
  g_clear_error (&error);
  diary = try_open (dir, NEW_PASSPHRASE, &error);
  g_assert_no_error (error);
  check_whole (diary);
  g_clear_object (&diary);

  /* An ordinary passwd tells the truth about old key files. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status
      = daybook_test_cli (NEW_PASSPHRASE "\nyet another passphrase here\n", &out, &err, "--diary",
                          dir, "--passphrase-fd", "0", "passwd", "--new-passphrase-fd", "0", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "--rekey"));
  daybook_test_rm_rf (parent);
}

/* ---- a rekey killed at random moments ------------------------------------- */

typedef struct
{
  gboolean done;
} RunResult;

static RunResult
run_and_kill (const char *dir, const char *current, const char *next, gint64 delay_us)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *child = g_test_build_filename (G_TEST_BUILT, "rekey-child", NULL);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *input_path = g_build_filename (parent, "input", NULL);
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", current, next);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GError) error = NULL;
  RunResult result = { FALSE };

  g_assert_true (g_file_set_contents (input_path, input, -1, NULL));
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  proc = g_subprocess_launcher_spawn (launcher, &error, child, dir, NULL);
  g_assert_no_error (error);
  if (delay_us >= 0)
    {
      g_usleep ((gulong)delay_us);
      g_subprocess_send_signal (proc, SIGKILL);
    }
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error));
  g_subprocess_wait (proc, NULL, NULL);
  if (out != NULL && g_bytes_get_size (out) > 0)
    result.done
        = g_strstr_len (g_bytes_get_data (out, NULL), (gssize)g_bytes_get_size (out), "DONE")
          != NULL;
  g_unlink (input_path);
  return result;
}

/* Killed at any moment, a rekey leaves a diary that the old or the new
 * passphrase opens whole (never both, never neither), every exhibit
 * byte-identical and no evidence file left over. */
static void
test_sigkill_rekey (void)
{
  g_autofree char *dir = make_diary_with_evidence ();
  g_autofree char *parent = g_path_get_dirname (dir);
  const char *env = g_getenv ("DAYBOOK_REKEY_RUNS");
  guint runs = env ? (guint)g_ascii_strtoull (env, NULL, 10) : 100;
  g_autofree char *current = g_strdup (TEST_PASSPHRASE);
  guint killed = 0, old_won = 0, new_won = 0;
  gint64 start, full_us;

  /* One run without a kill, to know how long a rekey takes here. */
  start = g_get_monotonic_time ();
  g_assert_true (run_and_kill (dir, current, "first new passphrase", -1).done);
  full_us = g_get_monotonic_time () - start;
  g_free (current);
  current = g_strdup ("first new passphrase");

  /* Until at least @runs kills landed before the rekey's end. */
  for (guint run = 0; killed < runs; run++)
    {
      g_autofree char *next = g_strdup_printf ("passphrase number %u", run);
      g_autoptr (DaybookDiary) diary = NULL;
      g_autoptr (GError) old_error = NULL;
      g_autoptr (GError) new_error = NULL;
      g_autoptr (GPtrArray) names = NULL;
      RunResult r;

      g_assert_cmpuint (run, <, runs * 4);
      r = run_and_kill (dir, current, next, g_test_rand_int_range (0, (gint32)full_us));
      killed += !r.done;

      diary = try_open (dir, current, &old_error);
      if (diary != NULL)
        {
          g_autoptr (DaybookDiary) other = NULL;

          check_whole (diary);
          g_clear_object (&diary);
          other = try_open (dir, next, &new_error);
          g_assert_null (other);
          g_assert_false (r.done);
          old_won++;
        }
      else
        {
          g_assert_error (old_error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
          diary = try_open (dir, next, &new_error);
          g_assert_no_error (new_error);
          check_whole (diary);
          g_clear_object (&diary);
          g_free (current);
          current = g_strdup (next);
          new_won++;
        }
      names = evidence_names (dir);
      g_assert_cmpuint (names->len, ==, N_EXHIBITS);
    }

  g_test_message ("%u killed before the end (a full run took %" G_GINT64_FORMAT
                  " us): the old passphrase held %u times, the new one %u times",
                  killed, full_us, old_won, new_won);
  g_assert_cmpuint (killed, >=, runs);
  daybook_test_rm_rf (parent);
}

/* ---- the key file -------------------------------------------------------- */

static GByteArray *
read_keys (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GBytes) bytes = daybook_test_read (path);
  GByteArray *array = g_byte_array_new ();

  g_byte_array_append (array, g_bytes_get_data (bytes, NULL), (guint)g_bytes_get_size (bytes));
  return array;
}

static void
write_keys_rechecksummed (const char *dir, const char *name, GByteArray *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  /* What someone who read daybook-keyfile.c would do: fix the checksum. */
  crypto_generichash (data->data + data->len - 32, 32, data->data, data->len - 32, NULL, 0);
  g_assert_true (g_file_set_contents (path, (const char *)data->data, data->len, NULL));
}

static void
put_u64 (guint8 *p, guint64 v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

/* Version 2 header: 36 bytes; slot: kind, alg, reserved, opslimit at +4,
 * memlimit at +12. The passphrase slot comes first. */
#define SLOT0 36

/* The passphrase slot's limits changed and the checksum recomputed: the
 * right passphrase is not told "not correct"; keys.bak opens the diary and
 * the user is told the key file was altered. */
static void
test_tampered_slot (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir); /* writes version 2 */
  g_autoptr (GByteArray) keys = NULL;
  g_autoptr (GByteArray) restored = NULL;
  g_autoptr (GError) error = NULL;
  guint64 ops;

  daybook_diary_close (diary);
  g_clear_object (&diary);
  keys = read_keys (dir, "keys");
  g_assert_cmpuint (keys->data[8], ==, 2);
  ops = keys->data[SLOT0 + 4];
  put_u64 (keys->data + SLOT0 + 4, ops + 1);
  write_keys_rechecksummed (dir, "keys", keys);

  diary = try_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (daybook_diary_get_key_notice (diary));
  g_assert_nonnull (strstr (daybook_diary_get_key_notice (diary), "altered"));
  daybook_diary_close (diary);
  g_clear_object (&diary);

  /* The key file was put back from keys.bak. */
  restored = read_keys (dir, "keys");
  g_assert_cmpuint (restored->data[SLOT0 + 4], ==, ops);

  /* A wrong passphrase is still just that. */
  diary = try_open (dir, "not the passphrase at all", &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  /* The limit: both copies altered the same way leave nothing to compare
   * with, and that cannot be told from a wrong passphrase. */
  put_u64 (restored->data + SLOT0 + 4, ops + 1);
  write_keys_rechecksummed (dir, "keys", restored);
  write_keys_rechecksummed (dir, "keys.bak", restored);
  diary = try_open (dir, TEST_PASSPHRASE, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  daybook_test_rm_rf (parent);
}

/* Any other change to a version 2 file, checksum recomputed (here the
 * generation), fails the MAC once the slot opened. */
static void
test_tampered_generation (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GByteArray) keys = NULL;
  g_autoptr (GError) error = NULL;

  daybook_diary_close (diary);
  g_clear_object (&diary);
  keys = read_keys (dir, "keys");
  keys->data[28] ^= 0x40; /* generation */
  write_keys_rechecksummed (dir, "keys", keys);
  write_keys_rechecksummed (dir, "keys.bak", keys);
  diary = try_open (dir, TEST_PASSPHRASE, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "altered"));
  daybook_test_rm_rf (parent);
}

/* A slot asking for 4 GiB and 64 passes is refused at once, not obeyed;
 * keys.bak opens the diary. */
static void
test_huge_limits (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GByteArray) keys = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;

  daybook_diary_close (diary);
  g_clear_object (&diary);
  keys = read_keys (dir, "keys");
  put_u64 (keys->data + SLOT0 + 4, 64);
  put_u64 (keys->data + SLOT0 + 12, (guint64)4 << 30);
  write_keys_rechecksummed (dir, "keys", keys);

  start = g_get_monotonic_time ();
  diary = try_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (daybook_diary_get_key_notice (diary));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  daybook_diary_close (diary);
  g_clear_object (&diary);

  {
    gsize len = keys->len;
    g_autoptr (DaybookKeyfile) parsed = daybook_keyfile_parse (keys->data, len, &error);

    g_assert_null (parsed);
    g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "altered"));
    g_clear_error (&error);
  }
  /* 10 passes over 1 GiB is the most accepted; one more is refused. */
  put_u64 (keys->data + SLOT0 + 4, 11);
  put_u64 (keys->data + SLOT0 + 12, (guint64)1 << 30);
  crypto_generichash (keys->data + keys->len - 32, 32, keys->data, keys->len - 32, NULL, 0);
  g_assert_null (daybook_keyfile_parse (keys->data, keys->len, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  daybook_test_rm_rf (parent);
}

/* ---- old diaries and normalisation ----------------------------------------- */

static void
copy_tree (const char *from, const char *to)
{
  g_autoptr (GDir) d = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *a = g_build_filename (from, name, NULL);
      g_autofree char *b = g_build_filename (to, name, NULL);

      if (g_file_test (a, G_FILE_TEST_IS_DIR))
        copy_tree (a, b);
      else
        copy_file (a, b);
    }
}

#define FIXTURE_PASSPHRASE_NFD "Cafe\xcc\x81 fixture passphrase"
#define FIXTURE_PASSPHRASE_NFC "Caf\xc3\xa9 fixture passphrase"

/* A diary made by Daybook before key file version 2, with a passphrase
 * typed decomposed before passphrases were normalised, keeps opening: with
 * the passphrase as it was typed then, and with its recovery code. */
static void
test_v1_fixture (void)
{
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "diary", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "keyfile-v1-diary", NULL);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookSecret) code = daybook_test_secret ("R1A8-CBTP-00HZ-2BP3-3VDR-MZFV-QV3S-XTSE");
  g_autoptr (GError) error = NULL;
  g_autoptr (GByteArray) keys = NULL;
  g_autoptr (GListModel) list = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  const char *sums[] = { "a46eae44ea358ce62f3d1d482706d1a2f5fcdec4be80a139124c05f861694b1e",
                         "bd728b75ec0e7f368182add6f9c5abe67d9d42292d8844084c13cd8a227df9ba" };

  copy_tree (fixture, dir);
  keys = read_keys (dir, "keys");
  g_assert_cmpuint (keys->data[8], ==, 1);

  diary = try_open (dir, FIXTURE_PASSPHRASE_NFD, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  list = daybook_diary_list_attachments (diary, 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (DaybookAttachment) att = g_list_model_get_item (list, i);
      g_autoptr (GInputStream) stream
          = daybook_diary_open_attachment (diary, daybook_attachment_get_id (att), &error);
      g_autoptr (GByteArray) got = g_byte_array_new ();
      g_autofree char *sum = NULL;
      guint8 buf[4096];
      gssize n;

      while ((n = g_input_stream_read (stream, buf, sizeof buf, NULL, &error)) > 0)
        g_byte_array_append (got, buf, (guint)n);
      sum = sha256_hex (got->data, got->len);
      g_assert_cmpstr (sum, ==, sums[i]);
    }
  g_clear_object (&diary);

  /* Now written as version 2, and still opening. */
  g_clear_pointer (&keys, g_byte_array_unref);
  keys = read_keys (dir, "keys");
  g_assert_cmpuint (keys->data[8], ==, 2);
  diary = daybook_diary_open_with_recovery_code (dir, code, &error);
  g_assert_no_error (error);
  g_clear_object (&diary);

  /* The precomposed form was never this diary's passphrase: the raw bytes
   * typed then are what opens it. */
  diary = try_open (dir, FIXTURE_PASSPHRASE_NFC, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  daybook_test_rm_rf (parent);
}

/* Made with "é" as one character, opened from the command line with "e"
 * and a combining accent: the same passphrase. */
static void
test_nfc_cli (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (DaybookSecret) nfc = daybook_test_secret (FIXTURE_PASSPHRASE_NFC);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (daybook_diary_set_passphrase (diary, nfc, &error));
  g_assert_no_error (error);
  daybook_diary_close (diary);

  status = daybook_test_cli (FIXTURE_PASSPHRASE_NFD "\n", &out, &err, "--diary", dir,
                             "--passphrase-fd", "0", "list", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = daybook_test_cli (FIXTURE_PASSPHRASE_NFC "\n", &out, &err, "--diary", dir,
                             "--passphrase-fd", "0", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  daybook_test_rm_rf (parent);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rekey/old-keyfile-refused", test_old_keyfile_refused);
  g_test_add_func ("/rekey/generation-recorded", test_generation_recorded);
  g_test_add_func ("/rekey/cli", test_cli_rekey);
  g_test_add_func ("/rekey/sigkill", test_sigkill_rekey);
  g_test_add_func ("/rekey/keyfile/tampered-slot", test_tampered_slot);
  g_test_add_func ("/rekey/keyfile/tampered-generation", test_tampered_generation);
  g_test_add_func ("/rekey/keyfile/huge-limits", test_huge_limits);
  g_test_add_func ("/rekey/old/v1-fixture", test_v1_fixture);
  g_test_add_func ("/rekey/nfc/cli", test_nfc_cli);

  return g_test_run ();
}
