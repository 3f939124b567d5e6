/* daybook-backup-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-backup-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-backup-page.h"
#include "daybook-backup-util.h"
#include "daybook-backup.h"

/*
 * Preferences ▸ Backups: the folder backups go to (a USB stick, say), how
 * many to keep there, when to remind, and "Back Up Now". All of it is kept
 * in the encrypted diary: where someone keeps their backups is private.
 */

struct _DaybookBackupPage
{
  AdwPreferencesPage parent_instance;

  AdwActionRow *folder_row;
  AdwActionRow *last_row;
  GtkSpinner *spinner;
  GtkLabel *error_label;
  GtkSpinButton *keep_spin;
  GtkSpinButton *reminder_spin;

  DaybookDiary *diary;
  char *folder;
  GtkNativeDialog *chooser;
  GCancellable *cancellable;
  gboolean loading;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (DaybookBackupPage, daybook_backup_page, ADW_TYPE_PREFERENCES_PAGE)

static void
toast (DaybookBackupPage *self, const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
show_error (DaybookBackupPage *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (DaybookBackupPage *self)
{
  g_autofree char *last = NULL;
  g_autofree char *text = NULL;

  adw_action_row_set_subtitle (self->folder_row,
                               self->folder != NULL ? self->folder : _ ("No folder chosen"));
  if (self->diary != NULL && daybook_diary_is_open (self->diary))
    last = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_LAST_BACKUP);
  text = daybook_format_last_backup (last);
  adw_action_row_set_subtitle (self->last_row, text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backup.back-up-now",
                                 !self->busy && self->diary != NULL && self->folder != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backup.choose-folder", !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static gboolean
save_settings (DaybookBackupPage *self, GError **error)
{
  const char *keys[] = { DAYBOOK_SETTING_BACKUP_FOLDER, DAYBOOK_SETTING_BACKUP_KEEP,
                         DAYBOOK_SETTING_BACKUP_REMINDER, NULL };
  g_autofree char *keep
      = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->keep_spin));
  g_autofree char *days
      = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->reminder_spin));
  const char *values[] = { self->folder != NULL ? self->folder : "", keep, days, NULL };

  return daybook_diary_set_settings (self->diary, keys, values, error);
}

static void
settings_changed_cb (DaybookBackupPage *self)
{
  g_autoptr (GError) error = NULL;

  if (self->loading || self->diary == NULL)
    return;
  if (!save_settings (self, &error))
    toast (self, error->message);
}

static void
backed_up_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookBackupPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) missing = NULL;

  path = daybook_diary_backup_to_folder_finish_full (DAYBOOK_DIARY (source), result, &missing,
                                                     &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  update (self);
  if (path == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (missing != NULL && missing[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("; ", missing);
      guint n = g_strv_length (missing);

      /* Stays on the page, unlike a toast: something is wrong with the diary. */
      text = g_strdup_printf (
          ngettext ("Backed up to %s, except the stored copy of %u exhibit, which is missing from "
                    "the diary folder: %s. Restore it from an older backup, or attach the "
                    "original again.",
                    "Backed up to %s, except the stored copies of %u exhibits, which are missing "
                    "from the diary folder: %s. Restore them from an older backup, or attach the "
                    "originals again.",
                    n),
          path, n, list);
      show_error (self, text);
      return;
    }
  text = g_strdup_printf (_ ("Backed up to %s"), path);
  toast (self, text);
}

static void
back_up_now_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookBackupPage *self = DAYBOOK_BACKUP_PAGE (widget);

  if (self->busy || self->diary == NULL || self->folder == NULL)
    return;
  show_error (self, NULL);
  /* Checked here too so that the sentence names the folder the user chose,
   * not a temporary file in it. */
  if (!g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *text = g_strdup_printf (
          _ ("The backup folder %s is not there. If it is on a USB stick, plug it in and try "
             "again."),
          self->folder);
      show_error (self, text);
      return;
    }

  self->busy = TRUE;
  update (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  daybook_diary_backup_to_folder_async (self->diary, self->folder,
                                        (guint)gtk_spin_button_get_value_as_int (self->keep_spin),
                                        self->cancellable, backed_up_cb, g_object_ref (self));
}

static void
folder_chosen_cb (DaybookBackupPage *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_file_peek_path (file) != NULL)
    daybook_backup_page_set_folder (self, g_file_peek_path (file));
  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookBackupPage *self = DAYBOOK_BACKUP_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (
      _ ("Choose a Backup Folder"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Select"), _ ("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (folder_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
daybook_backup_page_dispose (GObject *object)
{
  DaybookBackupPage *self = DAYBOOK_BACKUP_PAGE (object);

  /* A backup being written finishes in its thread; it is only no longer
   * reported. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->diary);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_BACKUP_PAGE);

  G_OBJECT_CLASS (daybook_backup_page_parent_class)->dispose (object);
}

static void
daybook_backup_page_finalize (GObject *object)
{
  DaybookBackupPage *self = DAYBOOK_BACKUP_PAGE (object);

  g_free (self->folder);

  G_OBJECT_CLASS (daybook_backup_page_parent_class)->finalize (object);
}

static void
daybook_backup_page_class_init (DaybookBackupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_backup_page_dispose;
  object_class->finalize = daybook_backup_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-backup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookBackupPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookBackupPage, last_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookBackupPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookBackupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookBackupPage, keep_spin);
  gtk_widget_class_bind_template_child (widget_class, DaybookBackupPage, reminder_spin);
  gtk_widget_class_bind_template_callback (widget_class, settings_changed_cb);

  gtk_widget_class_install_action (widget_class, "backup.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_install_action (widget_class, "backup.back-up-now", NULL, back_up_now_action);
}

static void
daybook_backup_page_init (DaybookBackupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

void
daybook_backup_page_set_diary (DaybookBackupPage *self, DaybookDiary *diary)
{
  g_autofree char *folder = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *days = NULL;

  g_return_if_fail (DAYBOOK_IS_BACKUP_PAGE (self));

  g_set_object (&self->diary, diary);
  g_clear_pointer (&self->folder, g_free);
  if (diary != NULL)
    {
      folder = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_BACKUP_FOLDER);
      keep = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_BACKUP_KEEP);
      days = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_BACKUP_REMINDER);
    }
  if (folder != NULL && *folder != '\0')
    self->folder = g_steal_pointer (&folder);

  self->loading = TRUE;
  gtk_spin_button_set_value (self->keep_spin,
                             daybook_setting_to_uint (keep, DAYBOOK_DEFAULT_BACKUP_KEEP));
  gtk_spin_button_set_value (self->reminder_spin,
                             daybook_setting_to_uint (days, DAYBOOK_DEFAULT_BACKUP_REMINDER));
  self->loading = FALSE;
  show_error (self, NULL);
  update (self);
}

/**
 * daybook_backup_page_set_folder:
 *
 * Sets the backup folder and stores it in the diary, as choosing it in
 * the file chooser does.
 */
void
daybook_backup_page_set_folder (DaybookBackupPage *self, const char *folder)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (DAYBOOK_IS_BACKUP_PAGE (self));

  g_free (self->folder);
  self->folder = g_strdup (folder);
  show_error (self, NULL);
  if (self->diary != NULL && !save_settings (self, &error))
    toast (self, error->message);
  update (self);
}

gboolean
daybook_backup_page_get_busy (DaybookBackupPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_BACKUP_PAGE (self), FALSE);

  return self->busy;
}
