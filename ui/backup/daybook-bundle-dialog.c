/* daybook-bundle-dialog.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-bundle-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-bundle-dialog.h"
#include "daybook-bundle.h"
#include "daybook-filter-form.h"
#include "daybook-query.h"
#include "daybook-ui-util.h"

/*
 * "Hand Over to an Advocate…": a selection like the report's, a new
 * folder, and the bundle made in a thread. Its one-time passphrase is then
 * shown once, and the dialog stays until the user says it has been given
 * or written down.
 */

struct _DaybookBundleDialog
{
  AdwWindow parent_instance;

  GtkStack *stack;
  DaybookFilterForm *filter_form;
  GtkLabel *error_label;
  GtkLabel *progress_label;
  GtkSpinner *spinner;
  GtkWidget *cancel_button;
  GtkWidget *make_button;
  GtkWidget *done_button;
  GtkLabel *passphrase_label;
  GtkLabel *advice_label;
  GtkCheckButton *given_check;
  GtkSwitch *history_switch;
  GtkSwitch *people_switch;

  DaybookDiary *diary;
  GtkNativeDialog *chooser;
  GCancellable *cancellable;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (DaybookBundleDialog, daybook_bundle_dialog, ADW_TYPE_WINDOW)

static void
show_error (DaybookBundleDialog *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_actions (DaybookBundleDialog *self)
{
  gboolean form = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bundle.make", form && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bundle.done",
                                 gtk_check_button_get_active (self->given_check));
}

static void
set_busy (DaybookBundleDialog *self, gboolean busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (gtk_stack_get_child_by_name (self->stack, "form"), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
  update_actions (self);
}

static DaybookQuery *
build_query (DaybookBundleDialog *self, GError **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  DaybookQuery *query = NULL;

  daybook_filter_form_build_query (self->filter_form, local, &query, error);
  return query;
}

static void
load_people (DaybookBundleDialog *self)
{
  g_autoptr (GListModel) people = daybook_diary_list_people (self->diary, NULL);

  daybook_filter_form_set_people (self->filter_form, people);
}

static void
show_passphrase (DaybookBundleDialog *self, const DaybookSecret *passphrase, guint n,
                 GPtrArray *missing)
{
  g_autofree char *text = g_strndup ((const char *)daybook_secret_peek (passphrase),
                                     daybook_secret_get_size (passphrase));
  g_autofree char *advice = NULL;
  g_autoptr (GString) gone = g_string_new (NULL);

  advice = g_strdup_printf (
      ngettext ("The bundle holds %u entry. This passphrase opens it and is shown only this once. "
                "Give it to your advocate separately from the bundle — read it out, or write it "
                "on paper — never in the same e-mail or on the same stick.",
                "The bundle holds %u entries. This passphrase opens it and is shown only this "
                "once. Give it to your advocate separately from the bundle — read it out, or "
                "write it on paper — never in the same e-mail or on the same stick.",
                n),
      n);
  for (guint i = 0; missing != NULL && i < missing->len; i++)
    g_string_append_printf (gone, "%s%s", i > 0 ? ", " : "", (char *)missing->pdata[i]);
  if (gone->len > 0)
    {
      /* TRANSLATORS: %s is a list of exhibits, e.g. "AE/1 (photo.jpg), AE/4 (call.txt)" */
      g_autofree char *sentence = g_strdup_printf (
          _ ("The stored copies of these exhibits are missing from your diary folder, so the "
             "bundle holds their records but not the files: %s."),
          gone->str);
      g_autofree char *both = g_strconcat (advice, "\n\n", sentence, NULL);

      g_free (advice);
      advice = g_steal_pointer (&both);
    }
  gtk_label_set_text (self->passphrase_label, text);
  gtk_label_set_text (self->advice_label, advice);
  gtk_stack_set_visible_child_name (self->stack, "passphrase");
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->make_button, FALSE);
  gtk_widget_set_visible (self->done_button, TRUE);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->given_check));
}

