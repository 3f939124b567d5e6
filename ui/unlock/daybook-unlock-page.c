/* daybook-unlock-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-unlock-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-ui-util.h"

#include "daybook-diary.h"
#include "daybook-error.h"
#include "daybook-passphrase-dialog.h"
#include "daybook-unlock-page.h"

struct _DaybookUnlockPage
{
  GtkWidget parent_instance;

  GtkPasswordEntry *entry;
  GtkLabel *message_label;
  GtkSpinner *spinner;

  char *dir;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (DaybookUnlockPage, daybook_unlock_page, GTK_TYPE_WIDGET)

enum
{
  UNLOCKED,
  DAMAGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (DaybookUnlockPage *self, gboolean busy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* A focused entry made insensitive never gets its focus-out: move the
   * focus away first. */
  if (busy && root != NULL)
    gtk_root_set_focus (root, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.unlock", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_message (DaybookUnlockPage *self, const char *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookUnlockPage) self = user_data;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  diary = daybook_diary_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (diary != NULL)
    {
      show_message (self, NULL);
      g_signal_emit (self, signals[UNLOCKED], 0, diary);
    }
  else if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE))
    {
      show_message (self, _ ("That passphrase is not right. Check Caps Lock and try again."));
      gtk_widget_grab_focus (GTK_WIDGET (self->entry));
    }
  else if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED))
    g_signal_emit (self, signals[DAMAGED], 0, error->message);
  else if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_BUSY))
    show_message (self, _ ("The diary is open in another program, such as daybook-cli. Close it "
                           "there and try again."));
  else
    {
      show_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->entry));
    }
}

static void
entry_activate_cb (DaybookUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock.unlock", NULL);
}

static void
entry_changed_cb (DaybookUnlockPage *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0')
    show_message (self, NULL);
}

static void
unlock_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookUnlockPage *self = DAYBOOK_UNLOCK_PAGE (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr (DaybookSecret) secret = NULL;

  if (*text == '\0')
    {
      show_message (self, _ ("Enter your passphrase."));
      return;
    }

  secret = daybook_secret_new_from_data (text, strlen (text));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  daybook_diary_open_async (self->dir, secret, self->cancellable, opened_cb, g_object_ref (self));
}

static void
recovered_cb (DaybookUnlockPage *self, DaybookDiary *diary)
{
  show_message (self, NULL);
  g_signal_emit (self, signals[UNLOCKED], 0, diary);
}

static void
forgot_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookUnlockPage *self = DAYBOOK_UNLOCK_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  DaybookPassphraseDialog *dialog;

  dialog = daybook_passphrase_dialog_new_recover (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  self->dir);
  g_signal_connect_object (dialog, "done", G_CALLBACK (recovered_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
daybook_unlock_page_dispose (GObject *object)
{
  DaybookUnlockPage *self = DAYBOOK_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_UNLOCK_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (daybook_unlock_page_parent_class)->dispose (object);
}

static void
daybook_unlock_page_finalize (GObject *object)
{
  DaybookUnlockPage *self = DAYBOOK_UNLOCK_PAGE (object);

  g_free (self->dir);

  G_OBJECT_CLASS (daybook_unlock_page_parent_class)->finalize (object);
}

static void
daybook_unlock_page_class_init (DaybookUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_unlock_page_dispose;
  object_class->finalize = daybook_unlock_page_finalize;

  /**
   * DaybookUnlockPage::unlocked:
   * @diary: the open diary
   */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, DAYBOOK_TYPE_DIARY);
  /**
   * DaybookUnlockPage::damaged:
   * @message: what the core found
   *
   * The passphrase was right but the database is damaged or tampered with.
   */
  signals[DAMAGED] = g_signal_new ("damaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookUnlockPage, entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookUnlockPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookUnlockPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "unlock.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "unlock.forgot", NULL, forgot_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_unlock_page_init (DaybookUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
daybook_unlock_page_set_dir (DaybookUnlockPage *self, const char *dir)
{
  g_return_if_fail (DAYBOOK_IS_UNLOCK_PAGE (self));

  g_free (self->dir);
  self->dir = g_strdup (dir);
}

/**
 * daybook_unlock_page_reset:
 *
 * Empties the entry and the message, ready for the next unlock.
 */
void
daybook_unlock_page_reset (DaybookUnlockPage *self)
{
  g_return_if_fail (DAYBOOK_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  show_message (self, NULL);
  set_busy (self, FALSE);
}

void
daybook_unlock_page_focus (DaybookUnlockPage *self)
{
  g_return_if_fail (DAYBOOK_IS_UNLOCK_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}
