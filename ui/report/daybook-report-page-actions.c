/* daybook-report-page-actions.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "daybook-report-page-private.h"
#include "daybook-ui-util.h"
#include "report/daybook-signature.h"

/*
 * Saving and printing the report. Saving runs the core's write_pdf in a
 * worker (a temporary file renamed into place, the signature beside it);
 * printing draws with the same draw_page on the main thread, a page at a
 * time, under the lock the preview's rendering takes
 * (daybook_report_draw_page_locked()).
 */

/* Saving */

void
_daybook_report_page_set_saving (DaybookReportPage *self, gboolean saving, const char *name)
{
  g_autofree char *text = NULL;

  self->saving = saving;
  if (name != NULL)
    /* TRANSLATORS: a file name */
    text = g_strdup_printf (_ ("Saving “%s”…"), name);
  gtk_label_set_text (self->saving_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->saving_box), saving);
  gtk_spinner_set_spinning (self->saving_spinner, saving);
  _daybook_report_page_update_actions (self);
}

void
_daybook_report_page_set_last_error (DaybookReportPage *self, const char *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
}

static void
toast (DaybookReportPage *self, const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
show_error_dialog (DaybookReportPage *self, const char *heading, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog
      = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookReportPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_steal_pointer (&self->save_file);
  g_autofree char *name = g_file_get_basename (file);
  gboolean signed_too = (self->save_flags & DAYBOOK_REPORT_SIGN) != 0;

  g_clear_object (&self->save_cancellable);
  _daybook_report_page_set_saving (self, FALSE, NULL);

  if (!daybook_report_write_pdf_finish (DAYBOOK_REPORT (source), result, &error))
    {
      _daybook_report_page_set_last_error (self, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _ ("Not saved"));
      else if (self->diary != NULL)
        show_error_dialog (self, _ ("Could Not Save the Report"), error->message);
    }
  else
    {
      g_autofree char *text = NULL;

      _daybook_report_page_set_last_error (self, NULL);
      if (signed_too)
        /* TRANSLATORS: a file name, then the signature's file name */
        text = g_strdup_printf (_ ("Saved “%s” and its signature “%s.minisig”"), name, name);
      else
        text = g_strdup_printf (_ ("Saved “%s”"), name);
      toast (self, text);
    }

  /* Changed while saving? Prepare again; otherwise go on drawing. */
  if (self->diary != NULL && (self->refresh_id != 0 || g_atomic_int_get (&self->stale)))
    _daybook_report_page_refresh (self);
  else
    _daybook_report_page_preview_render_next (self);
}

static void
start_save (DaybookReportPage *self)
{
  g_autofree char *path = g_file_get_path (self->save_file);

  self->save_pending = FALSE;
  daybook_report_write_pdf_async (self->report, path, self->save_flags, self->save_cancellable,
                                  save_done_cb, g_object_ref (self));
}

/* Called when no page is being drawn any more. */
void
_daybook_report_page_render_idle (DaybookReportPage *self)
{
  if (self->save_pending)
    start_save (self);
}

static void
pdf_chosen_cb (gpointer widget, GFile *file, gboolean replace)
{
  if (file != NULL)
    _daybook_report_page_save_to (DAYBOOK_REPORT_PAGE (widget), file, replace);
}

static void
save_action (GtkWidget *widget, const char *action, GVariant *param)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (widget);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->report == NULL || self->chooser != NULL)
    return;

  /* TRANSLATORS: the suggested file name; %s is today's date */
  name = g_strdup_printf (_ ("Incident report %s.pdf"), day);
  daybook_save_chooser_show (widget, _ ("Save the Report as PDF"), _ ("PDF documents"),
                             "application/pdf", ".pdf", name, &self->chooser, pdf_chosen_cb);
}

/* Handing the report key over */

