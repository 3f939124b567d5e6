/* test-async.c — the worker-thread versions of the calls a window waits on
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "daybook-error.h"
#include "daybook-test-util.h"

/* Each test runs its calls on its own pushed main context, and compares
 * what an _async/_finish pair gives with what the blocking call gives. */

typedef struct
{
  char *dir;     /* the diary */
  char *scratch; /* backups, bundles, exports */
  DaybookDiary *diary;
  GMainContext *context;
  GAsyncResult *result;
} AsyncFixture;

static void
async_setup (AsyncFixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
  f->scratch = daybook_test_make_tmpdir ();
  f->diary = daybook_test_open (f->dir);
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
}

static void
async_teardown (AsyncFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  g_clear_object (&f->result);
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
  if (f->diary != NULL)
    daybook_diary_close (f->diary);
  g_clear_object (&f->diary);
  daybook_test_rm_rf (parent);
  daybook_test_rm_rf (f->scratch);
  g_free (f->dir);
  g_free (f->scratch);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncFixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

/* Runs the fixture's context until the call started last has finished. */
static GAsyncResult *
wait_for_result (AsyncFixture *f)
{
  g_clear_object (&f->result);
  while (f->result == NULL)
    g_main_context_iteration (f->context, TRUE);
  return f->result;
}

/* ---- keys --------------------------------------------------------------- */

static void
test_new_recovery_code (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) old_code = daybook_test_secret (daybook_test_recovery_code ());
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_new_recovery_code_async (f->diary, NULL, done_cb, f);
  g_assert_null (f->result);
  code = daybook_diary_new_recovery_code_finish (f->diary, wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  daybook_diary_close (f->diary);

  /* As with daybook_diary_new_recovery_code(): the new code opens the
   * diary, the old one no longer does. */
  reopened = daybook_diary_open_with_recovery_code (f->dir, old_code, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_assert_null (reopened);
  g_clear_error (&error);
  reopened = daybook_diary_open_with_recovery_code (f->dir, code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

static void
test_new_recovery_code_closed (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) sync_error = NULL;
  g_autoptr (DaybookSecret) code = NULL;

  daybook_diary_close (f->diary);
  g_assert_null (daybook_diary_new_recovery_code (f->diary, &sync_error));
  g_assert_nonnull (sync_error);

  daybook_diary_new_recovery_code_async (f->diary, NULL, done_cb, f);
  code = daybook_diary_new_recovery_code_finish (f->diary, wait_for_result (f), &error);
  g_assert_null (code);
  g_assert_error (error, sync_error->domain, sync_error->code);
  g_assert_cmpstr (error->message, ==, sync_error->message);
}

static void
test_change_passphrase (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) current = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("a new passphrase, typed twice");
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_change_passphrase_async (f->diary, current, newpass, NULL, done_cb, f);
  g_assert_true (daybook_diary_change_passphrase_finish (f->diary, wait_for_result (f), &error));
  g_assert_no_error (error);
  daybook_diary_close (f->diary);

  reopened = daybook_diary_open (f->dir, current, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_assert_null (reopened);
  g_clear_error (&error);
  reopened = daybook_diary_open (f->dir, newpass, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

static void
test_change_passphrase_wrong (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) wrong = daybook_test_secret ("not the passphrase");
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("a new passphrase, typed twice");
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_change_passphrase_async (f->diary, wrong, newpass, NULL, done_cb, f);
  g_assert_false (daybook_diary_change_passphrase_finish (f->diary, wait_for_result (f), &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  daybook_diary_close (f->diary);

  /* Nothing changed. */
  reopened = daybook_test_open (f->dir);
  g_assert_nonnull (reopened);
}

static void
test_recover (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) code = daybook_test_secret (daybook_test_recovery_code ());
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("remembered at last");
  g_autoptr (DaybookDiary) recovered = NULL;
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_close (f->diary);
  daybook_diary_recover_async (f->dir, code, newpass, NULL, done_cb, f);
  recovered = daybook_diary_recover_finish (wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (DAYBOOK_IS_DIARY (recovered));
  g_assert_true (daybook_diary_is_open (recovered));
  daybook_diary_close (recovered);

  reopened = daybook_diary_open (f->dir, newpass, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

static void
test_recover_wrong_code (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) code = daybook_test_secret ("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF");
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("remembered at last");

  daybook_diary_close (f->diary);
  daybook_diary_recover_async (f->dir, code, newpass, NULL, done_cb, f);
  g_assert_null (daybook_diary_recover_finish (wait_for_result (f), &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AsyncFixture, NULL, async_setup, fn, async_teardown)

  ADD ("/async/keys/new-recovery-code", test_new_recovery_code);
  ADD ("/async/keys/new-recovery-code-closed", test_new_recovery_code_closed);
  ADD ("/async/keys/change-passphrase", test_change_passphrase);
  ADD ("/async/keys/change-passphrase-wrong", test_change_passphrase_wrong);
  ADD ("/async/keys/recover", test_recover);
  ADD ("/async/keys/recover-wrong-code", test_recover_wrong_code);

  return g_test_run ();
}
