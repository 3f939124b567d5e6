/* daybook-report-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-i18n.h"

#include "daybook-error.h"
#include "daybook-page.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

#include "daybook-report-page-private.h"

/*
 * The Report page: what to include, a preview of the pages drawn by the
 * same renderer as the PDF, "Save as PDF…" and "Print…". The report is
 * prepared in a worker thread a moment after the selection last changed;
 * saving runs in a worker too, with a Cancel button. Locking cancels all
 * of it and drops the report and every page drawn.
 */

static void daybook_report_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookReportPage, daybook_report_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_report_page_iface_init))

#define REFRESH_DELAY_MS 500

/* Helpers */

static void
set_state (DaybookReportPage *self, const char *state)
{
  gtk_stack_set_visible_child_name (self->preview_stack, state);
  gtk_spinner_set_spinning (self->prepare_spinner, g_strcmp0 (state, "preparing") == 0);
}

static void
show_message (DaybookReportPage *self, const char *icon, const char *title, const char *description)
{
  adw_status_page_set_icon_name (self->message_status, icon);
  adw_status_page_set_title (self->message_status, title);
  adw_status_page_set_description (self->message_status, description);
  set_state (self, "message");
}

void
_daybook_report_page_update_actions (DaybookReportPage *self)
{
  gboolean ready = self->report != NULL;
  gboolean busy = self->saving || self->print_operation != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save", ready && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.print", ready && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.cancel",
                                 self->preparing != NULL || self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.refresh", self->diary != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.handover-key",
                                 self->diary != NULL && !self->handing_over);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-statement",
                                 self->diary != NULL && self->statement_file == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-impact-statement",
                                 self->diary != NULL && self->statement_file == NULL);
}

static void
update_subtitle (DaybookReportPage *self)
{
  g_autofree char *text = NULL;

  if (self->report != NULL)
    {
      guint n = daybook_report_get_n_incidents (self->report);
      guint pages = daybook_report_get_n_pages (self->report);
      g_autofree char *entries = g_strdup_printf (ngettext ("%u entry", "%u entries", n), n);
      g_autofree char *on_pages = g_strdup_printf (ngettext ("%u page", "%u pages", pages), pages);

      /* TRANSLATORS: "12 entries on 9 pages" */
      text = g_strdup_printf (_ ("%s on %s"), entries, on_pages);
    }
  adw_window_title_set_subtitle (self->window_title, text != NULL ? text : "");
}

/* The person is the report's to name (daybook_report_set_people()):
 * daybook_report_new() leaves @query->person out. */
DaybookQuery *
_daybook_report_page_build_query (DaybookReportPage *self, GError **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  DaybookQuery *query = NULL;

  daybook_filter_form_build_query (self->filter_form, local, &query, error);
  return query;
}

static void
drop_report (DaybookReportPage *self)
{
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  g_clear_object (&self->preparing);
  _daybook_report_page_preview_clear (self);
  g_clear_object (&self->report);
  update_subtitle (self);
  _daybook_report_page_update_actions (self);
}

/* What the report just prepared says of the key's hand-over. */
static void
update_handover_row (DaybookReportPage *self)
{
  const DaybookReportKey *key = daybook_report_get_key (self->report);
  g_autofree char *text = NULL;

  if (key == NULL)
    text = g_strdup (_ ("A hand-over bundle has no report key of its own"));
  else if (key->given_to == NULL)
    text = g_strdup_printf (_ ("Not handed over yet. Key id %s"), key->key_id);
  else
    {
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (key->given_at);
      /* TRANSLATORS: strftime format of the hand-over date */
      g_autofree char *date = daybook_format_date_time (when, _ ("%-d %b %Y"));

      if (key->given_to[0] == '\0')
        /* TRANSLATORS: a date, then the key id */
        text = g_strdup_printf (_ ("Last handed over on %s. Key id %s"), date, key->key_id);
      else
        /* TRANSLATORS: the officer, a date, then the key id */
        text = g_strdup_printf (_ ("Last given to %s on %s. Key id %s"), key->given_to, date,
                                key->key_id);
    }
  {
    /* The subtitle is markup; the officer's name is not. */
    g_autofree char *escaped = g_markup_escape_text (text, -1);

    adw_action_row_set_subtitle (self->handover_row, escaped);
  }
}