static void
handover_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookReportPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_steal_pointer (&self->handover_file);
  g_autofree char *name = g_file_get_basename (file);

  self->handing_over = FALSE;
  _daybook_report_page_update_actions (self);
  if (!daybook_report_key_write_handover_finish (DAYBOOK_DIARY (source), result, &error))
    {
      _daybook_report_page_set_last_error (self, error->message);
      if (self->diary != NULL)
        show_error_dialog (self, _ ("Could Not Save the Hand-Over Sheet"), error->message);
      return;
    }

  _daybook_report_page_set_last_error (self, NULL);
  {
    g_autofree char *stem
        = g_str_has_suffix (name, ".pdf") ? g_strndup (name, strlen (name) - 4) : g_strdup (name);
    /* TRANSLATORS: the sheet's file name, then the key file's name */
    g_autofree char *text
        = g_strdup_printf (_ ("Saved “%s” and “%s.pub”: give both to the police"), name, stem);

    toast (self, text);
  }
  /* The report now names the hand-over. */
  if (self->diary != NULL)
    _daybook_report_page_refresh (self);
}

static void
handover_chosen_cb (gpointer widget, GFile *file, gboolean replace)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (widget);
  g_autofree char *given_to = g_steal_pointer (&self->handover_to);

  if (file != NULL)
    _daybook_report_page_handover_to (self, file, given_to, replace);
}

static void
show_handover_chooser (DaybookReportPage *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  /* TRANSLATORS: the suggested file name; %s is today's date */
  name = g_strdup_printf (_ ("Report key %s.pdf"), day);
  daybook_save_chooser_show (GTK_WIDGET (self), _ ("Save the Report Key’s Hand-Over Sheet"),
                             _ ("PDF documents"), "application/pdf", ".pdf", name, &self->chooser,
                             handover_chosen_cb);
}

static void
handover_dialog_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  DaybookReportPage *self = user_data; /* held until the dialog is destroyed */
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_strcmp0 (response, "choose") != 0 || self->diary == NULL || self->chooser != NULL)
    return;
  g_free (self->handover_to);
  self->handover_to = g_strdup (gtk_editable_get_text (entry));
  show_handover_chooser (self);
}

static void
handover_action (GtkWidget *widget, const char *action, GVariant *param)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->diary == NULL || self->chooser != NULL || self->handing_over)
    return;

  dialog = adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Give Your Report Key to the Police"),
      _ ("Daybook saves a one-page sheet (PDF) and a key file (.pub) beside it. Print the sheet "
         "and give it, with the key file, to the police yourself, apart from any report: they "
         "check your signed reports with this key, not with anything printed in a report. "
         "Daybook remembers when and to whom you gave it, and your reports then say so."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _ ("Officer’s name or number (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Officer’s name or number"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "choose",
                                    _ ("_Choose Where to Save…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "choose",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "choose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (handover_dialog_response_cb),
                    g_object_ref (self));
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (g_object_unref), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Statement drafts */

static void
statement_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookReportPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_steal_pointer (&self->statement_file);
  g_autofree char *name = g_file_get_basename (file);
  guint n = 0;

  g_clear_object (&self->statement_cancellable);
  _daybook_report_page_set_saving (self, FALSE, NULL);
  /* Changed while writing? The preview is prepared again. */
  if (self->diary != NULL && (self->refresh_id != 0 || g_atomic_int_get (&self->stale)))
    _daybook_report_page_refresh (self);
  if (!daybook_diary_write_statement_finish (DAYBOOK_DIARY (source), result, &n, &error))
    {
      _daybook_report_page_set_last_error (self, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _ ("Not saved"));
      else if (self->diary != NULL)
        show_error_dialog (self, _ ("Could Not Save the Draft"), error->message);
      return;
    }
  _daybook_report_page_set_last_error (self, NULL);
  {
    /* TRANSLATORS: a file name, then how many entries the draft holds */
    g_autofree char *text = g_strdup_printf (
        ngettext ("Saved “%s”, a draft from %u entry", "Saved “%s”, a draft from %u entries", n),
        name, n);

    toast (self, text);
  }
}

/**
 * _daybook_report_page_export_statement_to:
 * @replace: the user agreed to replace @file
 *
 * Writes a statement draft of the entries chosen on the page to @file, in
 * a worker thread; says when it is done, or why not.
 */
void
_daybook_report_page_export_statement_to (DaybookReportPage *self, DaybookStatementKind kind,
                                          GFile *file, gboolean replace)
{
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);

  if (self->diary == NULL || self->statement_file != NULL)
    return;
  query = _daybook_report_page_build_query (self, &error);
  if (query == NULL)
    {
      _daybook_report_page_set_last_error (self, error->message);
      show_error_dialog (self, _ ("Check the Dates"), error->message);
      return;
    }
  self->statement_file = g_object_ref (file);
  self->statement_cancellable = g_cancellable_new ();
  _daybook_report_page_set_saving (self, TRUE, name);
  daybook_diary_write_statement_async (
      self->diary, kind, query,
      query->person != NULL ? (const char *const[]){ query->person, NULL } : NULL,
      _daybook_report_page_get_language (self), path,
      replace ? DAYBOOK_STATEMENT_FORCE : DAYBOOK_STATEMENT_NONE, self->statement_cancellable,
      statement_done_cb, g_object_ref (self));
}