static void
bundle_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookBundleDialog) self = user_data;
  g_autoptr (DaybookSecret) passphrase = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (DaybookBundleResult) bundle = { 0 };

  passphrase
      = daybook_diary_export_bundle_full_finish (DAYBOOK_DIARY (source), result, &bundle, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (passphrase == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_passphrase (self, passphrase, bundle.n_entries, bundle.missing);
}

static void
folder_chosen_cb (DaybookBundleDialog *self, int response, GtkNativeDialog *chooser)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && g_file_peek_path (file) != NULL)
    _daybook_bundle_dialog_write_to (self, g_file_peek_path (file));
}

static void
make_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookBundleDialog *self = DAYBOOK_BUNDLE_DIALOG (widget);
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *native;

  if (self->busy)
    return;
  query = build_query (self, &error);
  if (query == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);

  /* TRANSLATORS: the suggested name of a new bundle folder; %s is today's date */
  suggested = g_strdup_printf (_ ("Case bundle %s"), day);
  g_clear_object (&self->chooser);
  native = gtk_file_chooser_native_new (_ ("Name a New Folder for the Bundle"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Make Bundle"),
                                        _ ("_Cancel"));
  self->chooser = GTK_NATIVE_DIALOG (native);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  g_signal_connect_object (native, "response", G_CALLBACK (folder_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
done_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
given_toggled_cb (DaybookBundleDialog *self)
{
  update_actions (self);
}

/* The passphrase exists nowhere else: it cannot be closed away unseen. */
static gboolean
daybook_bundle_dialog_close_request (GtkWindow *window)
{
  DaybookBundleDialog *self = DAYBOOK_BUNDLE_DIALOG (window);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "passphrase") == 0
      && !gtk_check_button_get_active (self->given_check))
    return TRUE;
  return GTK_WINDOW_CLASS (daybook_bundle_dialog_parent_class)->close_request (window);
}

static void
daybook_bundle_dialog_dispose (GObject *object)
{
  DaybookBundleDialog *self = DAYBOOK_BUNDLE_DIALOG (object);

  /* A bundle already being written finishes in its thread; nobody is told. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->passphrase_label != NULL)
    gtk_label_set_text (self->passphrase_label, "");
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_BUNDLE_DIALOG);
  g_clear_object (&self->diary);

  G_OBJECT_CLASS (daybook_bundle_dialog_parent_class)->dispose (object);
}

static void
daybook_bundle_dialog_class_init (DaybookBundleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = daybook_bundle_dialog_dispose;
  window_class->close_request = daybook_bundle_dialog_close_request;

  g_type_ensure (DAYBOOK_TYPE_FILTER_FORM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-bundle-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, filter_form);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, make_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, passphrase_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, advice_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, given_check);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, history_switch);
  gtk_widget_class_bind_template_child (widget_class, DaybookBundleDialog, people_switch);
  gtk_widget_class_bind_template_callback (widget_class, given_toggled_cb);

  gtk_widget_class_install_action (widget_class, "bundle.make", NULL, make_action);
  gtk_widget_class_install_action (widget_class, "bundle.done", NULL, done_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
daybook_bundle_dialog_init (DaybookBundleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  daybook_window_size_follows_text (GTK_WINDOW (self));

  update_actions (self);
}

DaybookBundleDialog *
daybook_bundle_dialog_new (GtkWindow *parent, DaybookDiary *diary)
{
  DaybookBundleDialog *self;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  self = g_object_new (DAYBOOK_TYPE_BUNDLE_DIALOG, "transient-for", parent, NULL);
  self->diary = g_object_ref (diary);
  load_people (self);
  return self;
}

gboolean
daybook_bundle_dialog_get_busy (DaybookBundleDialog *self)
{
  g_return_val_if_fail (DAYBOOK_IS_BUNDLE_DIALOG (self), FALSE);

  return self->busy;
}

void
_daybook_bundle_dialog_write_to (DaybookBundleDialog *self, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookQuery) query = NULL;

  g_return_if_fail (DAYBOOK_IS_BUNDLE_DIALOG (self));

  if (self->busy)
    return;
  query = build_query (self, &error);
  if (query == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  daybook_diary_export_bundle_full_async (
      self->diary, dir, query,
      (gtk_switch_get_active (self->history_switch) ? DAYBOOK_BUNDLE_WITH_HISTORY : 0)
          | (gtk_switch_get_active (self->people_switch) ? DAYBOOK_BUNDLE_WITH_PEOPLE : 0),
      self->cancellable, bundle_done_cb, g_object_ref (self));
}
