/* daybook-restore-dialog.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-restore-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-backup-util.h"
#include "daybook-backup.h"
#include "daybook-diary.h"
#include "daybook-error.h"
#include "daybook-restore-dialog.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

/*
 * "Restore from backup…": a backup file, its passphrase and an empty
 * folder. The restore (which checks the whole file, then writes and
 * verifies) runs in a thread; the restored diary is then opened with the
 * same passphrase and handed over with ::restored.
 */

struct _DaybookRestoreDialog
{
  AdwWindow parent_instance;

  AdwActionRow *file_row;
  AdwPasswordEntryRow *passphrase_row;
  AdwActionRow *folder_row;
  GtkLabel *note_label;
  GtkLabel *error_label;
  GtkLabel *progress_label;
  GtkSpinner *spinner;

  char *diary_dir;
  char *file;
  char *folder;
  GtkNativeDialog *chooser;
  GCancellable *cancellable;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (DaybookRestoreDialog, daybook_restore_dialog, ADW_TYPE_WINDOW)

enum
{
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (DaybookRestoreDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_actions (DaybookRestoreDialog *self)
{
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.restore",
                                 !self->busy && self->file != NULL && self->folder != NULL
                                     && *pass != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.choose-file", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.choose-folder", !self->busy);
}

static void
set_busy (DaybookRestoreDialog *self, gboolean busy)
{
  self->busy = busy;
  if (busy)
    gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
  update_actions (self);
}

/* Says plainly where the diary goes when that is not where Daybook looks. */
static void
update_note (DaybookRestoreDialog *self)
{
  g_autofree char *text = NULL;

  if (self->folder == NULL || g_strcmp0 (self->folder, self->diary_dir) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
      return;
    }
  if (daybook_diary_exists (self->diary_dir))
    text = g_strdup_printf (_ ("The diary in %s is left exactly as it is. The backup goes into "
                               "the new folder %s, and Daybook opens it from there. To open it "
                               "again later, start Daybook with --diary %s."),
                            self->diary_dir, self->folder, self->folder);
  else
    text = g_strdup_printf (_ ("The backup goes into %s. To open it again later, start Daybook "
                               "with --diary %s."),
                            self->folder, self->folder);
  gtk_label_set_text (self->note_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
}

static const char *
restore_error_message (const GError *error)
{
  if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE))
    return _ ("That is not the passphrase this diary had when the backup was made.");
  return error->message;
}

static void
restored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookRestoreDialog) self = user_data;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) missing = NULL;

  diary = daybook_backup_restore_and_open_finish_full (result, &missing, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (diary == NULL)
    {
      show_error (self, restore_error_message (error));
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }

  if (missing != NULL && missing[0] != NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      g_autofree char *list = g_strjoinv ("; ", missing);
      g_autofree char *body = g_strdup_printf (
          ngettext ("The backup does not hold the stored copy of %u exhibit, because it was "
                    "already missing from the diary when the backup was made: %s. Everything "
                    "else was restored and verifies.",
                    "The backup does not hold the stored copies of %u exhibits, because they were "
                    "already missing from the diary when the backup was made: %s. Everything "
                    "else was restored and verifies.",
                    g_strv_length (missing)),
          g_strv_length (missing), list);
      GtkWidget *note = adw_message_dialog_new (parent, _ ("Some Exhibits Are Missing"), body);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (note), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (note));
    }

  g_signal_emit (self, signals[RESTORED], 0, diary, self->folder);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
file_chosen_cb (DaybookRestoreDialog *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_file_peek_path (file) != NULL)
    {
      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_OPEN)
        daybook_restore_dialog_set_file (self, g_file_peek_path (file));
      else
        daybook_restore_dialog_set_folder (self, g_file_peek_path (file));
    }
  g_clear_object (&self->chooser);
}

