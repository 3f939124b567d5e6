/* test-safety.c — quick hide, auto-lock, the clipboard, process hardening
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb and dbus-run-session. The window is driven through its
 * actions, real pointer motion (xdotool) and real D-Bus signals; what was
 * saved is checked by opening the diary again through the core.
 */

#include "config.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "daybook-application.h"
#include "daybook-autolock.h"
#include "daybook-clipboard.h"
#include "daybook-diary.h"
#include "daybook-hardening.h"
#include "daybook-main-view.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

#define PASSPHRASE "correct horse battery staple"

static DaybookApplication *app;

typedef struct
{
  char *tmp;
  char *dir;
  DaybookDiary *diary;
  DaybookWindow *window;
} Fixture;

/* Helpers */

static gboolean
wait_until_locked (Fixture *f, guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (daybook_window_get_diary (f->window) == NULL)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return daybook_window_get_diary (f->window) == NULL;
}

static GtkWidget *
editor (Fixture *f)
{
  DaybookMainView *view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"));

  return daybook_main_view_get_page (view, "editor");
}

/* A new entry, typed but not saved by hand. */
static void
start_entry (Fixture *f, const char *title)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  daybook_test_set_text (editor (f), "title_row", title);
  daybook_test_set_text (editor (f), "narrative_view", "Words that must not be lost.");
}

static void
unlock_window (Fixture *f)
{
  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, f->diary);
}

static void
assert_locked (Fixture *f)
{
  GtkWidget *unlock = daybook_window_get_page (f->window, "unlock");

  g_assert_null (daybook_window_get_diary (f->window));
  g_assert_false (daybook_diary_is_open (f->diary));
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (daybook_test_need (unlock, "entry"))), ==,
                   "");
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (daybook_test_need (editor (f), "title_row"))), ==, "");
}

/* Opens the diary again the way the next unlock would. */
static void
assert_saved (Fixture *f, gint64 number, const char *title)
{
  g_autoptr (DaybookSecret) secret = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookIncident) incident = NULL;
  g_autoptr (GError) error = NULL;

  diary = daybook_diary_open (f->dir, secret, &error);
  g_assert_no_error (error);
  incident = daybook_diary_get_incident (diary, number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (incident), ==, title);
  g_assert_cmpstr (daybook_incident_get_narrative (incident), ==, "Words that must not be lost.");
  daybook_diary_close (diary);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static char *
read_text (GdkClipboard *clipboard)
{
  g_autoptr (GAsyncResult) result = NULL;

  gdk_clipboard_read_text_async (clipboard, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gdk_clipboard_read_text_finish (clipboard, result, NULL);
}

static void
copy_title (Fixture *f, const char *title)
{
  GtkWidget *text
      = daybook_test_find_type (daybook_test_need (editor (f), "title_row"), GTK_TYPE_TEXT);

  g_assert_nonnull (text);
  gtk_editable_set_text (GTK_EDITABLE (text), title);
  gtk_editable_select_region (GTK_EDITABLE (text), 0, -1);
  gtk_widget_activate_action (text, "clipboard.copy", NULL);
  daybook_test_spin (50);
}

static void
wait_result (GAsyncResult **result, const char *what)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  if (*result == NULL)
    g_test_message ("Nothing came back at %s", what);
  g_assert_nonnull (*result);
}

/* The bytes @clipboard holds as @mime, read the way another program reads
 * them; NULL when it offers nothing of that type. */
static GBytes *
read_bytes (GdkClipboard *clipboard, const char *mime)
{
  const char *mimes[] = { mime, NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) spliced = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GOutputStream) out = NULL;
  g_autoptr (GError) error = NULL;

  gdk_clipboard_read_async (clipboard, mimes, G_PRIORITY_DEFAULT, NULL, store_result_cb, &result);
  wait_result (&result, G_STRLOC);
  stream = gdk_clipboard_read_finish (clipboard, result, NULL, &error);
  if (stream == NULL)
    return NULL;
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (
      out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
      G_PRIORITY_DEFAULT, NULL, store_result_cb, &spliced);
  wait_result (&spliced, G_STRLOC);
  g_assert_cmpint (g_output_stream_splice_finish (out, spliced, &error), >=, 0);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