gboolean
_daybook_report_page_is_exporting (DaybookReportPage *self)
{
  return self->statement_file != NULL;
}

static void
statement_chosen_cb (gpointer widget, GFile *file, gboolean replace)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (widget);

  if (file != NULL)
    _daybook_report_page_export_statement_to (self, self->statement_kind, file, replace);
}

static void
export_statement (DaybookReportPage *self, DaybookStatementKind kind)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->diary == NULL || self->chooser != NULL || self->statement_file != NULL)
    return;
  self->statement_kind = kind;
  name = kind == DAYBOOK_STATEMENT_IMPACT
             /* TRANSLATORS: the suggested file name; %s is today's date */
             ? g_strdup_printf (_ ("Personal statement draft %s.odt"), day)
             /* TRANSLATORS: the suggested file name; %s is today's date */
             : g_strdup_printf (_ ("Statement draft %s.odt"), day);
  daybook_save_chooser_show (GTK_WIDGET (self),
                             kind == DAYBOOK_STATEMENT_IMPACT
                                 ? _ ("Export a Personal Statement Draft")
                                 : _ ("Export a Statement Draft"),
                             _ ("OpenDocument text"), "application/vnd.oasis.opendocument.text",
                             ".odt", name, &self->chooser, statement_chosen_cb);
}

static void
export_statement_action (GtkWidget *widget, const char *action, GVariant *param)
{
  export_statement (DAYBOOK_REPORT_PAGE (widget), DAYBOOK_STATEMENT_NARRATIVE);
}

static void
export_impact_statement_action (GtkWidget *widget, const char *action, GVariant *param)
{
  export_statement (DAYBOOK_REPORT_PAGE (widget), DAYBOOK_STATEMENT_IMPACT);
}

/* Printing */

static void
draw_page_cb (GtkPrintOperation *operation, GtkPrintContext *context, int page,
              DaybookReport *report)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double page_width, page_height, scale;

  /* Letter on A4 paper or the other way round: shrink to fit, centred. */
  daybook_report_get_page_size (report, &page_width, &page_height);
  scale = MIN (width / page_width, height / page_height);
  cairo_save (cr);
  cairo_translate (cr, (width - page_width * scale) / 2, (height - page_height * scale) / 2);
  cairo_scale (cr, scale, scale);
  daybook_report_draw_page_locked (report, cr, page);
  cairo_restore (cr);
}

static void
print_done_cb (DaybookReportPage *self, GtkPrintOperationResult result,
               GtkPrintOperation *operation)
{
  g_autoptr (GError) error = NULL;

  if (operation != self->print_operation)
    return;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      _daybook_report_page_set_last_error (self, error != NULL ? error->message : NULL);
      if (error != NULL)
        show_error_dialog (self, _ ("Could Not Print the Report"), error->message);
    }
  else
    _daybook_report_page_set_last_error (self, NULL);
  g_clear_object (&self->print_operation);
  _daybook_report_page_update_actions (self);
}

