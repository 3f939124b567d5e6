/* daybook-passphrase-dialog.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-passphrase-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-error.h"
#include "daybook-passphrase-dialog.h"
#include "daybook-passphrase.h"
#include "daybook-ui-util.h"

/*
 * A new passphrase, typed twice under the strength meter, proved by one of
 * two things:
 *
 * - Change (Preferences, diary open): the current passphrase. The diary is
 *   open, so the core would not need it, but an unlocked laptop left alone
 *   for a minute must not let someone lock its owner out of her own diary.
 *   It is checked against the key file on disk (read only) before the new
 *   one is set through the open diary.
 * - Recover (unlock page, "Forgot the passphrase?"): the recovery code, in
 *   any case, with or without dashes and spaces; the diary is then opened
 *   with the new passphrase and handed over.
 *
 * - Rekey (Preferences, "Someone May Know My Passphrase"): like Change,
 *   but the diary gets new keys (daybook_diary_rekey()); the new recovery
 *   code is handed to whoever handles ::done
 *   (daybook_passphrase_dialog_steal_recovery_code()).
 *
 * Argon2id runs twice either way (about two seconds): in a thread.
 */

typedef enum
{
  MODE_CHANGE,
  MODE_RECOVER,
  MODE_REKEY,
} Mode;

struct _DaybookPassphraseDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *apply_button;
  GtkSpinner *spinner;
  AdwPreferencesGroup *old_group;
  AdwPasswordEntryRow *current_row;
  AdwEntryRow *code_row;
  AdwPasswordEntryRow *new_row;
  AdwPasswordEntryRow *repeat_row;
  GtkLevelBar *strength_bar;
  GtkLabel *strength_label;
  GtkWidget *weak_box;
  GtkCheckButton *weak_check;
  GtkLabel *error_label;
  GtkLabel *progress_label;

  Mode mode;
  DaybookDiary *diary;
  char *dir;
  GCancellable *cancellable;
  gboolean busy;
  DaybookSecret *recovery_code; /* after a rekey, until ::done took it */
};

G_DEFINE_FINAL_TYPE (DaybookPassphraseDialog, daybook_passphrase_dialog, ADW_TYPE_WINDOW)

enum
{
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkEditable *
old_editable (DaybookPassphraseDialog *self)
{
  return self->mode != MODE_RECOVER ? GTK_EDITABLE (self->current_row)
                                    : GTK_EDITABLE (self->code_row);
}

static void
show_error (DaybookPassphraseDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (DaybookPassphraseDialog *self, gboolean busy)
{
  self->busy = busy;
  if (busy)
    gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->current_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repeat_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->weak_check), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passphrase.apply", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
}

static void
clear_entries (DaybookPassphraseDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->current_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
}

static void
changed_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookPassphraseDialog) self = user_data;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  if (self->mode == MODE_CHANGE)
    daybook_diary_change_passphrase_finish (DAYBOOK_DIARY (source), result, &error);
  else if (self->mode == MODE_REKEY)
    self->recovery_code = daybook_diary_rekey_finish (DAYBOOK_DIARY (source), result, &error);
  else
    diary = daybook_diary_recover_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE))
        show_error (self, self->mode != MODE_RECOVER
                              ? _ ("That is not your current passphrase. Check Caps Lock and "
                                   "try again.")
                              : _ ("That recovery code is not right. Check it and try again."));
      else if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_BUSY))
        show_error (self, _ ("The diary is open in another program, such as daybook-cli. Close "
                             "it there and try again."));
      else
        show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (old_editable (self)));
      return;
    }

  g_signal_emit (self, signals[DONE], 0, diary);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
