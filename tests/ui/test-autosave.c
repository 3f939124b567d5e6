/* test-autosave.c — the editors' save bookkeeping, without a display
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A slow save in a worker thread stands for the diary's. Waiting for it,
 * blocking or not, ends only once it is done and its owner was told; the
 * blocking wait runs no main loop (an idle queued before it has not run
 * when it returns).
 */

#include "config.h"

#include "daybook-autosave.h"

typedef struct
{
  DaybookAutosave *autosave;
  GObject *target;
  GPtrArray *log;      /* what happened, in order (static strings) */
  GObject *last_saved; /* what @saved was given */
  gboolean last_current;
  gboolean restart; /* @save_again starts another save */
  gboolean waited;
} Fixture;

static gint saves_done;

/* Helpers */

/* Worker thread: slow enough that the test reaches its wait first. */
static gboolean
slow_save (GObject *target, GObject *item, GError **error)
{
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  if (g_object_get_data (item, "fail") != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "disk full");
      return FALSE;
    }
  g_object_set_data (item, "number", GINT_TO_POINTER (g_atomic_int_add (&saves_done, 1) + 1));
  return TRUE;
}

static void
saved (gpointer owner, GObject *item, gboolean current)
{
  Fixture *f = owner;

  g_ptr_array_add (f->log, "saved");
  g_set_object (&f->last_saved, item);
  f->last_current = current;
}

static void
failed (gpointer owner, const GError *error)
{
  Fixture *f = owner;

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_ptr_array_add (f->log, "failed");
}

static void
save_again (gpointer owner)
{
  Fixture *f = owner;

  g_ptr_array_add (f->log, "save-again");
  if (f->restart)
    daybook_autosave_start (f->autosave, f->target, g_object_new (G_TYPE_OBJECT, NULL));
}

static const DaybookAutosaveFuncs funcs = { slow_save, saved, failed, save_again };

static void
wait_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_autosave_wait_finish (DAYBOOK_AUTOSAVE (source), result, &error));
  g_assert_no_error (error);
  g_assert_false (daybook_autosave_is_saving (DAYBOOK_AUTOSAVE (source)));
  g_ptr_array_add (f->log, "waited");
  f->waited = TRUE;
}

static gboolean
idle_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
start_save (Fixture *f)
{
  daybook_autosave_mark_dirty (f->autosave);
  daybook_autosave_start (f->autosave, f->target, g_object_new (G_TYPE_OBJECT, NULL));
  g_assert_true (daybook_autosave_is_saving (f->autosave));
}

static void
assert_log (Fixture *f, const char *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (f->log, NULL);
  joined = g_strjoinv (" ", (char **)f->log->pdata);
  g_ptr_array_remove_index (f->log, f->log->len - 1);
  g_assert_cmpstr (joined, ==, expected);
}

/* Fixture */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_atomic_int_set (&saves_done, 0);
  f->autosave = daybook_autosave_new (&funcs, f);
  f->target = g_object_new (G_TYPE_OBJECT, NULL);
  f->log = g_ptr_array_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gpointer autosave = f->autosave;
  gint64 deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;

  /* Every save ends, and lets go. The last reference is a task's, which
   * the worker thread may drop after the callback ran: poll. */
  g_assert_false (daybook_autosave_is_saving (f->autosave));
  g_object_add_weak_pointer (autosave, &autosave);
  g_clear_object (&f->autosave);
  while (g_atomic_pointer_get (&autosave) != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  g_clear_object (&f->last_saved);
  g_assert_finalize_object (f->target);
  g_ptr_array_unref (f->log);
}

/* Tests */

static void
test_wait_async (Fixture *f, gconstpointer data)
{
  start_save (f);
  daybook_autosave_wait_async (f->autosave, NULL, wait_done_cb, f);
  while (!f->waited)
    g_main_context_iteration (NULL, TRUE);

  /* The owner heard of the save before the wait ended. */
  assert_log (f, "saved waited");
  g_assert_cmpint (g_atomic_int_get (&saves_done), ==, 1);
  g_assert_true (f->last_current);
  g_assert_false (daybook_autosave_is_dirty (f->autosave));
  g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (f->last_saved, "number")), ==, 1);
}

static void
test_wait_async_idle (Fixture *f, gconstpointer data)
{
  /* Nothing under way: the wait still ends later, never inside the call. */
  daybook_autosave_wait_async (f->autosave, NULL, wait_done_cb, f);
  g_assert_false (f->waited);
  while (!f->waited)
    g_main_context_iteration (NULL, TRUE);
  assert_log (f, "waited");
}

static void
test_wait_blocking (Fixture *f, gconstpointer data)
{
  gboolean idle_ran = FALSE;

  start_save (f);
  daybook_autosave_wait_async (f->autosave, NULL, wait_done_cb, f);
  g_idle_add (idle_cb, &idle_ran);

  daybook_autosave_wait (f->autosave);
  /* Saved and told, without the main loop: the idle has not run, and the
   * waiter hears only once the main loop runs again. */
  g_assert_cmpint (g_atomic_int_get (&saves_done), ==, 1);
  g_assert_false (daybook_autosave_is_saving (f->autosave));
  g_assert_false (idle_ran);
  assert_log (f, "saved");

  while (!f->waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (idle_ran);
  assert_log (f, "saved waited");
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *)data)++;
}