static void
prepare_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookReportPage) self = user_data;
  DaybookReport *report = DAYBOOK_REPORT (source);
  g_autoptr (GError) error = NULL;

  if (report != self->preparing)
    return; /* superseded or locked meanwhile */

  g_clear_object (&self->prepare_cancellable);
  if (!daybook_report_prepare_finish (report, result, &error))
    {
      g_clear_object (&self->preparing);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, "x-office-document-symbolic", _ ("Preparing Cancelled"),
                      _ ("The report was not prepared."));
      else if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND))
        show_message (self, "edit-find-symbolic", _ ("No Matching Entries"),
                      _ ("No entries match what you chose to include, so there is nothing to "
                         "report. Change the dates, the person or the behaviour types."));
      else
        show_message (self, "dialog-error-symbolic", _ ("Could Not Prepare the Report"),
                      error->message);
      _daybook_report_page_update_actions (self);
      return;
    }

  self->report = g_steal_pointer (&self->preparing);
  update_handover_row (self);
  _daybook_report_page_preview_set_report (self);
  set_state (self, "preview");
  update_subtitle (self);
  _daybook_report_page_update_actions (self);
}

/* The report's languages, in the order of language_list in the .ui. */
static const char *const report_languages[] = { "en", "cy", "pl", "ar" };

const char *
_daybook_report_page_get_language (DaybookReportPage *self)
{
  guint i = adw_combo_row_get_selected (self->language_row);

  return i < G_N_ELEMENTS (report_languages) ? report_languages[i] : "en";
}

/* The diary's remembered choice, or the window's language if it is one of
 * the report's, or English. */
static void
load_language (DaybookReportPage *self)
{
  g_autofree char *saved = NULL;
  const char *language;

  if (self->diary != NULL)
    saved = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_REPORT_LANGUAGE);
  language = daybook_language_is_known (saved) ? saved : daybook_language_from_environment ();
  for (guint i = 0; i < G_N_ELEMENTS (report_languages); i++)
    if (g_strcmp0 (language, report_languages[i]) == 0)
      adw_combo_row_set_selected (self->language_row, i);
}