read_text_waiting (GdkClipboard *clipboard)
{
  g_autoptr (GAsyncResult) result = NULL;

  gdk_clipboard_read_text_async (clipboard, NULL, store_result_cb, &result);
  wait_result (&result, G_STRLOC);
  return gdk_clipboard_read_text_finish (clipboard, result, NULL);
}

static gboolean
offers_hint (gpointer clipboard)
{
  return gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard),
                                                DAYBOOK_CLIPBOARD_HINT_TYPE);
}

/* @clipboard holds @text, with the hint clipboard managers read. */
static void
assert_secret (GdkClipboard *clipboard, const char *text)
{
  g_autoptr (GBytes) hint = NULL;
  g_autofree char *copied = NULL;

  g_assert_true (offers_hint (clipboard));
  copied = read_text_waiting (clipboard);
  g_assert_cmpstr (copied, ==, text);
  hint = read_bytes (clipboard, DAYBOOK_CLIPBOARD_HINT_TYPE);
  g_assert_nonnull (hint);
  g_assert_cmpmem (g_bytes_get_data (hint, NULL), g_bytes_get_size (hint), "secret", 6);
}

static gboolean
is_remote (gpointer clipboard)
{
  return !gdk_clipboard_is_local (clipboard);
}

static void
clear_clipboard (GdkClipboard *clipboard)
{
  gdk_clipboard_set_content (clipboard, NULL);
  g_assert_null (gdk_clipboard_get_content (clipboard));
  /* X11 then reports the clipboard as nobody's; let that news arrive
   * before the next copy, or it would hide the copy. */
  daybook_test_wait_for (is_remote, clipboard, "the emptied clipboard");
}
static gboolean
move_pointer (int x, int y)
{
  g_autofree char *cmd = g_strdup_printf ("xdotool mousemove --sync %d %d", x, y);
  int status = -1;

  return g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL) && status == 0;
}

/* Fixture */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) secret = daybook_test_secret (PASSPHRASE);
  g_autoptr (GError) error = NULL;

  f->tmp = daybook_test_make_tmpdir ();
  f->dir = g_build_filename (f->tmp, "diary", NULL);
  f->diary = daybook_diary_create (f->dir, secret, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_autolock_set_test_timeout (0);
  daybook_clipboard_set_test_delay (0);
  daybook_test_window_destroy (&f->window);
  g_clear_object (&f->diary);
  daybook_test_rm_rf (f->tmp);
  g_free (f->dir);
  g_free (f->tmp);
}

/* Tests */

static void
test_quick_hide (Fixture *f, gconstpointer data)
{
  g_auto (GStrv) accels = NULL;
  GdkModifierType mods;
  GtkWindow *about;
  guint key;
  gint64 number;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quick-hide");
  g_assert_nonnull (accels[0]);
  g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
  g_assert_cmpuint (key, ==, GDK_KEY_h);
  g_assert_cmpuint (mods, ==, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  unlock_window (f);
  start_entry (f, "Typed before hiding");
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  daybook_test_spin (100);
  about = NULL;
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_ABOUT_WINDOW (l->data))
      about = l->data;
  g_assert_nonnull (about);
  g_object_add_weak_pointer (G_OBJECT (about), (gpointer *)&about);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quick-hide", NULL);

  /* Locked and gone from the screen, dialogs and all, at once. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  assert_locked (f);
  daybook_test_spin (100);
  g_assert_null (about);

  /* Launching Daybook again shows the unlock page, nothing else. */
  g_application_activate (G_APPLICATION (app));
  daybook_test_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  assert_locked (f);

  number = 1;
  assert_saved (f, number, "Typed before hiding");
}

static void
test_autolock_idle (Fixture *f, gconstpointer data)
{
  daybook_autolock_set_test_timeout (2);
  unlock_window (f);
  start_entry (f, "Left half written");

  /* Input keeps it open past the idle time (xdotool: install-deps has it,
   * and move_pointer() fails without it). */
  for (guint i = 0; i < 8; i++)
    {
      g_assert_true (move_pointer (200 + 10 * (i % 2), 200));
      daybook_test_spin (400);
    }
  g_assert_nonnull (daybook_window_get_diary (f->window));

  /* Then nothing: it locks by itself, and what was typed is kept. */
  g_assert_true (wait_until_locked (f, 5000));
  assert_locked (f);
  assert_saved (f, 1, "Left half written");
}

