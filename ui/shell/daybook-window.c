/* daybook-window.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-window"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-autolock.h"
#include "daybook-clipboard.h"
#include "daybook-backup-util.h"
#include "daybook-backup.h"
#include "daybook-bundle-dialog.h"
#include "daybook-create-page.h"
#include "daybook-error.h"
#include "daybook-main-view.h"
#include "daybook-preferences-window.h"
#include "daybook-restore-dialog.h"
#include "daybook-ui-util.h"
#include "daybook-unlock-page.h"
#include "daybook-window.h"

struct _DaybookWindow
{
  AdwApplicationWindow parent_instance;

  GtkStack *stack;
  DaybookCreatePage *create_page;
  DaybookUnlockPage *unlock_page;
  AdwStatusPage *damaged_status;
  GtkLabel *damaged_label;
  DaybookMainView *main_view;

  char *diary_dir;
  DaybookDiary *diary;
  GtkWindow *preferences;
  GtkNativeDialog *bundle_chooser;
  DaybookAutolock *autolock;
};

G_DEFINE_FINAL_TYPE (DaybookWindow, daybook_window, ADW_TYPE_APPLICATION_WINDOW)

/* Actions that need an open diary. */
static const char *diary_actions[]
    = { "lock", "new-incident", "search", "save", "preferences", "hand-over" };

/* Actions that change the diary: off for a read-only hand-over bundle. */
static const char *writing_actions[] = { "new-incident", "save", "preferences", "hand-over" };

static void
set_diary_actions_enabled (DaybookWindow *self, gboolean enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (diary_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), diary_actions[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
  if (enabled && daybook_diary_is_read_only (self->diary))
    for (guint i = 0; i < G_N_ELEMENTS (writing_actions); i++)
      {
        GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), writing_actions[i]);
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
      }
}

static void
show_unlock (DaybookWindow *self)
{
  daybook_unlock_page_reset (self->unlock_page);
  gtk_stack_set_visible_child_name (self->stack, "unlock");
  daybook_unlock_page_focus (self->unlock_page);
}

static void
start_autolock (DaybookWindow *self)
{
  g_autofree char *minutes = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_AUTOLOCK);

  daybook_autolock_start (self->autolock, daybook_autolock_parse_minutes (minutes));
}

/* A gentle nudge, once per unlock, when there has been no backup for a
 * while (Preferences ▸ Backups sets how long, or turns it off). */
static void
remind_backup (DaybookWindow *self)
{
  g_autofree char *last = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_LAST_BACKUP);
  g_autofree char *days = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_BACKUP_REMINDER);
  AdwToast *toast;

  if (!daybook_backup_reminder_due (last, days, daybook_diary_get_created_at (self->diary),
                                    g_get_real_time () / G_USEC_PER_SEC))
    return;
  toast = adw_toast_new (last != NULL && *last != '\0'
                             ? _ ("Your last backup is more than a few days old.")
                             : _ ("Your diary has no backup yet."));
  adw_toast_set_button_label (toast, _ ("_Back Up…"));
  adw_toast_set_action_name (toast, "win.show-backups");
  adw_toast_set_timeout (toast, 10);
  daybook_main_view_add_toast (self->main_view, toast);
}