void
_daybook_report_page_refresh (DaybookReportPage *self)
{
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->saving)
    return; /* the selection is read again once saved */

  drop_report (self);
  if (self->diary == NULL)
    {
      set_state (self, "none");
      return;
    }

  query = _daybook_report_page_build_query (self, &error);
  daybook_filter_form_show_error (self->filter_form, error != NULL ? error->message : NULL);
  if (query == NULL)
    {
      show_message (self, "dialog-warning-symbolic", _ ("Check the Dates"), error->message);
      return;
    }

  g_atomic_int_set (&self->stale, FALSE);
  self->preparing = daybook_report_new (self->diary, query);
  if (query->person != NULL)
    daybook_report_set_people (self->preparing, (const char *const[]){ query->person, NULL });
  daybook_report_set_paper (self->preparing, adw_combo_row_get_selected (self->paper_row) == 1
                                                 ? DAYBOOK_PAPER_LETTER
                                                 : DAYBOOK_PAPER_A4);
  if (!daybook_report_set_language (self->preparing, _daybook_report_page_get_language (self),
                                    &error))
    {
      g_clear_object (&self->preparing);
      show_message (self, "dialog-error-symbolic", _ ("This Language Is Not Installed"),
                    error->message);
      return;
    }
  {
    const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

    /* The default title, shown in the window's language, is written in the
     * report's; a title of one's own is printed as typed. */
    daybook_report_set_title (
        self->preparing,
        g_strcmp0 (title, _ ("Incident diary: a timeline of events")) == 0 ? NULL : title);
  }
  {
    g_autofree char *since
        = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->since_row))));

    daybook_report_set_since (self->preparing, since);
  }
  daybook_report_set_history (self->preparing, gtk_switch_get_active (self->history_switch));
  self->prepare_cancellable = g_cancellable_new ();
  daybook_report_prepare_async (self->preparing, self->prepare_cancellable, prepare_done_cb,
                                g_object_ref (self));
  set_state (self, "preparing");
  _daybook_report_page_update_actions (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  DaybookReportPage *self = user_data;

  self->refresh_id = 0;
  _daybook_report_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (DaybookReportPage *self)
{
  if (self->filling || self->diary == NULL)
    return;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
load_people (DaybookReportPage *self)
{
  g_autoptr (GListModel) people = NULL;

  if (self->diary != NULL)
    people = daybook_diary_list_people (self->diary, NULL);
  daybook_filter_form_set_people (self->filter_form, people);
}

/* Back to the defaults: nothing of one diary's selection is left for the
 * next person to unlock. */
static void
reset_selection (DaybookReportPage *self)
{
  const char *paper = gtk_paper_size_get_default ();

  daybook_filter_form_reset (self->filter_form);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         _ ("Incident diary: a timeline of events"));
  gtk_editable_set_text (GTK_EDITABLE (self->since_row), "");
  adw_combo_row_set_selected (self->paper_row, g_strcmp0 (paper, GTK_PAPER_NAME_LETTER) == 0);
  gtk_switch_set_active (self->sign_switch, TRUE);
  gtk_switch_set_active (self->history_switch, FALSE);
  load_language (self);
  self->filling = FALSE;
  load_people (self);
}

/* Other actions */

static void
cancel_action (GtkWidget *widget, const char *action, GVariant *param)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (widget);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  else if (self->statement_cancellable != NULL)
    g_cancellable_cancel (self->statement_cancellable);
  else if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
}

static void
refresh_action (GtkWidget *widget, const char *action, GVariant *param)
{
  _daybook_report_page_refresh (DAYBOOK_REPORT_PAGE (widget));
}

static void
previous_page_action (GtkWidget *widget, const char *action, GVariant *param)
{
  _daybook_report_page_preview_go (DAYBOOK_REPORT_PAGE (widget), -1);
}

static void
next_page_action (GtkWidget *widget, const char *action, GVariant *param)
{
  _daybook_report_page_preview_go (DAYBOOK_REPORT_PAGE (widget), 1);
}

/* Callbacks */

static void
selection_changed_cb (DaybookReportPage *self)
{
  schedule_refresh (self);
}

/* Remembered in the diary (a preference, not a case detail): the next
 * report is in the same language. A read-only hand-over bundle keeps none. */
static void
language_changed_cb (DaybookReportPage *self)
{
  if (self->filling || self->diary == NULL)
    return;
  if (!daybook_diary_is_read_only (self->diary))
    {
      const char *keys[] = { DAYBOOK_SETTING_REPORT_LANGUAGE, NULL };
      const char *values[] = { _daybook_report_page_get_language (self), NULL };
      g_autoptr (GError) error = NULL;

      if (!daybook_diary_set_settings (self->diary, keys, values, &error))
        daybook_page_add_toast (DAYBOOK_PAGE (self), error->message);
    }
  schedule_refresh (self);
}

static void
diary_changed_cb (DaybookReportPage *self)
{
  /* Any thread: only a flag here; the preview is prepared again when shown. */
  g_atomic_int_set (&self->stale, TRUE);
}

/* Overrides */

static void
daybook_report_page_map (GtkWidget *widget)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (widget);

  GTK_WIDGET_CLASS (daybook_report_page_parent_class)->map (widget);

  if (self->diary == NULL || self->saving)
    return;
  if (g_atomic_int_get (&self->stale))
    load_people (self);
  if (g_atomic_int_get (&self->stale)
      || (self->report == NULL && self->preparing == NULL
          && g_strcmp0 (gtk_stack_get_visible_child_name (self->preview_stack), "message") != 0))
    _daybook_report_page_refresh (self);
}