apply_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookPassphraseDialog *self = DAYBOOK_PASSPHRASE_DIALOG (widget);
  const char *old = gtk_editable_get_text (old_editable (self));
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->new_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  DaybookPassphraseProblem problem
      = daybook_passphrase_check (pass, repeat, gtk_check_button_get_active (self->weak_check));
  g_autoptr (DaybookSecret) old_secret = NULL;
  g_autoptr (DaybookSecret) new_secret = NULL;

  if (self->busy)
    return;
  if (*old == '\0')
    {
      show_error (self, self->mode != MODE_RECOVER ? _ ("Enter your current passphrase.")
                                                   : _ ("Enter your recovery code."));
      gtk_widget_grab_focus (GTK_WIDGET (old_editable (self)));
      return;
    }
  if (problem != DAYBOOK_PASSPHRASE_OK)
    {
      if (problem == DAYBOOK_PASSPHRASE_MISMATCH)
        gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
      show_error (self, daybook_passphrase_problem_message (problem));
      gtk_widget_grab_focus (problem == DAYBOOK_PASSPHRASE_MISMATCH ? GTK_WIDGET (self->repeat_row)
                                                                    : GTK_WIDGET (self->new_row));
      return;
    }

  old_secret = daybook_secret_new_from_data (old, strlen (old));
  new_secret = daybook_secret_new_from_data (pass, strlen (pass));
  clear_entries (self);
  show_error (self, NULL);
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->mode == MODE_CHANGE)
    daybook_diary_change_passphrase_async (self->diary, old_secret, new_secret, self->cancellable,
                                           changed_done_cb, g_object_ref (self));
  else if (self->mode == MODE_REKEY)
    daybook_diary_rekey_async (self->diary, old_secret, new_secret, self->cancellable,
                               changed_done_cb, g_object_ref (self));
  else
    daybook_diary_recover_async (self->dir, old_secret, new_secret, self->cancellable,
                                 changed_done_cb, g_object_ref (self));
}

static void
changed_cb (DaybookPassphraseDialog *self)
{
  show_error (self, NULL);
}

static void
new_changed_cb (DaybookPassphraseDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->new_row));
  DaybookStrength strength = daybook_passphrase_strength (text, NULL);

  gtk_level_bar_set_value (self->strength_bar, strength);
  gtk_label_set_text (self->strength_label, daybook_strength_get_label (strength));
  /* A screen reader reads the meter's value in words, as it is shown. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->strength_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  daybook_strength_get_label (strength), -1);
  /* "Use it anyway" holds for the passphrase it was ticked for only. */
  gtk_check_button_set_active (self->weak_check, FALSE);
  gtk_widget_set_visible (self->weak_box,
                          strength != DAYBOOK_STRENGTH_NONE && daybook_strength_is_weak (strength));
  show_error (self, NULL);
}

static void
weak_toggled_cb (DaybookPassphraseDialog *self)
{
  show_error (self, NULL);
}

static void
next_cb (DaybookPassphraseDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->new_row));
}

static void
new_activated_cb (DaybookPassphraseDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
}

static void
repeat_activated_cb (DaybookPassphraseDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "passphrase.apply", NULL);
}