static void
test_autolock_minutes (void)
{
  g_assert_cmpuint (daybook_autolock_parse_minutes (NULL), ==, DAYBOOK_AUTOLOCK_DEFAULT_MINUTES);
  g_assert_cmpuint (daybook_autolock_parse_minutes (""), ==, DAYBOOK_AUTOLOCK_DEFAULT_MINUTES);
  g_assert_cmpuint (daybook_autolock_parse_minutes ("0"), ==, 0);
  g_assert_cmpuint (daybook_autolock_parse_minutes (" 12 "), ==, 12);
  g_assert_cmpuint (daybook_autolock_parse_minutes ("-3"), ==, DAYBOOK_AUTOLOCK_DEFAULT_MINUTES);
  g_assert_cmpuint (daybook_autolock_parse_minutes ("soon"), ==, DAYBOOK_AUTOLOCK_DEFAULT_MINUTES);
  g_assert_cmpuint (daybook_autolock_parse_minutes ("99999"), ==, DAYBOOK_AUTOLOCK_DEFAULT_MINUTES);
}

static void
test_autolock_screensaver (Fixture *f, gconstpointer data)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  g_autoptr (GError) error = NULL;

  /* Every window test runs in a D-Bus session of its own (run-isolated.sh). */
  g_assert_nonnull (bus);

  unlock_window (f);
  start_entry (f, "Typed before the screen locked");

  /* The screen saver going off is no reason. */
  g_dbus_connection_emit_signal (bus, NULL, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                                 "ActiveChanged", g_variant_new ("(b)", FALSE), &error);
  g_assert_no_error (error);
  g_assert_false (wait_until_locked (f, 500));

  g_dbus_connection_emit_signal (bus, NULL, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                                 "ActiveChanged", g_variant_new ("(b)", TRUE), &error);
  g_assert_no_error (error);
  g_assert_true (wait_until_locked (f, 5000));
  assert_locked (f);
  assert_saved (f, 1, "Typed before the screen locked");
}

static void
test_clipboard (Fixture *f, gconstpointer data)
{
  GdkDisplay *display = gdk_display_get_default ();
  GdkClipboard *clipboard = gdk_display_get_clipboard (display);
  GdkClipboard *primary = gdk_display_get_primary_clipboard (display);
  g_autofree char *copied = NULL;
  g_autofree char *later = NULL;
  g_autofree char *newer = NULL;

  daybook_clipboard_set_test_delay (1000);
  unlock_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);

  copy_title (f, "He was at the school gate");
  g_assert_true (gdk_clipboard_is_local (clipboard));
  copied = read_text (clipboard);
  g_assert_cmpstr (copied, ==, "He was at the school gate");

  /* A newer copy starts the wait again. */
  daybook_test_spin (600);
  copy_title (f, "Then at the bus stop");
  daybook_test_spin (600);
  newer = read_text (clipboard);
  g_assert_cmpstr (newer, ==, "Then at the bus stop");

  /* Then it is taken off, the selection for middle-click paste too. */
  daybook_test_spin (900);
  later = read_text (clipboard);
  g_assert_null (later);
  g_assert_null (gdk_clipboard_get_content (clipboard));
  g_assert_null (gdk_clipboard_get_content (primary));

  /* Locking takes it off at once. */
  daybook_clipboard_set_test_delay (60 * 1000);
  copy_title (f, "Copied just before locking");
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_null (gdk_clipboard_get_content (clipboard));
  g_assert_null (gdk_clipboard_get_content (primary));
}

/* Copies and cuts offer the text with x-kde-passwordManagerHint: secret,
 * from every kind of text widget and by every way of copying. */