static void
cancel_everything (DaybookReportPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  if (self->save_pending)
    {
      /* Never started: nothing will call back. */
      self->save_pending = FALSE;
      g_clear_object (&self->save_cancellable);
      g_clear_object (&self->save_file);
      _daybook_report_page_set_saving (self, FALSE, NULL);
    }
  /* A statement draft being written is cancelled; its callback clears up. */
  if (self->statement_cancellable != NULL)
    g_cancellable_cancel (self->statement_cancellable);
  if (self->print_operation != NULL)
    {
      gtk_print_operation_cancel (self->print_operation);
      g_clear_object (&self->print_operation);
    }
  drop_report (self);
}

static void
daybook_report_page_dispose (GObject *object)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (object);

  if (self->diary != NULL)
    g_signal_handlers_disconnect_by_func (self->diary, diary_changed_cb, self);
  g_clear_object (&self->diary);
  if (self->textures != NULL)
    cancel_everything (self);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->save_file);
  g_clear_object (&self->render_cancellable);
  g_clear_pointer (&self->textures, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->page_items);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->handover_to, g_free);
  g_clear_object (&self->handover_file);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_REPORT_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (daybook_report_page_parent_class)->dispose (object);
}

static void
daybook_report_page_class_init (DaybookReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_report_page_dispose;

  g_type_ensure (DAYBOOK_TYPE_FILTER_FORM);
  daybook_page_class_install_properties (object_class);
  widget_class->map = daybook_report_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, handover_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, flap);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, filter_form);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, filter_panel);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, filter_clamp);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, title_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, since_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, paper_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, sign_switch);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, history_switch);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, prepare_spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, message_status);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, pages_scroller);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, pages_view);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, saving_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, saving_spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookReportPage, saving_label);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_changed_cb);

  _daybook_report_page_class_actions_init (widget_class);
  gtk_widget_class_install_action (widget_class, "report.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "report.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "report.previous-page", NULL,
                                   previous_page_action);
  gtk_widget_class_install_action (widget_class, "report.next-page", NULL, next_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "report.print",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "report.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "report.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_report_page_init (DaybookReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The filters' titles ("From (e.g. 2026-01-31)") keep their room at 200 % text. */
  daybook_width_follows_text (self->filter_panel, 320);
  daybook_width_follows_text (self->filter_clamp, 340);

  _daybook_report_page_preview_init (self);
  reset_selection (self);
  set_state (self, "none");
  _daybook_report_page_update_actions (self);
}

/* With %NULL (locking), cancels whatever is being prepared, saved or printed, drops
 * the report and every page drawn, and resets the selection.
 */
static void
daybook_report_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookReportPage *self = DAYBOOK_REPORT_PAGE (page);

  cancel_everything (self);
  if (self->diary != NULL)
    g_signal_handlers_disconnect_by_func (self->diary, diary_changed_cb, self);
  g_set_object (&self->diary, diary);
  if (diary != NULL)
    g_signal_connect_object (diary, "changed", G_CALLBACK (diary_changed_cb), self,
                             G_CONNECT_SWAPPED);
  g_atomic_int_set (&self->stale, FALSE);
  _daybook_report_page_set_last_error (self, NULL);
  reset_selection (self);
  set_state (self, "none");
  _daybook_report_page_update_actions (self);

  if (diary != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    _daybook_report_page_refresh (self);
}

static void
daybook_report_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_report_page_set_diary;
}

/* Public API */

const char *
_daybook_report_page_get_state (DaybookReportPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->preview_stack);
}

guint
_daybook_report_page_get_n_pages (DaybookReportPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT_PAGE (self), 0);

  return self->report != NULL ? daybook_report_get_n_pages (self->report) : 0;
}

/* Whether something is being prepared, saved or printed. */
gboolean
_daybook_report_page_is_busy (DaybookReportPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT_PAGE (self), FALSE);

  return self->refresh_id != 0 || self->preparing != NULL || self->saving
         || self->print_operation != NULL || self->handing_over;
}

/* Returns: (nullable): why the last save or print failed */
const char *
_daybook_report_page_get_last_error (DaybookReportPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT_PAGE (self), NULL);

  return self->last_error;
}