static void
missing_response_cb (DaybookWindow *self, const char *response)
{
  if (g_strcmp0 (response, "backups") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-backups", NULL);
}

/* Saved changes the diary found missing when it opened (a damaged log, an
 * older copy put back): said at once, in words, with the way back. */
static void
tell_missing (DaybookWindow *self)
{
  const char *missing = daybook_diary_get_missing (self->diary);
  AdwMessageDialog *dialog;

  if (missing == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_WINDOW (self), _ ("Saved Changes Are Missing"), missing));
  adw_message_dialog_add_responses (dialog, "close", _ ("_Close"), "backups", _ ("_Backups…"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "backups");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (missing_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
key_notice_response_cb (DaybookWindow *self, const char *response)
{
  /* One dialog at a time: saved changes found missing come next. */
  if (self->diary != NULL)
    tell_missing (self);
}

/* The key file found altered at open (keys.bak was used and put back): a
 * sign that someone may have tampered with the diary, said before anything
 * else, in the diary's words. */
static void
tell_key_notice (DaybookWindow *self)
{
  const char *notice = daybook_diary_get_key_notice (self->diary);
  AdwMessageDialog *dialog;

  if (notice == NULL)
    {
      tell_missing (self);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_WINDOW (self), _ ("The Key File Was Altered"), notice));
  adw_message_dialog_add_responses (dialog, "close", _ ("_Close"), NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (key_notice_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_diary (DaybookWindow *self, DaybookDiary *diary)
{
  g_set_object (&self->diary, diary);
  daybook_main_view_set_diary (self->main_view, diary);
  set_diary_actions_enabled (self, TRUE);
  /* At once, not faded in: the rows are there as soon as they are drawn. */
  gtk_stack_set_visible_child_full (self->stack, "main", GTK_STACK_TRANSITION_TYPE_NONE);
  if (!daybook_diary_is_read_only (diary))
    remind_backup (self);
  tell_key_notice (self);
  start_autolock (self);
  /* What opening the diary used in its worker thread. */
  daybook_give_back_memory_soon ();
}

/* The idle time may have just been changed there. */
static gboolean
preferences_close_request_cb (DaybookWindow *self)
{
  if (self->diary != NULL)
    start_autolock (self);
  return FALSE;
}

static void
create_page_created_cb (DaybookWindow *self, DaybookDiary *diary)
{
  show_diary (self, diary);
}

static void
unlock_page_unlocked_cb (DaybookWindow *self, DaybookDiary *diary)
{
  show_diary (self, diary);
}

static void
unlock_page_damaged_cb (DaybookWindow *self, const char *message)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_ ("Your passphrase is right, but the diary’s database is damaged or has "
                             "been changed by something other than Daybook. Nothing has been "
                             "changed or deleted.\n\nTo get your entries back, restore your "
                             "latest backup: it goes into a new folder, and the damaged diary "
                             "stays in %s as it is, because someone with expert help may be "
                             "able to recover more from it.\n\n%s"),
                          self->diary_dir, message != NULL ? message : "");
  gtk_label_set_text (self->damaged_label, text);
  gtk_stack_set_visible_child_name (self->stack, "damaged");
}

static void
lock_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  daybook_window_lock (DAYBOOK_WINDOW (user_data));
}

static void
retry_unlock_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  show_unlock (DAYBOOK_WINDOW (user_data));
}

static void
new_incident_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  daybook_main_view_new_incident (DAYBOOK_WINDOW (user_data)->main_view);
}

static void
search_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  daybook_main_view_search (DAYBOOK_WINDOW (user_data)->main_view);
}

static void
save_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  daybook_main_view_save (DAYBOOK_WINDOW (user_data)->main_view);
}

static void
preferences_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DaybookWindow *self = DAYBOOK_WINDOW (user_data);

  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (daybook_preferences_window_new (self->diary));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *)&self->preferences);
      gtk_window_set_transient_for (self->preferences, GTK_WINDOW (self));
      g_signal_connect_object (self->preferences, "close-request",
                               G_CALLBACK (preferences_close_request_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->preferences);
}

static void
restored_cb (DaybookWindow *self, DaybookDiary *diary, const char *dir)
{
  /* From now on this window locks to, and unlocks, the restored diary. */
  g_free (self->diary_dir);
  self->diary_dir = g_strdup (dir);
  daybook_create_page_set_dir (self->create_page, dir);
  daybook_unlock_page_set_dir (self->unlock_page, dir);
  show_diary (self, diary);
}

static void
restore_backup_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DaybookWindow *self = DAYBOOK_WINDOW (user_data);
  DaybookRestoreDialog *dialog;

  if (self->diary != NULL)
    return;
  dialog = daybook_restore_dialog_new (GTK_WINDOW (self), self->diary_dir);
  g_signal_connect_object (dialog, "restored", G_CALLBACK (restored_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_backups_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DaybookWindow *self = DAYBOOK_WINDOW (user_data);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.preferences", NULL);
  if (self->preferences != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self->preferences),
                                                  "backups");
}