static void
open_chooser (DaybookRestoreDialog *self, GtkFileChooserAction action, const char *title)
{
  GtkFileChooserNative *native;

  g_clear_object (&self->chooser);
  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, _ ("_Select"),
                                        _ ("_Cancel"));
  self->chooser = GTK_NATIVE_DIALOG (native);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_file_chooser_set_create_folders (GTK_FILE_CHOOSER (native),
                                       action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
      g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _ ("Daybook backups"));
      gtk_file_filter_add_pattern (filter, "*.bak");
      gtk_file_filter_add_pattern (filter, "*.dbk");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      gtk_file_filter_set_name (all, _ ("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }
  g_signal_connect_object (native, "response", G_CALLBACK (file_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
choose_file_action (GtkWidget *widget, const char *name, GVariant *param)
{
  open_chooser (DAYBOOK_RESTORE_DIALOG (widget), GTK_FILE_CHOOSER_ACTION_OPEN,
                _ ("Choose a Backup"));
}

static void
choose_folder_action (GtkWidget *widget, const char *name, GVariant *param)
{
  open_chooser (DAYBOOK_RESTORE_DIALOG (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                _ ("Choose an Empty Folder"));
}

static void
restore_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookRestoreDialog *self = DAYBOOK_RESTORE_DIALOG (widget);
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  g_autoptr (DaybookSecret) passphrase = NULL;

  if (self->busy || self->file == NULL || self->folder == NULL || *pass == '\0')
    return;
  if (!daybook_dir_is_empty_or_absent (self->folder))
    {
      show_error (self, _ ("That folder is not empty. Choose a new or empty folder: Daybook never "
                           "restores over anything."));
      return;
    }

  passphrase = daybook_secret_new_from_data (pass, strlen (pass));
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  show_error (self, NULL);
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  daybook_backup_restore_and_open_async (self->file, self->folder, passphrase, self->cancellable,
                                         restored_cb, g_object_ref (self));
}

static void
passphrase_changed_cb (DaybookRestoreDialog *self)
{
  update_actions (self);
}

static void
passphrase_activated_cb (DaybookRestoreDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "restore.restore", NULL);
}

static void
daybook_restore_dialog_dispose (GObject *object)
{
  DaybookRestoreDialog *self = DAYBOOK_RESTORE_DIALOG (object);

  /* A restore already writing finishes in its thread (and removes what it
   * wrote if it fails); nobody is told about it any more. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_RESTORE_DIALOG);

  G_OBJECT_CLASS (daybook_restore_dialog_parent_class)->dispose (object);
}

static void
daybook_restore_dialog_finalize (GObject *object)
{
  DaybookRestoreDialog *self = DAYBOOK_RESTORE_DIALOG (object);

  g_free (self->diary_dir);
  g_free (self->file);
  g_free (self->folder);

  G_OBJECT_CLASS (daybook_restore_dialog_parent_class)->finalize (object);
}

static void
daybook_restore_dialog_class_init (DaybookRestoreDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_restore_dialog_dispose;
  object_class->finalize = daybook_restore_dialog_finalize;

  /**
   * DaybookRestoreDialog::restored:
   * @diary: the restored diary, open
   * @dir: the folder it was restored into
   */
  signals[RESTORED]
      = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, DAYBOOK_TYPE_DIARY, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-restore-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookRestoreDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookRestoreDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookRestoreDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookRestoreDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookRestoreDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookRestoreDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookRestoreDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activated_cb);

  gtk_widget_class_install_action (widget_class, "restore.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "restore.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_install_action (widget_class, "restore.restore", NULL, restore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
daybook_restore_dialog_init (DaybookRestoreDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  daybook_window_size_follows_text (GTK_WINDOW (self));
  update_actions (self);
}

/**
 * daybook_restore_dialog_new:
 * @diary_dir: the folder Daybook opens by default; restored into only
 *   when nothing is there
 */
DaybookRestoreDialog *
daybook_restore_dialog_new (GtkWindow *parent, const char *diary_dir)
{
  DaybookRestoreDialog *self;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (diary_dir != NULL, NULL);

  self = g_object_new (DAYBOOK_TYPE_RESTORE_DIALOG, "transient-for", parent, NULL);
  self->diary_dir = g_strdup (diary_dir);
  folder = daybook_restore_default_dir (diary_dir);
  daybook_restore_dialog_set_folder (self, folder);
  return self;
}

/**
 * daybook_restore_dialog_set_file:
 *
 * Chooses the backup and shows what its header says it holds.
 */
void
daybook_restore_dialog_set_file (DaybookRestoreDialog *self, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  DaybookBackupInfo info;

  g_return_if_fail (DAYBOOK_IS_RESTORE_DIALOG (self));

  g_clear_pointer (&self->file, g_free);
  show_error (self, NULL);
  basename = g_path_get_basename (path);
  if (!daybook_backup_read_info (path, &info, &error))
    {
      adw_action_row_set_subtitle (self->file_row, basename);
      show_error (self, error->message);
      update_actions (self);
      return;
    }

  self->file = g_strdup (path);
  if (info.version >= 3)
    {
      /* TRANSLATORS: a backup file's name; newer backups keep when they were made and what they
       * hold encrypted */
      subtitle
          = g_strdup_printf (_ ("%s — its date and contents show once it is restored"), basename);
      adw_action_row_set_subtitle (self->file_row, subtitle);
      update_actions (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }
  when = daybook_format_recorded_at (info.created_at);
  /* TRANSLATORS: a backup file's name, when it was made and how many entries it holds */
  subtitle = g_strdup_printf (
      ngettext ("%s — made %s, %u entry", "%s — made %s, %u entries", info.n_entries), basename,
      when, info.n_entries);
  adw_action_row_set_subtitle (self->file_row, subtitle);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

void
daybook_restore_dialog_set_folder (DaybookRestoreDialog *self, const char *dir)
{
  g_return_if_fail (DAYBOOK_IS_RESTORE_DIALOG (self));

  g_free (self->folder);
  self->folder = g_strdup (dir);
  adw_action_row_set_subtitle (self->folder_row, dir);
  show_error (self, NULL);
  if (!daybook_dir_is_empty_or_absent (dir))
    show_error (self, _ ("That folder is not empty. Choose a new or empty folder: Daybook never "
                         "restores over anything."));
  update_note (self);
  update_actions (self);
}

const char *
daybook_restore_dialog_get_folder (DaybookRestoreDialog *self)
{
  g_return_val_if_fail (DAYBOOK_IS_RESTORE_DIALOG (self), NULL);

  return self->folder;
}
