/* daybook-security-group.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-security-group"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "daybook-keyfile.h"
#include "daybook-passphrase-dialog.h"
#include "daybook-security-group.h"
#include "daybook-ui-format.h"

/*
 * Preferences ▸ Privacy: change the passphrase, make a new recovery code,
 * or give the diary new keys ("Someone May Know My Passphrase"). A new code
 * is shown once, like the first one, and the window waits for "I have
 * written it down". What each does not do is said: old copies of the key
 * file keep opening with the old passphrase or code unless the diary got
 * new keys, and backups made before keep opening with what they were made
 * with in any case.
 */

struct _DaybookSecurityGroup
{
  AdwPreferencesGroup parent_instance;

  GtkSpinner *spinner;

  DaybookDiary *diary;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DaybookSecurityGroup, daybook_security_group, ADW_TYPE_PREFERENCES_GROUP)

static GtkWindow *
get_window (DaybookSecurityGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (DaybookSecurityGroup *self, const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
set_busy (DaybookSecurityGroup *self, gboolean busy)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.new-recovery-code", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.change-passphrase", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "security.rekey", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
passphrase_done_cb (DaybookSecurityGroup *self)
{
  toast (self,
         _ ("Passphrase changed. Old copies of the key file still open the diary with the old "
            "one."));
}

static void
change_passphrase_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookSecurityGroup *self = DAYBOOK_SECURITY_GROUP (widget);
  DaybookPassphraseDialog *dialog;

  if (self->diary == NULL)
    return;
  dialog = daybook_passphrase_dialog_new_change (get_window (self), self->diary);
  g_signal_connect_object (dialog, "done", G_CALLBACK (passphrase_done_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
written_toggled_cb (AdwMessageDialog *dialog, GParamSpec *pspec, GtkCheckButton *check)
{
  gboolean written = gtk_check_button_get_active (check);

  adw_message_dialog_set_response_enabled (dialog, "done", written);
  if (adw_message_dialog_has_response (dialog, "backup"))
    adw_message_dialog_set_response_enabled (dialog, "backup", written);
}

/* Escape or the close button does not throw away the only copy of the
 * code before it is written down. */
static gboolean
code_close_request_cb (GtkWindow *dialog, GtkCheckButton *check)
{
  return !gtk_check_button_get_active (check);
}

static void
code_response_cb (DaybookSecurityGroup *self, const char *response)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwPreferencesPage *page;

  if (g_strcmp0 (response, "backup") != 0 || !ADW_IS_PREFERENCES_WINDOW (root))
    return;
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (root), "backup");
  page = adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (root));
  if (page != NULL)
    gtk_widget_activate_action (GTK_WIDGET (page), "backup.back-up-now", NULL);
}

/* @rekeyed: after new keys, with the truth about old backups and a button
 * to make a new one. */
static void
show_code (DaybookSecurityGroup *self, const DaybookSecret *code, gboolean rekeyed)
{
  g_autoptr (DaybookSecret) text = daybook_recovery_code_format_lines (code, "\n");
  AdwMessageDialog *dialog;
  GtkWidget *box, *label, *check;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      get_window (self), _ ("Write Down Your New Recovery Code"),
      rekeyed ? _ ("The diary has new keys. The old passphrase, the old recovery code and old "
                   "copies of the key file no longer open it. Backups made before still open "
                   "with the passphrase they were made with: make a new backup now and destroy "
                   "the old ones if someone may have them.\n\nThe new recovery code is shown "
                   "only this once. Write it on paper and keep it somewhere safe.")
              : _ ("It is shown only this once. Write it on paper and keep it somewhere safe. The "
                   "old code no longer opens the diary’s key file, but copies of the key file "
                   "made before (in backups, or taken by someone) still open with it. If someone "
                   "may have one, use “Someone May Know My Passphrase” instead.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  label = gtk_label_new ((const char *)daybook_secret_peek (text));
  /* Two lines of four groups, never wrapped inside a group. */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "card");
  gtk_widget_add_css_class (label, "daybook-code");
  gtk_widget_add_css_class (label, "title-3");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Recovery code"), -1);
  check = gtk_check_button_new_with_mnemonic (_ ("I have _written it down"));
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  adw_message_dialog_set_extra_child (dialog, box);

  if (rekeyed)
    {
      adw_message_dialog_add_response (dialog, "backup", _ ("_Back Up Now"));
      adw_message_dialog_set_response_enabled (dialog, "backup", FALSE);
      g_signal_connect_object (dialog, "response", G_CALLBACK (code_response_cb), self,
                               G_CONNECT_SWAPPED);
    }
  adw_message_dialog_add_response (dialog, "done", _ ("_Done"));
  adw_message_dialog_set_response_appearance (dialog, rekeyed ? "backup" : "done",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "done", FALSE);
  adw_message_dialog_set_default_response (dialog, rekeyed ? "backup" : "done");
  g_signal_connect_object (check, "notify::active", G_CALLBACK (written_toggled_cb), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (code_close_request_cb), check, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (check);
}

static void
recovery_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookSecurityGroup) self = user_data;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (GError) error = NULL;

  code = daybook_diary_new_recovery_code_finish (DAYBOOK_DIARY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (code == NULL)
    toast (self, error->message);
  else
    show_code (self, code, FALSE);
}

static void
confirm_response_cb (DaybookSecurityGroup *self, const char *response)
{
  if (g_strcmp0 (response, "new") != 0 || self->diary == NULL)
    return;

  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  daybook_diary_new_recovery_code_async (self->diary, self->cancellable, recovery_done_cb,
                                         g_object_ref (self));
}

static void
new_recovery_code_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookSecurityGroup *self = DAYBOOK_SECURITY_GROUP (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      get_window (self), _ ("Make a New Recovery Code?"),
      _ ("The recovery code you wrote down before will stop working. Do this if someone may "
         "have seen it, or if you lost it. You will see the new code once.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "new", _ ("_Make New Code"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "new", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rekey_done_cb (DaybookSecurityGroup *self, DaybookDiary *diary, DaybookPassphraseDialog *dialog)
{
  g_autoptr (DaybookSecret) code = daybook_passphrase_dialog_steal_recovery_code (dialog);

  if (code != NULL)
    show_code (self, code, TRUE);
}

static void
rekey_confirm_cb (DaybookSecurityGroup *self, const char *response)
{
  DaybookPassphraseDialog *dialog;

  if (g_strcmp0 (response, "rekey") != 0 || self->diary == NULL)
    return;
  dialog = daybook_passphrase_dialog_new_rekey (get_window (self), self->diary);
  g_signal_connect_object (dialog, "done", G_CALLBACK (rekey_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rekey_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookSecurityGroup *self = DAYBOOK_SECURITY_GROUP (widget);
  AdwMessageDialog *dialog;

  if (self->diary == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      get_window (self), _ ("Someone May Know My Passphrase"),
      _ ("Changing only the passphrase is not enough if someone may also have a copy of the "
         "diary’s key file: that copy keeps opening the diary with the old passphrase. New keys "
         "stop that. You choose a new passphrase and get a new recovery code; the diary and "
         "every piece of evidence are encrypted again.\n\nBackups made before keep opening "
         "with the old passphrase: Daybook cannot change files it does not hold.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "rekey", _ ("_Continue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "rekey", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rekey");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (rekey_confirm_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
daybook_security_group_dispose (GObject *object)
{
  DaybookSecurityGroup *self = DAYBOOK_SECURITY_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->diary);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_SECURITY_GROUP);

  G_OBJECT_CLASS (daybook_security_group_parent_class)->dispose (object);
}

static void
daybook_security_group_class_init (DaybookSecurityGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_security_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-security-group.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookSecurityGroup, spinner);

  gtk_widget_class_install_action (widget_class, "security.change-passphrase", NULL,
                                   change_passphrase_action);
  gtk_widget_class_install_action (widget_class, "security.new-recovery-code", NULL,
                                   new_recovery_code_action);
  gtk_widget_class_install_action (widget_class, "security.rekey", NULL, rekey_action);
}

static void
daybook_security_group_init (DaybookSecurityGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
daybook_security_group_set_diary (DaybookSecurityGroup *self, DaybookDiary *diary)
{
  g_return_if_fail (DAYBOOK_IS_SECURITY_GROUP (self));

  g_set_object (&self->diary, diary);
}
