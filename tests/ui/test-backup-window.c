/* test-backup-window.c — backups, restore, passphrase and recovery code
 * through the window
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. One template diary (three entries) and one backup of it
 * are made once; each test copies them. What the window did is checked
 * through the core and daybook-cli.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "daybook-application.h"
#include "daybook-attachment.h"
#include "daybook-backup-page.h"
#include "daybook-backup-util.h"
#include "daybook-backup.h"
#include "daybook-demo.h"
#include "daybook-diary.h"
#include "daybook-error.h"
#include "daybook-incident-editor.h"
#include "daybook-main-view.h"
#include "daybook-person-editor.h"
#include "daybook-passphrase-dialog.h"
#include "daybook-restore-dialog.h"
#include "daybook-security-group.h"
#include "daybook-timeline.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

#define PASSPHRASE "correct horse battery staple"
#define NEW_PASSPHRASE "a quite different sentence to remember"

static DaybookApplication *app;
static const char *cli;
static char *template_tmp;
static char *template_dir;
static char *template_backup;
static char *template_code;

typedef struct
{
  char *tmp;
  char *dir;
  DaybookWindow *window;
} Fixture;

/* Helpers */

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data))
         && *gtk_label_get_text (GTK_LABEL (data)) != '\0';
}

static gboolean
backup_idle (gpointer data)
{
  return !daybook_backup_page_get_busy (DAYBOOK_BACKUP_PAGE (data));
}

static gboolean
code_shown (gpointer data)
{
  GtkWindow *w = daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return w != NULL && daybook_test_find_css (GTK_WIDGET (w), "daybook-code") != NULL;
}

static void
run (const char *cmd)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  g_autoptr (GError) error = NULL;

  g_spawn_command_line_sync (cmd, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", cmd, err);
}

static void
copy_template (Fixture *f)
{
  g_autofree char *cmd = g_strdup_printf ("cp -a '%s' '%s'", template_dir, f->dir);

  run (cmd);
}

/* Opens the copied template the way unlocking does, without the page. */
static void
open_unlocked (Fixture *f)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  copy_template (f);
  f->window = daybook_test_window_new (app, f->dir);
  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_no_error (error);
  daybook_test_window_unlocked (f->window, diary);
}

static GtkWindow *
open_preferences (Fixture *f)
{
  GtkWindow *prefs;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL);
  daybook_test_spin (50);
  prefs = daybook_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  return prefs;
}

/* Whether @pass opens the diary in @dir, through the core. */
static gboolean
opens_with (const char *dir, const char *pass, DaybookSlotKind kind)
{
  g_autoptr (DaybookSecret) s = daybook_test_secret (pass);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  diary = kind == DAYBOOK_SLOT_RECOVERY ? daybook_diary_open_with_recovery_code (dir, s, &error)
                                        : daybook_diary_open (dir, s, &error);
  if (diary == NULL)
    {
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
      return FALSE;
    }
  daybook_diary_close (diary);
  return TRUE;
}

static guint
count_entries (const char *dir, const char *pass)
{
  g_autoptr (DaybookSecret) s = daybook_test_secret (pass);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  diary = daybook_diary_open (dir, s, &error);
  g_assert_no_error (error);
  n = daybook_diary_count_incidents (diary);
  daybook_diary_close (diary);
  return n;
}

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
}