static void
daybook_passphrase_dialog_dispose (GObject *object)
{
  DaybookPassphraseDialog *self = DAYBOOK_PASSPHRASE_DIALOG (object);

  /* The key file is replaced atomically: a change already under way
   * either happens whole or not at all, reported or not. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->diary);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_PASSPHRASE_DIALOG);

  G_OBJECT_CLASS (daybook_passphrase_dialog_parent_class)->dispose (object);
}

static void
daybook_passphrase_dialog_finalize (GObject *object)
{
  DaybookPassphraseDialog *self = DAYBOOK_PASSPHRASE_DIALOG (object);

  g_free (self->dir);
  daybook_secret_free (self->recovery_code);

  G_OBJECT_CLASS (daybook_passphrase_dialog_parent_class)->finalize (object);
}

static void
daybook_passphrase_dialog_class_init (DaybookPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_passphrase_dialog_dispose;
  object_class->finalize = daybook_passphrase_dialog_finalize;

  /**
   * DaybookPassphraseDialog::done:
   * @diary: (nullable): when recovering, the diary opened with the new
   *   passphrase
   *
   * The new passphrase is set.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 1, DAYBOOK_TYPE_DIARY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, old_group);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, strength_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, weak_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, weak_check);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookPassphraseDialog, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, weak_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, repeat_activated_cb);

  gtk_widget_class_install_action (widget_class, "passphrase.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
daybook_passphrase_dialog_init (DaybookPassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  daybook_window_size_follows_text (GTK_WINDOW (self));

  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, 2.0);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 4.0);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 5.0);
}

/**
 * daybook_passphrase_dialog_new_change:
 * @diary: the open diary
 *
 * Asks for the current passphrase and a new one.
 */
DaybookPassphraseDialog *
daybook_passphrase_dialog_new_change (GtkWindow *parent, DaybookDiary *diary)
{
  DaybookPassphraseDialog *self;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  self = g_object_new (DAYBOOK_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, "title",
                       _ ("Change Passphrase"), NULL);
  self->mode = MODE_CHANGE;
  self->diary = g_object_ref (diary);
  self->dir = g_strdup (daybook_diary_get_dir (diary));
  adw_window_title_set_title (self->window_title, _ ("Change Passphrase"));
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
  return self;
}

/**
 * daybook_passphrase_dialog_new_recover:
 * @dir: the diary's folder (locked)
 *
 * Asks for the recovery code and a new passphrase; ::done then carries the
 * diary, opened.
 */
DaybookPassphraseDialog *
daybook_passphrase_dialog_new_recover (GtkWindow *parent, const char *dir)
{
  DaybookPassphraseDialog *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (DAYBOOK_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, "title",
                       _ ("Forgot the Passphrase"), NULL);
  self->mode = MODE_RECOVER;
  self->dir = g_strdup (dir);
  adw_window_title_set_title (self->window_title, _ ("Forgot the Passphrase"));
  adw_preferences_group_set_description (
      self->old_group, _ ("Type the recovery code you wrote down when you made the diary. Dashes, "
                          "spaces and small or capital letters do not matter."));
  gtk_button_set_label (self->apply_button, _ ("_Unlock"));
  gtk_widget_set_visible (GTK_WIDGET (self->current_row), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  return self;
}

/**
 * daybook_passphrase_dialog_new_rekey:
 * @diary: the open diary
 *
 * "Someone may know my passphrase": asks for the current passphrase and a
 * new one, then gives the diary new keys. In the handler of ::done, take
 * the new recovery code with daybook_passphrase_dialog_steal_recovery_code().
 */
DaybookPassphraseDialog *
daybook_passphrase_dialog_new_rekey (GtkWindow *parent, DaybookDiary *diary)
{
  DaybookPassphraseDialog *self = daybook_passphrase_dialog_new_change (parent, diary);

  self->mode = MODE_REKEY;
  gtk_window_set_title (GTK_WINDOW (self), _ ("New Keys for the Diary"));
  adw_window_title_set_title (self->window_title, _ ("New Keys for the Diary"));
  adw_preferences_group_set_description (
      self->old_group,
      _ ("The diary, every piece of evidence and the key file are encrypted again with new keys. "
         "Afterwards, copies of the key file someone may have taken open nothing, with the old "
         "passphrase or the old recovery code. This can take a while with a lot of evidence."));
  gtk_label_set_text (self->progress_label,
                      _ ("Encrypting the diary again. Do not switch the computer off."));
  return self;
}

/**
 * daybook_passphrase_dialog_steal_recovery_code:
 *
 * Returns: (transfer full) (nullable): after a rekey, the new recovery code
 */
DaybookSecret *
daybook_passphrase_dialog_steal_recovery_code (DaybookPassphraseDialog *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PASSPHRASE_DIALOG (self), NULL);

  return g_steal_pointer (&self->recovery_code);
}