static void
test_clipboard_hint (Fixture *f, gconstpointer data)
{
  GdkDisplay *display = gdk_display_get_default ();
  GdkClipboard *clipboard = gdk_display_get_clipboard (display);
  GtkWidget *text, *view, *label, *password, *password_text;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *left = NULL;

  daybook_clipboard_set_test_delay (60 * 1000);
  unlock_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  text = daybook_test_find_type (daybook_test_need (editor (f), "title_row"), GTK_TYPE_TEXT);
  view = daybook_test_need (editor (f), "narrative_view");
  g_assert_true (GTK_IS_TEXT_VIEW (view));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  /* An entry: the context menu's Copy (the action), while another widget
   * has the focus, as after a right-click on it. */
  clear_clipboard (clipboard);
  gtk_widget_grab_focus (view);
  copy_title (f, "He was at the school gate");
  g_assert_false (gtk_widget_has_focus (text));
  assert_secret (clipboard, "He was at the school gate");

  /* Ctrl+C (the signal), part of the text. */
  clear_clipboard (clipboard);
  gtk_editable_select_region (GTK_EDITABLE (text), 7, 11);
  g_signal_emit_by_name (text, "copy-clipboard");
  assert_secret (clipboard, "at t");

  /* A text view, both ways. */
  gtk_text_buffer_set_text (buffer, "He followed me home again.", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 3);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 11);
  gtk_text_buffer_select_range (buffer, &start, &end);
  clear_clipboard (clipboard);
  g_assert_true (gtk_widget_activate_action (view, "clipboard.copy", NULL));
  assert_secret (clipboard, "followed");
  clear_clipboard (clipboard);
  g_signal_emit_by_name (view, "copy-clipboard");
  assert_secret (clipboard, "followed");

  /* Cut takes the selection out, and offers it the same way. */
  clear_clipboard (clipboard);
  g_signal_emit_by_name (view, "cut-clipboard");
  assert_secret (clipboard, "followed");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  left = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (left, ==, "He  me home again.");
  gtk_editable_set_text (GTK_EDITABLE (text), "Outside the house");
  gtk_editable_select_region (GTK_EDITABLE (text), 0, 8);
  clear_clipboard (clipboard);
  g_assert_true (gtk_widget_activate_action (text, "clipboard.cut", NULL));
  assert_secret (clipboard, "Outside ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (text)), ==, "the house");

  /* A selectable label. */
  label = gtk_label_new ("Case number 4471");
  g_object_ref_sink (label);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_select_region (GTK_LABEL (label), 12, 16);
  clear_clipboard (clipboard);
  g_signal_emit_by_name (label, "copy-clipboard");
  assert_secret (clipboard, "4471");
  g_object_unref (label);

  /* A hidden password is neither copied nor cut. */
  password = gtk_password_entry_new ();
  g_object_ref_sink (password);
  password_text = daybook_test_find_type (password, GTK_TYPE_TEXT);
  g_assert_nonnull (password_text);
  gtk_editable_set_text (GTK_EDITABLE (password), "correct horse");
  gtk_editable_select_region (GTK_EDITABLE (password_text), 0, -1);
  clear_clipboard (clipboard);
  g_signal_emit_by_name (password_text, "copy-clipboard");
  gtk_widget_activate_action (password_text, "clipboard.copy", NULL);
  g_signal_emit_by_name (password_text, "cut-clipboard");
  daybook_test_spin (50);
  g_assert_null (gdk_clipboard_get_content (clipboard));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "correct horse");
  g_object_unref (password);

  /* Still taken off after the delay. */
  daybook_clipboard_set_test_delay (300);
  copy_title (f, "the house");
  g_assert_true (offers_hint (clipboard));
  daybook_test_spin (600);
  g_assert_null (gdk_clipboard_get_content (clipboard));
}

/* Asks for the clipboard as @target over a connection of its own to the
 * X server, the way a clipboard manager (Klipper, written with Qt) does,
 * while Daybook's side answers in this process's main loop. Returns the
 * property's bytes (for TARGETS: the atoms' names, one a line), or NULL
 * when the owner refused the target. */