/* Fixture */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tmp = daybook_test_make_tmpdir ();
  f->dir = g_build_filename (f->tmp, "diary", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  GtkWindow *w;

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  while ((w = daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (w);
  daybook_test_spin (50);
  daybook_test_rm_rf (f->tmp);
  g_free (f->dir);
  g_free (f->tmp);
}

static void
make_template (void)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  template_tmp = daybook_test_make_tmpdir ();
  template_dir = g_build_filename (template_tmp, "diary", NULL);
  template_backup = g_build_filename (template_tmp, "template.dbk", NULL);

  diary = daybook_diary_create (template_dir, pass, &code, &error);
  g_assert_no_error (error);
  template_code
      = g_strndup ((const char *)daybook_secret_peek (code), daybook_secret_get_size (code));
  g_assert_true (daybook_demo_fill (diary, 3, 1, &error));
  g_assert_true (daybook_diary_backup (diary, template_backup, FALSE, NULL, &error));
  daybook_diary_close (diary);
}

/* Tests */

static void
test_util (void)
{
  g_autofree char *tmp = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "diary", NULL);
  g_autofree char *restored = g_strconcat (dir, "-restored", NULL);
  g_autofree char *restored2 = g_strconcat (dir, "-restored-2", NULL);
  g_autofree char *file = g_build_filename (dir, "keys", NULL);
  g_autofree char *inside = g_build_filename (restored, "x", NULL);
  g_autofree char *r = NULL;
  gint64 day = 24 * 60 * 60, now = 1800000000;

  /* No backup yet: counted from when the diary was made. */
  g_assert_false (daybook_backup_reminder_due (NULL, NULL, now - 6 * day, now));
  g_assert_true (daybook_backup_reminder_due (NULL, NULL, now - 7 * day, now));
  g_assert_false (daybook_backup_reminder_due ("", "0", now - 70 * day, now));
  g_assert_true (daybook_backup_reminder_due ("1700000000", "3", 1, now));
  g_assert_false (daybook_backup_reminder_due ("1799999000", "3", 1, now));
  g_assert_cmpuint (daybook_setting_to_uint ("12", 10), ==, 12);
  g_assert_cmpuint (daybook_setting_to_uint ("twelve", 10), ==, 10);
  g_assert_cmpuint (daybook_setting_to_uint (NULL, 10), ==, 10);

  /* Absent or empty: there; otherwise beside it, never over it. */
  r = daybook_restore_default_dir (dir);
  g_assert_cmpstr (r, ==, dir);
  g_clear_pointer (&r, g_free);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  r = daybook_restore_default_dir (dir);
  g_assert_cmpstr (r, ==, dir);
  g_clear_pointer (&r, g_free);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  r = daybook_restore_default_dir (dir);
  g_assert_cmpstr (r, ==, restored);
  g_clear_pointer (&r, g_free);
  g_assert_cmpint (g_mkdir (restored, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", 1, NULL));
  r = daybook_restore_default_dir (dir);
  g_assert_cmpstr (r, ==, restored2);

  daybook_test_rm_rf (tmp);
}

static void
test_back_up_now (Fixture *f, gconstpointer data)
{
  g_autofree char *usb = g_build_filename (f->tmp, "usb", NULL);
  g_autofree char *missing = g_build_filename (f->tmp, "unplugged", NULL);
  g_autofree char *restored = g_build_filename (f->tmp, "restored", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *last = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autofree char *backup = NULL;
  const char *name;
  GtkWindow *prefs;
  GtkWidget *page, *error_label;

  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  open_unlocked (f);
  prefs = open_preferences (f);
  page = daybook_test_find_type (GTK_WIDGET (prefs), DAYBOOK_TYPE_BACKUP_PAGE);
  g_assert_nonnull (page);
  error_label = daybook_test_need (page, "error_label");

  /* Nothing to back up to yet. */
  g_assert_false (gtk_widget_is_sensitive (daybook_test_need (page, "back_up_button")));

  /* The USB stick is not there: one clear sentence. */
  daybook_backup_page_set_folder (DAYBOOK_BACKUP_PAGE (page), missing);
  gtk_widget_activate_action (page, "backup.back-up-now", NULL);
  daybook_test_wait_for (backup_idle, page, "the backup");
  g_assert_true (label_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "USB stick"));

  daybook_backup_page_set_folder (DAYBOOK_BACKUP_PAGE (page), usb);
  g_assert_false (gtk_widget_get_visible (error_label));
  gtk_widget_activate_action (page, "backup.back-up-now", NULL);
  g_assert_true (daybook_backup_page_get_busy (DAYBOOK_BACKUP_PAGE (page)));
  daybook_test_wait_for (backup_idle, page, "the backup");
  g_assert_false (gtk_widget_get_visible (error_label));

  /* The folder and the time are remembered in the diary. */
  last = daybook_diary_dup_setting (daybook_window_get_diary (f->window),
                                    DAYBOOK_SETTING_LAST_BACKUP);
  g_assert_nonnull (last);
  g_assert_cmpint (g_ascii_strtoll (last, NULL, 10), >, 0);
  g_free (last);
  last = daybook_diary_dup_setting (daybook_window_get_diary (f->window),
                                    DAYBOOK_SETTING_BACKUP_FOLDER);
  g_assert_cmpstr (last, ==, usb);

  dir = g_dir_open (usb, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_null (backup);
      /* A neutral name: the date and time, nothing about the app. */
      g_assert_cmpuint (strlen (name), ==, strlen ("2026-01-01-000000.bak"));
      g_assert_true (g_str_has_suffix (name, ".bak"));
      g_assert_null (strstr (name, "daybook"));
      backup = g_build_filename (usb, name, NULL);
    }
  g_assert_nonnull (backup);

  /* daybook-cli accepts it, and it holds every entry. */
  cmd = g_strdup_printf ("sh -c \"echo '%s' | '%s' --passphrase-fd 0 restore '%s' '%s'\"",
                         PASSPHRASE, cli, backup, restored);
  run (cmd);
  g_assert_cmpuint (count_entries (restored, PASSPHRASE), ==, 3);
}

/* An evidence file deleted outside Daybook: Back Up Now still writes the
 * backup, and the page keeps a sentence naming the exhibit it lacks. */
static void
test_back_up_missing_evidence (Fixture *f, gconstpointer data)
{
  g_autofree char *usb = g_build_filename (f->tmp, "usb", NULL);
  g_autofree char *original = g_build_filename (f->tmp, "note.txt", NULL);
  g_autofree char *evidence = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *text, *name;
  GtkWindow *prefs;
  GtkWidget *page, *error_label;
  guint n = 0;

  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  g_assert_true (g_file_set_contents (original, "what was said at the door", -1, NULL));
  open_unlocked (f);
  attachment = daybook_diary_import_attachment (daybook_window_get_diary (f->window), original, 1,
                                                NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("Exhibit %s (attachment %" G_GINT64_FORMAT ")",
                              daybook_attachment_get_mark (attachment),
                              daybook_attachment_get_id (attachment));
  evidence = g_build_filename (f->dir, "evidence", NULL);
  dir = g_dir_open (evidence, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (evidence, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_clear_pointer (&dir, g_dir_close);

  prefs = open_preferences (f);
  page = daybook_test_find_type (GTK_WIDGET (prefs), DAYBOOK_TYPE_BACKUP_PAGE);
  error_label = daybook_test_need (page, "error_label");
  daybook_backup_page_set_folder (DAYBOOK_BACKUP_PAGE (page), usb);
  gtk_widget_activate_action (page, "backup.back-up-now", NULL);
  daybook_test_wait_for (backup_idle, page, "the backup");

  g_assert_true (gtk_widget_get_visible (error_label));
  text = gtk_label_get_text (GTK_LABEL (error_label));
  g_assert_nonnull (strstr (text, "Backed up to "));
  g_assert_nonnull (strstr (text, expected));
  g_assert_nonnull (strstr (text, "missing from the diary folder"));
  dir = g_dir_open (usb, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 1);
}

static void
test_restore_welcome (Fixture *f, gconstpointer data)
{
  DaybookRestoreDialog *dialog;
  GtkWidget *error_label;

  f->window = daybook_test_window_new (app, f->dir);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "create");
  g_assert_nonnull (
      daybook_test_find_id (daybook_window_get_page (f->window, "create"), "restore_button"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", NULL);
  dialog = DAYBOOK_RESTORE_DIALOG (daybook_test_find_toplevel (DAYBOOK_TYPE_RESTORE_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  /* Nothing is where Daybook looks, so it goes there. */
  g_assert_cmpstr (daybook_restore_dialog_get_folder (dialog), ==, f->dir);
  error_label = daybook_test_need (GTK_WIDGET (dialog), "error_label");

  /* What the backup holds is encrypted: the row says so, and no date or
   * count. */
  daybook_restore_dialog_set_file (dialog, template_backup);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                                daybook_test_need (GTK_WIDGET (dialog), "file_row"))),
                            "show once it is restored"));
  g_assert_null (strstr (adw_action_row_get_subtitle (
                             ADW_ACTION_ROW (daybook_test_need (GTK_WIDGET (dialog), "file_row"))),
                         "entries"));

  /* A wrong passphrase is one sentence and writes nothing. */
  daybook_test_set_text (GTK_WIDGET (dialog), "passphrase_row", "not the passphrase");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL);
  daybook_test_wait_for (label_visible, error_label, "the wrong passphrase message");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "passphrase"));
  g_assert_false (daybook_diary_exists (f->dir));

  daybook_test_set_text (GTK_WIDGET (dialog), "passphrase_row", PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL);
  daybook_test_wait_for (daybook_test_window_is_unlocked, f->window, "the restored diary to open");
  daybook_test_wait_for (is_null, &dialog, "the dialog to close");

  g_assert_cmpuint (daybook_diary_count_incidents (daybook_window_get_diary (f->window)), ==, 3);
  g_assert_cmpstr (daybook_diary_get_dir (daybook_window_get_diary (f->window)), ==, f->dir);
  daybook_window_lock (f->window);
  g_assert_cmpuint (count_entries (f->dir, PASSPHRASE), ==, 3);
}

static void
test_restore_damaged (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);
  g_autofree char *restored = g_strconcat (f->dir, "-restored", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *keys_before = NULL;
  g_autofree char *keys_after = NULL;
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  DaybookRestoreDialog *dialog;
  const char *note;
  gsize len;

  copy_template (f);
  g_assert_true (g_file_get_contents (db, &contents, &len, NULL));
  for (gsize i = 0; i < len; i++)
    contents[i] ^= 0x5a;
  g_assert_true (g_file_set_contents (db, contents, len, NULL));
  before = checksum_file (db);
  keys_before = checksum_file (keys);

  f->window = daybook_test_window_new (app, f->dir);
  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_null (diary);
  g_signal_emit_by_name (daybook_window_get_page (f->window, "unlock"), "damaged", error->message);
  daybook_test_wait_for (daybook_test_window_is_damaged, f->window, "the damaged page");
  g_assert_nonnull (daybook_test_find_id (daybook_window_get_page (f->window, "damaged"),
                                          "damaged_restore_button"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", NULL);
  dialog = DAYBOOK_RESTORE_DIALOG (daybook_test_find_toplevel (DAYBOOK_TYPE_RESTORE_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);

  /* Beside the damaged diary, never over it, and it says so. */
  g_assert_cmpstr (daybook_restore_dialog_get_folder (dialog), ==, restored);
  note = gtk_label_get_text (GTK_LABEL (daybook_test_need (GTK_WIDGET (dialog), "note_label")));
  g_assert_true (gtk_widget_get_visible (daybook_test_need (GTK_WIDGET (dialog), "note_label")));
  g_assert_nonnull (strstr (note, restored));

  /* Choosing the damaged diary's folder itself is refused. */
  daybook_restore_dialog_set_folder (dialog, f->dir);
  g_assert_true (label_visible (daybook_test_need (GTK_WIDGET (dialog), "error_label")));
  daybook_restore_dialog_set_file (dialog, template_backup);
  daybook_test_set_text (GTK_WIDGET (dialog), "passphrase_row", PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL);
  daybook_test_spin (100);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "damaged");

  daybook_restore_dialog_set_folder (dialog, restored);
  daybook_test_set_text (GTK_WIDGET (dialog), "passphrase_row", PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL);
  daybook_test_wait_for (daybook_test_window_is_unlocked, f->window, "the restored diary to open");
  daybook_test_wait_for (is_null, &dialog, "the dialog to close");
  g_assert_cmpstr (daybook_diary_get_dir (daybook_window_get_diary (f->window)), ==, restored);
  g_assert_cmpuint (daybook_diary_count_incidents (daybook_window_get_diary (f->window)), ==, 3);

  /* Locking goes back to the restored diary's unlock page. */
  daybook_window_lock (f->window);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");

  after = checksum_file (db);
  keys_after = checksum_file (keys);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (keys_before, ==, keys_after);
}

static void
test_change_passphrase (Fixture *f, gconstpointer data)
{
  DaybookPassphraseDialog *dialog;
  GtkWindow *prefs;
  GtkWidget *group, *error_label;

  open_unlocked (f);
  prefs = open_preferences (f);
  group = daybook_test_find_type (GTK_WIDGET (prefs), DAYBOOK_TYPE_SECURITY_GROUP);
  g_assert_nonnull (group);
  gtk_widget_activate_action (group, "security.change-passphrase", NULL);
  dialog = DAYBOOK_PASSPHRASE_DIALOG (daybook_test_find_toplevel (DAYBOOK_TYPE_PASSPHRASE_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  error_label = daybook_test_need (GTK_WIDGET (dialog), "error_label");

  /* The new one typed twice, differently: refused at once. */
  daybook_test_set_text (GTK_WIDGET (dialog), "current_row", PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "new_row", NEW_PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", "something else");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  g_assert_true (label_visible (error_label));
  g_assert_cmpfloat (gtk_level_bar_get_value (
                         GTK_LEVEL_BAR (daybook_test_need (GTK_WIDGET (dialog), "strength_bar"))),
                     >=, 3);

  /* A weak new one: refused unless "Use it anyway" is ticked. */
  daybook_test_set_text (GTK_WIDGET (dialog), "new_row", "aaaaaaaa");
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", "aaaaaaaa");
  g_assert_true (gtk_widget_get_visible (daybook_test_need (GTK_WIDGET (dialog), "weak_box")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "easy to guess"));
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (daybook_test_need (GTK_WIDGET (dialog), "weak_check")), TRUE);
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", "aaaaaaab");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "The two passphrases are not the same.");

  /* Someone at the unlocked laptop who does not know the passphrase. */
  daybook_test_set_text (GTK_WIDGET (dialog), "current_row", "a guess");
  daybook_test_set_text (GTK_WIDGET (dialog), "new_row", NEW_PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", NEW_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (daybook_test_need (GTK_WIDGET (dialog), "new_row"))), ==,
      "");
  daybook_test_wait_for (label_visible, error_label, "the wrong passphrase message");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "current passphrase"));

  daybook_test_set_text (GTK_WIDGET (dialog), "current_row", PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "new_row", NEW_PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", NEW_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  daybook_test_wait_for (is_null, &dialog, "the passphrase change");

  daybook_window_lock (f->window);
  g_assert_false (opens_with (f->dir, PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));
  g_assert_true (opens_with (f->dir, NEW_PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));
  g_assert_true (opens_with (f->dir, template_code, DAYBOOK_SLOT_RECOVERY));
}

static void
test_forgot (Fixture *f, gconstpointer data)
{
  g_autofree char *sloppy = NULL;
  DaybookPassphraseDialog *dialog;
  GtkWidget *unlock, *error_label;

  copy_template (f);
  f->window = daybook_test_window_new (app, f->dir);
  unlock = daybook_window_get_page (f->window, "unlock");
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");
  g_assert_nonnull (daybook_test_find_id (unlock, "forgot_button"));
  gtk_widget_activate_action (unlock, "unlock.forgot", NULL);
  dialog = DAYBOOK_PASSPHRASE_DIALOG (daybook_test_find_toplevel (DAYBOOK_TYPE_PASSPHRASE_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  error_label = daybook_test_need (GTK_WIDGET (dialog), "error_label");

  /* A wrong code. */
  daybook_test_set_text (GTK_WIDGET (dialog), "code_row",
                         "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
  daybook_test_set_text (GTK_WIDGET (dialog), "new_row", NEW_PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", NEW_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  daybook_test_wait_for (label_visible, error_label, "the wrong code message");
  g_assert_true (opens_with (f->dir, PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));

  /* The right code, typed the way tired people type: small letters,
   * spaces for dashes. */
  sloppy = g_ascii_strdown (template_code, -1);
  g_strdelimit (sloppy, "-", ' ');
  daybook_test_set_text (GTK_WIDGET (dialog), "code_row", sloppy);
  daybook_test_set_text (GTK_WIDGET (dialog), "new_row", NEW_PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", NEW_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  daybook_test_wait_for (daybook_test_window_is_unlocked, f->window,
                         "the diary to open with the new passphrase");
  daybook_test_wait_for (is_null, &dialog, "the dialog to close");
  g_assert_cmpuint (daybook_diary_count_incidents (daybook_window_get_diary (f->window)), ==, 3);

  daybook_window_lock (f->window);
  g_assert_false (opens_with (f->dir, PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));
  g_assert_true (opens_with (f->dir, NEW_PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));
}

static void
test_new_recovery_code (Fixture *f, gconstpointer data)
{
  g_autofree char *code = NULL;
  GtkWindow *prefs;
  GtkWidget *group, *label, *check;
  AdwMessageDialog *confirm, *shown;

  open_unlocked (f);
  prefs = open_preferences (f);
  group = daybook_test_find_type (GTK_WIDGET (prefs), DAYBOOK_TYPE_SECURITY_GROUP);
  gtk_widget_activate_action (group, "security.new-recovery-code", NULL);
  confirm = ADW_MESSAGE_DIALOG (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "new");
  daybook_test_wait_for (code_shown, NULL, "the new code");

  shown = ADW_MESSAGE_DIALOG (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  label = daybook_test_find_css (GTK_WIDGET (shown), "daybook-code");
  code = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  g_assert_cmpuint (strlen (code), ==, 39);
  g_assert_cmpstr (code, !=, template_code);
  /* Done only after "I have written it down"; closing is refused until
   * then. */
  g_assert_false (adw_message_dialog_get_response_enabled (shown, "done"));
  gtk_window_close (GTK_WINDOW (shown));
  daybook_test_spin (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shown)));
  check = daybook_test_find_type (GTK_WIDGET (shown), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (shown, "done"));
  adw_message_dialog_response (shown, "done");
  g_object_add_weak_pointer (G_OBJECT (shown), (gpointer *)&shown);
  gtk_window_close (GTK_WINDOW (shown));
  daybook_test_wait_for (is_null, &shown, "the code dialog to close once written down");

  daybook_window_lock (f->window);
  g_assert_false (opens_with (f->dir, template_code, DAYBOOK_SLOT_RECOVERY));
  g_assert_true (opens_with (f->dir, code, DAYBOOK_SLOT_RECOVERY));
  g_assert_true (opens_with (f->dir, PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));
}

/* Issue 14: "Someone may know my passphrase" gives the diary new keys,
 * shows the new code with the truth about old backups and a way to make a
 * new one; afterwards the old passphrase and code open nothing. */
static void
test_rekey (Fixture *f, gconstpointer data)
{
  g_autofree char *code = NULL;
  DaybookPassphraseDialog *dialog;
  GtkWindow *prefs;
  GtkWidget *group, *label, *check, *code_row;
  AdwMessageDialog *confirm, *shown;

  open_unlocked (f);
  prefs = open_preferences (f);
  group = daybook_test_find_type (GTK_WIDGET (prefs), DAYBOOK_TYPE_SECURITY_GROUP);
  gtk_widget_activate_action (group, "security.rekey", NULL);
  confirm = ADW_MESSAGE_DIALOG (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "Backups made before"));
  adw_message_dialog_response (confirm, "rekey");
  daybook_test_spin (20);

  dialog = DAYBOOK_PASSPHRASE_DIALOG (daybook_test_find_toplevel (DAYBOOK_TYPE_PASSPHRASE_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  /* The recovery code is typed where it is hidden and has no undo. */
  code_row = daybook_test_need (GTK_WIDGET (dialog), "code_row");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (code_row));
  g_assert_false (gtk_editable_get_enable_undo (GTK_EDITABLE (code_row)));

  daybook_test_set_text (GTK_WIDGET (dialog), "current_row", PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "new_row", NEW_PASSPHRASE);
  daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", NEW_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.apply", NULL);
  daybook_test_wait_for (code_shown, NULL, "the new code after the rekey");
  daybook_test_wait_for (is_null, &dialog, "the passphrase dialog to close");

  shown = ADW_MESSAGE_DIALOG (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (shown), "Backups made before"));
  g_assert_true (adw_message_dialog_has_response (shown, "backup"));
  label = daybook_test_find_css (GTK_WIDGET (shown), "daybook-code");
  code = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  g_assert_cmpuint (strlen (code), ==, 39);
  g_assert_cmpstr (code, !=, template_code);
  g_assert_false (adw_message_dialog_get_response_enabled (shown, "backup"));
  check = daybook_test_find_type (GTK_WIDGET (shown), GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (shown, "backup"));
  adw_message_dialog_response (shown, "done");
  g_object_add_weak_pointer (G_OBJECT (shown), (gpointer *)&shown);
  gtk_window_close (GTK_WINDOW (shown));
  daybook_test_wait_for (is_null, &shown, "the code dialog to close");

  daybook_window_lock (f->window);
  g_assert_false (opens_with (f->dir, PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));
  g_assert_false (opens_with (f->dir, template_code, DAYBOOK_SLOT_RECOVERY));
  g_assert_true (opens_with (f->dir, NEW_PASSPHRASE, DAYBOOK_SLOT_PASSPHRASE));
  g_assert_true (opens_with (f->dir, code, DAYBOOK_SLOT_RECOVERY));
}

static gboolean
timeline_settled (gpointer data)
{
  GListModel *model = daybook_timeline_get_model (DAYBOOK_TIMELINE (data));

  return !daybook_timeline_is_loading (DAYBOOK_TIMELINE (data)) && model != NULL
         && g_list_model_get_n_items (model) > 0;
}

/* Issue 3: saving does not send the timeline back to the top, and the
 * person filter completes from People. */
static void
test_timeline_after_save (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) people = NULL;
  g_autoptr (GError) error = NULL;
  DaybookTimeline *timeline;
  GtkAdjustment *adjustment;
  GtkEntryCompletion *completion;

  diary = daybook_diary_create (f->dir, pass, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_demo_fill (diary, 300, 1, &error));
  f->window = daybook_test_window_new (app, f->dir);
  g_signal_emit_by_name (daybook_window_get_page (f->window, "unlock"), "unlocked", diary);
  timeline = DAYBOOK_TIMELINE (daybook_main_view_get_page (
      DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main")), "timeline"));
  daybook_test_wait_for (timeline_settled, timeline, "the timeline");
  daybook_test_spin (300);

  adjustment = gtk_scrollable_get_vadjustment (
      GTK_SCROLLABLE (daybook_test_need (GTK_WIDGET (timeline), "list_view")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 5000);
  gtk_adjustment_set_value (adjustment, 4000);
  daybook_test_spin (200);
  /* What a save does to the timeline. */
  daybook_timeline_reload (timeline);
  daybook_test_wait_for (timeline_settled, timeline, "the timeline again");
  daybook_test_spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 3500);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <, 4500);

  /* Open an entry far down, change it, save, close: back where it was. */
  {
    GtkWidget *main_view = daybook_window_get_page (f->window, "main");
    GtkWidget *editor = daybook_main_view_get_page (DAYBOOK_MAIN_VIEW (main_view), "editor");
    GtkWidget *focus;

    g_signal_emit_by_name (daybook_test_need (GTK_WIDGET (timeline), "list_view"), "activate", 40);
    g_assert_cmpstr (daybook_main_view_get_page_name (DAYBOOK_MAIN_VIEW (main_view)), ==, "editor");
    gtk_editable_set_text (GTK_EDITABLE (daybook_test_need (editor, "title_row")), "Changed title");
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
    gtk_widget_activate_action (editor, "editor.close", NULL);
    daybook_test_wait_for (timeline_settled, timeline, "the timeline after the save");
    daybook_test_spin (500);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 1000);
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_nonnull (focus);
    g_assert_true (
        gtk_widget_is_ancestor (focus, daybook_test_need (GTK_WIDGET (timeline), "list_view")));
  }

  people = daybook_diary_list_people (diary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (people), >, 0);
  completion = gtk_entry_get_completion (
      GTK_ENTRY (daybook_test_need (GTK_WIDGET (timeline), "person_entry")));
  g_assert_nonnull (completion);
  g_assert_cmpint (
      gtk_tree_model_iter_n_children (gtk_entry_completion_get_model (completion), NULL), ==,
      g_list_model_get_n_items (people));

  /* Locking drops the names. */
  daybook_window_lock (f->window);
  g_assert_null (gtk_entry_get_completion (
      GTK_ENTRY (daybook_test_need (GTK_WIDGET (timeline), "person_entry"))));
}

/* Issue 3: Ctrl+S saves in a thread; what is typed meanwhile, and a lock
 * straight after, lose nothing and make no second entry. */
static void
test_save_in_background (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookIncident) incident = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *main_view, *editor;

  open_unlocked (f);
  main_view = daybook_window_get_page (f->window, "main");
  editor = daybook_main_view_get_page (DAYBOOK_MAIN_VIEW (main_view), "editor");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  gtk_editable_set_text (GTK_EDITABLE (daybook_test_need (editor, "title_row")),
                         "Saved in the background");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  g_assert_true (daybook_incident_editor_is_saving (DAYBOOK_INCIDENT_EDITOR (editor)));
  /* Typed while it saves: still unsaved, and kept. */
  gtk_text_buffer_set_text (
      gtk_text_view_get_buffer (GTK_TEXT_VIEW (daybook_test_need (editor, "narrative_view"))),
      "Typed during the save.", -1);
  g_assert_true (daybook_incident_editor_has_unsaved_changes (DAYBOOK_INCIDENT_EDITOR (editor)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  daybook_window_lock (f->window);
  g_assert_false (daybook_incident_editor_is_saving (DAYBOOK_INCIDENT_EDITOR (editor)));

  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_diary_count_incidents (diary), ==, 4);
  incident = daybook_diary_get_incident (diary, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (incident), ==, "Saved in the background");
  g_assert_cmpstr (daybook_incident_get_narrative (incident), ==, "Typed during the save.");
  daybook_diary_close (diary);
}

/* The same for a person: Ctrl+S in a thread, a lock straight after, one
 * person with everything typed. */
static void
test_person_in_background (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) before = NULL;
  g_autoptr (GListModel) after = NULL;
  g_autoptr (DaybookPerson) found = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *main_view, *people, *editor;
  guint n_before;

  diary = daybook_diary_open (template_dir, pass, &error);
  g_assert_no_error (error);
  before = daybook_diary_list_people (diary, &error);
  n_before = g_list_model_get_n_items (before);
  daybook_diary_close (diary);
  g_clear_object (&diary);

  open_unlocked (f);
  main_view = daybook_window_get_page (f->window, "main");
  daybook_main_view_show_page (DAYBOOK_MAIN_VIEW (main_view), "people");
  people = daybook_main_view_get_page (DAYBOOK_MAIN_VIEW (main_view), "people");
  gtk_widget_activate_action (people, "people.add", NULL);
  editor = daybook_test_need (people, "editor");
  gtk_editable_set_text (GTK_EDITABLE (daybook_test_need (editor, "name_row")), "Pat Example");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  g_assert_true (daybook_person_editor_is_saving (DAYBOOK_PERSON_EDITOR (editor)));
  gtk_editable_set_text (GTK_EDITABLE (daybook_test_need (editor, "name_row")),
                         "Pat Example-Smith");
  daybook_window_lock (f->window);

  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_no_error (error);
  after = daybook_diary_list_people (diary, &error);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, n_before + 1);
  found = daybook_diary_find_person (diary, "Pat Example-Smith");
  g_assert_nonnull (found);
  daybook_diary_close (diary);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  cli = argc > 1 ? argv[argc - 1] : "daybook-cli";
  app = daybook_test_application_new ();
  make_template ();

  g_test_add_func ("/ui/backup/util", test_util);
  g_test_add ("/ui/backup/back-up-now", Fixture, NULL, fixture_setup, test_back_up_now,
              fixture_teardown);
  g_test_add ("/ui/backup/back-up-now/missing-evidence", Fixture, NULL, fixture_setup,
              test_back_up_missing_evidence, fixture_teardown);
  g_test_add ("/ui/backup/restore/welcome", Fixture, NULL, fixture_setup, test_restore_welcome,
              fixture_teardown);
  g_test_add ("/ui/backup/restore/damaged", Fixture, NULL, fixture_setup, test_restore_damaged,
              fixture_teardown);
  g_test_add ("/ui/backup/passphrase/change", Fixture, NULL, fixture_setup, test_change_passphrase,
              fixture_teardown);
  g_test_add ("/ui/backup/passphrase/forgot", Fixture, NULL, fixture_setup, test_forgot,
              fixture_teardown);
  g_test_add ("/ui/backup/recovery-code/new", Fixture, NULL, fixture_setup, test_new_recovery_code,
              fixture_teardown);

  g_test_add ("/ui/backup/rekey", Fixture, NULL, fixture_setup, test_rekey, fixture_teardown);
  g_test_add ("/ui/timeline/after-save", Fixture, NULL, fixture_setup, test_timeline_after_save,
              fixture_teardown);

  g_test_add ("/ui/editor/save-in-background", Fixture, NULL, fixture_setup,
              test_save_in_background, fixture_teardown);

  g_test_add ("/ui/editor/person-in-background", Fixture, NULL, fixture_setup,
              test_person_in_background, fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  daybook_test_rm_rf (template_tmp);
  return ret;
}