static void
hand_over_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DaybookWindow *self = DAYBOOK_WINDOW (user_data);
  DaybookBundleDialog *dialog;

  if (self->diary == NULL || daybook_diary_is_read_only (self->diary))
    return;
  dialog = daybook_bundle_dialog_new (GTK_WINDOW (self), self->diary);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bundle_chosen_cb (DaybookWindow *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->bundle_chooser);
  if (file == NULL || g_file_peek_path (file) == NULL)
    return;
  if (!daybook_window_open_bundle (self, g_file_peek_path (file), &error))
    {
      GtkWidget *dialog
          = adw_message_dialog_new (GTK_WINDOW (self), _ ("Not a Case Bundle"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
open_bundle_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  DaybookWindow *self = DAYBOOK_WINDOW (user_data);
  GtkFileChooserNative *native;

  if (self->diary != NULL)
    return;
  g_clear_object (&self->bundle_chooser);
  native = gtk_file_chooser_native_new (_ ("Choose the Case Bundle Folder"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Open"),
                                        _ ("_Cancel"));
  self->bundle_chooser = GTK_NATIVE_DIALOG (native);
  gtk_native_dialog_set_modal (self->bundle_chooser, TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (bundle_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->bundle_chooser);
}

static const GActionEntry win_actions[] = {
  { "lock", lock_action },
  { "retry-unlock", retry_unlock_action },
  { "new-incident", new_incident_action },
  { "search", search_action },
  { "save", save_action },
  { "preferences", preferences_action },
  { "restore-backup", restore_backup_action },
  { "show-backups", show_backups_action },
  { "hand-over", hand_over_action },
  { "open-bundle", open_bundle_action },
};

static void
close_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!daybook_main_view_save_all_finish (DAYBOOK_MAIN_VIEW (source), result, &error))
    g_warning ("Could not save before closing: %s", error->message);
  daybook_window_lock (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
close_dialog_response_cb (DaybookWindow *self, const char *response, AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      daybook_main_view_discard (self->main_view);
      daybook_window_lock (self);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else if (g_strcmp0 (response, "save") == 0)
    daybook_main_view_save_all_async (self->main_view, NULL, close_saved_cb, g_object_ref (self));
}

static gboolean
daybook_window_close_request (GtkWindow *window)
{
  DaybookWindow *self = DAYBOOK_WINDOW (window);
  AdwMessageDialog *dialog;

  if (self->diary == NULL || !daybook_main_view_has_unsaved_changes (self->main_view))
    {
      daybook_window_lock (self);
      return GTK_WINDOW_CLASS (daybook_window_parent_class)->close_request (window);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _ ("Save Changes?"),
                                                       _ ("Some changes are not saved yet. If "
                                                          "you discard them, they are lost.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "discard", _ ("_Discard"),
                                    "save", _ ("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
daybook_window_dispose (GObject *object)
{
  DaybookWindow *self = DAYBOOK_WINDOW (object);

  if (self->diary != NULL)
    daybook_window_lock (self);
  g_clear_object (&self->autolock);
  if (self->bundle_chooser != NULL)
    gtk_native_dialog_destroy (self->bundle_chooser);
  g_clear_object (&self->bundle_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_WINDOW);

  G_OBJECT_CLASS (daybook_window_parent_class)->dispose (object);
}

static void
daybook_window_finalize (GObject *object)
{
  DaybookWindow *self = DAYBOOK_WINDOW (object);

  g_free (self->diary_dir);

  G_OBJECT_CLASS (daybook_window_parent_class)->finalize (object);
}

static void
daybook_window_class_init (DaybookWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = daybook_window_dispose;
  object_class->finalize = daybook_window_finalize;
  window_class->close_request = daybook_window_close_request;

  g_type_ensure (DAYBOOK_TYPE_CREATE_PAGE);
  g_type_ensure (DAYBOOK_TYPE_UNLOCK_PAGE);
  g_type_ensure (DAYBOOK_TYPE_MAIN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookWindow, create_page);
  gtk_widget_class_bind_template_child (widget_class, DaybookWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, DaybookWindow, damaged_status);
  gtk_widget_class_bind_template_child (widget_class, DaybookWindow, damaged_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookWindow, main_view);
  gtk_widget_class_bind_template_callback (widget_class, create_page_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_page_unlocked_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_page_damaged_cb);
}

static void
daybook_window_init (DaybookWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
  set_diary_actions_enabled (self, FALSE);

  self->autolock = daybook_autolock_new (GTK_WINDOW (self));
  g_signal_connect_object (self->autolock, "lock-requested", G_CALLBACK (daybook_window_lock), self,
                           G_CONNECT_SWAPPED);
}

/* GtkShortcutsWindow puts its groups in two columns a page and never
 * wraps a title: at 200 % text the two columns are wider than a 1280 px
 * screen. Titles that wrap, no wider than 24 characters, let it fit. (GtkApplication builds
 * the window from gtk/help-overlay.ui when the window joins it.) */
static void
wrap_shortcut_titles (GtkWidget *widget)
{
  if (widget == NULL)
    return;
  if (GTK_IS_LABEL (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_SHORTCUT)
      && !gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUT_LABEL))
    {
      gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (widget), PANGO_WRAP_WORD_CHAR);
      /* It gives a title its natural width: keep that one a column can hold. */
      gtk_label_set_max_width_chars (GTK_LABEL (widget), 24);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    wrap_shortcut_titles (c);
}

DaybookWindow *
daybook_window_new (DaybookApplication *application, const char *diary_dir)
{
  DaybookWindow *self;

  g_return_val_if_fail (diary_dir != NULL, NULL);

  self = g_object_new (DAYBOOK_TYPE_WINDOW, "application", application, NULL);
  wrap_shortcut_titles (
      GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self))));
  /* Reading widths grow with the text (200 %: twice the pixels). */
  daybook_clamps_follow_text (GTK_WIDGET (self));
  self->diary_dir = g_strdup (diary_dir);
  daybook_create_page_set_dir (self->create_page, diary_dir);
  daybook_unlock_page_set_dir (self->unlock_page, diary_dir);

  if (daybook_diary_exists (diary_dir))
    show_unlock (self);
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "create");
      daybook_create_page_focus (self->create_page);
    }

  return self;
}

/**
 * daybook_window_lock:
 *
 * Locks the diary at once: saves what is being edited (so nothing typed
 * is lost), empties every widget that shows diary content, drops the
 * models, closes the diary (wiping its key) and shows the unlock page.
 * Auto-lock and quick hide call this too. Does nothing when locked.
 *
 * Done when it returns: a save under way in the background is waited for
 * without running the main loop (see daybook-autosave.c), so nothing
 * else happens half-way through a lock.
 */
void
daybook_window_lock (DaybookWindow *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (DAYBOOK_IS_WINDOW (self));

  if (self->diary == NULL)
    return;

  if (!daybook_main_view_save_all (self->main_view, &error))
    g_warning ("Could not save before locking: %s", error->message);

  if (self->preferences != NULL)
    gtk_window_destroy (self->preferences);
  daybook_main_view_set_diary (self->main_view, NULL);
  set_diary_actions_enabled (self, FALSE);
  daybook_autolock_stop (self->autolock);
  daybook_clipboard_clear_ours (gtk_widget_get_display (GTK_WIDGET (self)));

  daybook_diary_close (self->diary);
  g_clear_object (&self->diary);

  show_unlock (self);
}

/**
 * daybook_window_get_diary:
 *
 * Returns: (transfer none) (nullable): the open diary, %NULL when locked
 */
DaybookDiary *
daybook_window_get_diary (DaybookWindow *self)
{
  g_return_val_if_fail (DAYBOOK_IS_WINDOW (self), NULL);

  return self->diary;
}

const char *
daybook_window_get_page_name (DaybookWindow *self)
{
  g_return_val_if_fail (DAYBOOK_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * daybook_window_get_page:
 *
 * Returns: (transfer none): the page called @name ("create", "unlock",
 *   "damaged", "main"), for tests
 */
GtkWidget *
daybook_window_get_page (DaybookWindow *self, const char *name)
{
  g_return_val_if_fail (DAYBOOK_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->stack, name);
}

/**
 * daybook_window_open_bundle:
 * @dir: a hand-over bundle's folder
 *
 * Locks what is open and switches this window to the bundle in @dir,
 * showing the unlock page for its one-time passphrase. The bundle then
 * opens read-only.
 *
 * Returns: %FALSE, with @error set, when @dir holds no bundle
 */
gboolean
daybook_window_open_bundle (DaybookWindow *self, const char *dir, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (!daybook_diary_exists (dir))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("%s is not a case bundle: there is no Daybook diary in it. Choose the "
                      "folder you were given, not a file inside it."),
                   dir);
      return FALSE;
    }
  daybook_window_lock (self);
  g_free (self->diary_dir);
  self->diary_dir = g_strdup (dir);
  daybook_create_page_set_dir (self->create_page, dir);
  daybook_unlock_page_set_dir (self->unlock_page, dir);
  show_unlock (self);
  return TRUE;
}