static void
run_print (DaybookReportPage *self, GtkPrintOperationAction action, GFile *file)
{
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) paper = NULL;
  g_autoptr (GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkPrintOperationResult result;
  double width, height;

  if (self->report == NULL || self->print_operation != NULL || self->saving)
    return;

  daybook_report_get_page_size (self->report, &width, &height);
  paper = gtk_paper_size_new (width > 600 ? GTK_PAPER_NAME_LETTER : GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);

  self->print_operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (self->print_operation, setup);
  gtk_print_operation_set_n_pages (self->print_operation,
                                   daybook_report_get_n_pages (self->report));
  gtk_print_operation_set_unit (self->print_operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (self->print_operation, TRUE);
  gtk_print_operation_set_job_name (self->print_operation, daybook_report_get_title (self->report));
  gtk_print_operation_set_allow_async (self->print_operation, TRUE);
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      gtk_print_operation_set_export_filename (self->print_operation, path);
    }
  /* The operation keeps its own reference: locking may drop ours. */
  g_signal_connect_data (self->print_operation, "draw-page", G_CALLBACK (draw_page_cb),
                         g_object_ref (self->report),
                         (GClosureNotify)(void (*) (void))g_object_unref, 0);
  g_signal_connect_object (self->print_operation, "done", G_CALLBACK (print_done_cb), self,
                           G_CONNECT_SWAPPED);
  _daybook_report_page_update_actions (self);

  result = gtk_print_operation_run (self->print_operation, action,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      _daybook_report_page_set_last_error (self, error->message);
      show_error_dialog (self, _ ("Could Not Print the Report"), error->message);
    }
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS && self->print_operation != NULL)
    {
      g_clear_object (&self->print_operation);
      _daybook_report_page_update_actions (self);
    }
}

static void
print_action (GtkWidget *widget, const char *action, GVariant *param)
{
  run_print (DAYBOOK_REPORT_PAGE (widget), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL);
}

void
_daybook_report_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "report.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "report.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "report.handover-key", NULL, handover_action);
  gtk_widget_class_install_action (widget_class, "report.export-statement", NULL,
                                   export_statement_action);
  gtk_widget_class_install_action (widget_class, "report.export-impact-statement", NULL,
                                   export_impact_statement_action);
}

/**
 * _daybook_report_page_save_to:
 * @replace: whether the user agreed to replace @file
 *
 * What "Save as PDF…" does once a file is chosen: writes the PDF (to a
 * temporary file renamed into place) and, when signing, `@file.minisig`
 * beside it, in a worker thread.
 */
void
_daybook_report_page_save_to (DaybookReportPage *self, GFile *file, gboolean replace)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (DAYBOOK_IS_REPORT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->report == NULL || self->saving || self->print_operation != NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _daybook_report_page_set_last_error (self, _ ("Choose a folder on this computer."));
      show_error_dialog (self, _ ("Could Not Save the Report"), self->last_error);
      return;
    }

  name = g_file_get_basename (file);
  g_set_object (&self->save_file, file);
  self->save_flags = DAYBOOK_REPORT_NONE;
  if (replace)
    self->save_flags |= DAYBOOK_REPORT_FORCE;
  if (gtk_switch_get_active (self->sign_switch))
    self->save_flags |= DAYBOOK_REPORT_SIGN;
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  _daybook_report_page_set_saving (self, TRUE, name);

  /* The report is drawn from one thread at a time: wait for the page
   * being drawn for the preview. */
  if (self->rendering)
    self->save_pending = TRUE;
  else
    start_save (self);
}

/**
 * _daybook_report_page_print_to:
 *
 * What "Print…" does, with "Print to File" chosen, without the dialog.
 */
void
_daybook_report_page_print_to (DaybookReportPage *self, GFile *file)
{
  g_return_if_fail (DAYBOOK_IS_REPORT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  run_print (self, GTK_PRINT_OPERATION_ACTION_EXPORT, file);
}

/**
 * _daybook_report_page_handover_to:
 * @given_to: (nullable): the officer's name or number
 * @replace: whether the user agreed to replace @file
 *
 * What "Give Your Report Key to the Police…" does once a name and a file
 * are chosen: writes the hand-over sheet and the `.pub` file beside it in
 * a worker thread, and the diary remembers the hand-over.
 */
void
_daybook_report_page_handover_to (DaybookReportPage *self, GFile *file, const char *given_to,
                                  gboolean replace)
{
  g_autofree char *path = NULL;

  g_return_if_fail (DAYBOOK_IS_REPORT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->diary == NULL || self->handing_over)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      _daybook_report_page_set_last_error (self, _ ("Choose a folder on this computer."));
      show_error_dialog (self, _ ("Could Not Save the Hand-Over Sheet"), self->last_error);
      return;
    }

  g_set_object (&self->handover_file, file);
  self->handing_over = TRUE;
  _daybook_report_page_update_actions (self);
  /* The sheet in the report's language, as the reports it goes with. */
  daybook_report_key_write_handover_async (self->diary, path, given_to,
                                           _daybook_report_page_get_language (self), replace, NULL,
                                           handover_done_cb, g_object_ref (self));
}