/* What a Save button follows: ::notify::dirty once per change, and
 * clean after a save that covered every edit. */
static void
test_dirty_notify (Fixture *f, gconstpointer data)
{
  guint notified = 0;
  gboolean dirty = TRUE;

  g_signal_connect (f->autosave, "notify::dirty", G_CALLBACK (count_notify_cb), &notified);
  start_save (f);
  g_assert_cmpuint (notified, ==, 1);
  daybook_autosave_mark_dirty (f->autosave); /* already dirty: no change */
  g_assert_cmpuint (notified, ==, 1);
  daybook_autosave_wait (f->autosave);
  /* Typed meanwhile: still dirty, nothing to tell. */
  g_assert_cmpuint (notified, ==, 1);
  daybook_autosave_start (f->autosave, f->target, g_object_new (G_TYPE_OBJECT, NULL));
  daybook_autosave_wait (f->autosave);
  g_assert_cmpuint (notified, ==, 2);
  g_object_get (f->autosave, "dirty", &dirty, NULL);
  g_assert_false (dirty);
  daybook_autosave_mark_dirty (f->autosave);
  daybook_autosave_mark_clean (f->autosave);
  g_assert_cmpuint (notified, ==, 4);
}

static void
test_typed_meanwhile (Fixture *f, gconstpointer data)
{
  start_save (f);
  daybook_autosave_mark_dirty (f->autosave);
  daybook_autosave_wait (f->autosave);
  assert_log (f, "saved");
  g_assert_false (f->last_current);
  g_assert_true (daybook_autosave_is_dirty (f->autosave));
}

static void
test_save_again (Fixture *f, gconstpointer data)
{
  f->restart = TRUE;
  start_save (f);
  daybook_autosave_mark_dirty (f->autosave);
  g_assert_true (daybook_autosave_save_again_later (f->autosave));
  /* One save at a time: the second starts when the first is done, and a
   * blocking wait waits for both. */
  daybook_autosave_wait (f->autosave);
  assert_log (f, "saved save-again saved");
  g_assert_cmpint (g_atomic_int_get (&saves_done), ==, 2);
  g_assert_true (f->last_current);
  g_assert_false (daybook_autosave_is_dirty (f->autosave));
  g_assert_false (daybook_autosave_save_again_later (f->autosave));
}

static void
test_forget (Fixture *f, gconstpointer data)
{
  start_save (f);
  daybook_autosave_forget (f->autosave);
  daybook_autosave_wait (f->autosave);
  /* Saved all the same, but the owner is not told. */
  g_assert_cmpint (g_atomic_int_get (&saves_done), ==, 1);
  assert_log (f, "");
}

static void
test_disown (Fixture *f, gconstpointer data)
{
  start_save (f);
  daybook_autosave_mark_dirty (f->autosave);
  g_assert_true (daybook_autosave_save_again_later (f->autosave));
  /* The owner went away: not even the save asked for again is started. */
  daybook_autosave_disown (f->autosave);
  daybook_autosave_wait (f->autosave);
  g_assert_cmpint (g_atomic_int_get (&saves_done), ==, 1);
  assert_log (f, "");
}

static void
test_failed (Fixture *f, gconstpointer data)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (item, "fail", GINT_TO_POINTER (TRUE));
  daybook_autosave_mark_dirty (f->autosave);
  daybook_autosave_start (f->autosave, f->target, item);
  daybook_autosave_wait_async (f->autosave, NULL, wait_done_cb, f);
  while (!f->waited)
    g_main_context_iteration (NULL, TRUE);
  assert_log (f, "failed waited");
  g_assert_true (daybook_autosave_is_dirty (f->autosave));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ui/autosave/wait-async", Fixture, NULL, fixture_setup, test_wait_async,
              fixture_teardown);
  g_test_add ("/ui/autosave/wait-async/nothing-under-way", Fixture, NULL, fixture_setup,
              test_wait_async_idle, fixture_teardown);
  g_test_add ("/ui/autosave/wait-blocking", Fixture, NULL, fixture_setup, test_wait_blocking,
              fixture_teardown);
  g_test_add ("/ui/autosave/typed-meanwhile", Fixture, NULL, fixture_setup, test_typed_meanwhile,
              fixture_teardown);
  g_test_add ("/ui/autosave/dirty-notify", Fixture, NULL, fixture_setup, test_dirty_notify,
              fixture_teardown);
  g_test_add ("/ui/autosave/save-again", Fixture, NULL, fixture_setup, test_save_again,
              fixture_teardown);
  g_test_add ("/ui/autosave/forget", Fixture, NULL, fixture_setup, test_forget, fixture_teardown);
  g_test_add ("/ui/autosave/disown", Fixture, NULL, fixture_setup, test_disown, fixture_teardown);
  g_test_add ("/ui/autosave/failed", Fixture, NULL, fixture_setup, test_failed, fixture_teardown);

  return g_test_run ();
}