static char *
x_read_clipboard (const char *target)
{
  Display *x = XOpenDisplay (NULL);
  Window window;
  Atom clipboard, wanted, property, type;
  XEvent event = { 0 };
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean answered = FALSE;
  unsigned char *data = NULL;
  unsigned long items = 0, after = 0;
  int format = 0;
  char *out = NULL;

  g_assert_nonnull (x);
  window = XCreateSimpleWindow (x, DefaultRootWindow (x), 0, 0, 1, 1, 0, 0, 0);
  clipboard = XInternAtom (x, "CLIPBOARD", False);
  wanted = XInternAtom (x, target, False);
  property = XInternAtom (x, "DAYBOOK_TEST_READ", False);
  XConvertSelection (x, clipboard, wanted, property, window, CurrentTime);
  XFlush (x);
  while (!answered && g_get_monotonic_time () < until)
    {
      while (!answered && XPending (x) > 0)
        {
          XNextEvent (x, &event);
          answered = event.type == SelectionNotify;
        }
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (answered);
  if (event.xselection.property != None
      && XGetWindowProperty (x, window, property, 0, 1 << 16, True, AnyPropertyType, &type, &format,
                             &items, &after, &data)
             == Success
      && data != NULL)
    {
      if (type == XA_ATOM && format == 32)
        {
          GString *names = g_string_new (NULL);

          for (unsigned long i = 0; i < items; i++)
            {
              char *name = XGetAtomName (x, ((Atom *)data)[i]);

              g_string_append_printf (names, "%s\n", name);
              XFree (name);
            }
          out = g_string_free (names, FALSE);
        }
      else
        {
          g_assert_cmpint (format, ==, 8);
          out = g_strndup ((const char *)data, items);
        }
    }
  if (data != NULL)
    XFree (data);
  XDestroyWindow (x, window);
  XCloseDisplay (x);
  return out;
}

/* What another program (a clipboard manager) sees over the display
 * server, not only inside Daybook. */
static void
test_clipboard_hint_outside (Fixture *f, gconstpointer data)
{
  g_autofree char *targets = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *text = NULL;
  g_autofree char *none = NULL;

  daybook_clipboard_set_test_delay (60 * 1000);
  unlock_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  copy_title (f, "Seen from outside");
  g_assert_true (gdk_clipboard_is_local (gdk_display_get_clipboard (gdk_display_get_default ())));

  targets = x_read_clipboard ("TARGETS");
  g_assert_nonnull (targets);
  g_test_message ("Offered: %s", targets);
  g_assert_nonnull (strstr (targets, "\n" DAYBOOK_CLIPBOARD_HINT_TYPE "\n"));
  g_assert_nonnull (strstr (targets, "\nUTF8_STRING\n"));
  /* GTK 4.8 lists the hint but refuses its value to other programs (see
   * daybook-clipboard.c), as the README says. When this fails, GTK hands
   * it out: check it is "secret" and correct the README. */
  hint = x_read_clipboard (DAYBOOK_CLIPBOARD_HINT_TYPE);
  g_assert_null (hint);
  text = x_read_clipboard ("UTF8_STRING");
  g_assert_cmpstr (text, ==, "Seen from outside");

  /* After the delay nothing is offered any more. */
  daybook_clipboard_set_test_delay (200);
  copy_title (f, "Gone soon");
  daybook_test_spin (500);
  none = x_read_clipboard ("UTF8_STRING");
  g_assert_null (none);
}

static void
test_hardening (void)
{
  struct rlimit limit;

  g_unsetenv ("FLATPAK_ID");
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Inside Flatpak hardening is left to the sandbox");
      return;
    }

  g_assert_true (daybook_harden_process ());
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
  g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
  g_assert_cmpuint (limit.rlim_cur, ==, 0);
  g_assert_cmpuint (limit.rlim_max, ==, 0);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  app = daybook_test_application_new ();

  g_test_add ("/ui/safety/quick-hide", Fixture, NULL, fixture_setup, test_quick_hide,
              fixture_teardown);
  g_test_add ("/ui/safety/autolock/idle", Fixture, NULL, fixture_setup, test_autolock_idle,
              fixture_teardown);
  g_test_add_func ("/ui/safety/autolock/minutes", test_autolock_minutes);
  g_test_add ("/ui/safety/autolock/screensaver", Fixture, NULL, fixture_setup,
              test_autolock_screensaver, fixture_teardown);
  g_test_add ("/ui/safety/clipboard", Fixture, NULL, fixture_setup, test_clipboard,
              fixture_teardown);
  g_test_add ("/ui/safety/clipboard/hint", Fixture, NULL, fixture_setup, test_clipboard_hint,
              fixture_teardown);
  g_test_add ("/ui/safety/clipboard/hint-outside", Fixture, NULL, fixture_setup,
              test_clipboard_hint_outside, fixture_teardown);
  /* Last: the test process stays non-dumpable afterwards. */
  g_test_add_func ("/ui/safety/hardening/in-process", test_hardening);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
