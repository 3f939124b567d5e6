/* daybook-import-dialog.c — importing a phone or mail export from the window
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks only what the import needs. First the sandboxed helper detects the
 * format (a probe: DaybookImportOptions.probe, nothing else is read but a
 * table's header row); the format is preselected and the user may choose
 * another (WhatsApp, Telegram, SMS, calls, .eml, mbox as mboxrd or mboxo,
 * a CSV table). For a table, each field of an entry (date, time, title,
 * what happened, where, who, police reference) gets a drop-down of the
 * file's column names, preselected from the names the parser knows. Then:
 * the zone the export's local times are read in (the computer's by
 * default), the user's own name as the export writes it (their messages
 * are "You"), and — only after the parser refused a file whose dates could
 * be read two ways — the date order, with the parser's sentence naming two
 * example lines. The import runs in a worker thread
 * (daybook_diary_import_messages_async()); Cancel stops it before its one
 * transaction commits, so nothing of it is added: not the original
 * exhibit, not a message, not a person.
 * Before anything is stored, a preview parses the file with the choices
 * shown (in the same sandboxed helper, from the file on disk, in a worker
 * thread) and shows how many records it holds, the first and last time as
 * the file writes them and its senders, each with a field for the person
 * of the register they are (empty: not mapped); for a table, its first
 * rows as they will become entries (each new row is an entry citing its
 * row: app/import/daybook-import-table.c). What was imported is shown
 * after.
 */

#define G_LOG_DOMAIN "daybook-import-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "daybook-error.h"
#include "daybook-import-parse.h"
#include "daybook-import.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

#include "daybook-import-dialog.h"

#define N_FIELDS 7

struct _DaybookImportDialog
{
  AdwWindow parent_instance;

  DaybookDiary *diary;
  GFile *file;
  GCancellable *cancellable;
  gboolean busy;
  guint imported;
  guint pulse_id;
  char *message;
  char *question; /* the parser's sentence naming two lines whose dates read two ways */

  GCancellable *preview_cancellable;
  GtkWidget *format;     /* AdwComboRow, formats[] */
  gboolean format_known; /* detected or chosen: the preview and Import run */
  gboolean filling;      /* the rows are being set, not chosen */
  GtkWidget *columns_group;
  GtkWidget *column_rows[N_FIELDS]; /* AdwComboRow: none, then each column */
  guint n_columns;                  /* of the table's header row */
  GtkWidget *rows_group;
  GtkWidget *rows_list;    /* GtkListBox: a table's first rows as imported */
  GPtrArray *preview_rows; /* char *: what each of those rows says */
  GtkWidget *senders_group;
  GPtrArray *sender_rows; /* AdwEntryRow, titled with the sender */
  GtkWidget *zone;
  GtkWidget *me;
  GtkWidget *order_row;
  GtkWidget *order;
  GtkWidget *status;
  GtkWidget *progress;
  GtkWidget *import_button;
  GtkWidget *cancel_button;
};

G_DEFINE_FINAL_TYPE (DaybookImportDialog, daybook_import_dialog, ADW_TYPE_WINDOW)

static const char *const orders[] = { "dmy", "mdy", "ymd" };

/* What the format row offers; [0] when the file's format was not
 * recognised (nothing is read until one is chosen). */
static const struct
{
  const char *id;
  DaybookImportFormat format;
  gboolean mboxo;
  const char *label;
} formats[] = {
  { NULL, DAYBOOK_IMPORT_FORMAT_AUTO, FALSE, N_ ("Not recognised") },
  { "whatsapp", DAYBOOK_IMPORT_FORMAT_WHATSAPP, FALSE, N_ ("WhatsApp") },
  { "telegram", DAYBOOK_IMPORT_FORMAT_TELEGRAM, FALSE, N_ ("Telegram") },
  /* Translators: SMS Backup & Restore's messages file */
  { "sms", DAYBOOK_IMPORT_FORMAT_SMS, FALSE, N_ ("SMS") },
  /* Translators: SMS Backup & Restore's call log */
  { "calls", DAYBOOK_IMPORT_FORMAT_CALLS, FALSE, N_ ("Calls") },
  { "eml", DAYBOOK_IMPORT_FORMAT_EML, FALSE, N_ ("E-mail (.eml)") },
  { "mboxrd", DAYBOOK_IMPORT_FORMAT_MBOX, FALSE, N_ ("Mailbox (mboxrd)") },
  { "mboxo", DAYBOOK_IMPORT_FORMAT_MBOX, TRUE, N_ ("Mailbox (mboxo)") },
  { "csv", DAYBOOK_IMPORT_FORMAT_CSV, FALSE, N_ ("Spreadsheet (CSV)") },
};
#define FORMAT_CSV 8

/* A table's fields, as DaybookImportOptions.csv_columns names them. */
static const struct
{
  const char *id;
  const char *label;
} fields[N_FIELDS] = {
  { "date", N_ ("Date") },
  { "time", N_ ("Time") },
  { "title", N_ ("Title") },
  /* Translators: the column of a table that says what happened */
  { "text", N_ ("What happened") },
  { "where", N_ ("Where") },
  { "who", N_ ("Who") },
  { "police", N_ ("Police reference") },
};

#define PREVIEW_ROWS 5

static void
set_message (DaybookImportDialog *self, const char *text, gboolean error)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->status), text);
  gtk_widget_set_visible (self->status, text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (self->status, "error");
  else
    gtk_widget_remove_css_class (self->status, "error");
}

static void
set_busy (DaybookImportDialog *self, gboolean busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->progress, busy);
  gtk_widget_set_sensitive (self->import_button, !busy && self->format_known);
  /* The entries stay sensitive (an insensitive focused entry misses its
   * focus-out); what they hold is read only when an import starts. */
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), busy ? _ ("_Stop") : _ ("_Close"));
  if (!busy)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static gboolean
pulse_cb (gpointer data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (DAYBOOK_IMPORT_DIALOG (data)->progress));
  return G_SOURCE_CONTINUE;
}

static char *
format_utc (gint64 utc)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (utc);

  /* Translators: first and last message of an import, see g_date_time_format() */
  return dt != NULL ? daybook_format_date_time (dt, _ ("%-d %B %Y %H:%M")) : g_strdup ("");
}

static char *
describe_result (const DaybookImportResult *r)
{
  GString *s = g_string_new (NULL);
  guint skipped = r->skipped != NULL ? g_variant_n_children (r->skipped) : 0;

  if (r->already)
    {
      g_string_printf (s, _ ("This file was imported before, as exhibit %s; nothing was added."),
                       r->mark);
      return g_string_free (s, FALSE);
    }
  g_string_printf (s, _ ("Stored as exhibit %s (SHA-256 %s)."), r->mark, r->sha256);
  g_string_append_c (s, ' ');
  if (g_strcmp0 (r->format, "csv") == 0)
    /* Translators: a table's new rows: each became an entry of the diary
     * that cites its row (the row is shown on the Messages page) */
    g_string_append_printf (s,
                            ngettext ("%u row became an entry, citing its row on the Messages page",
                                      "%u rows became entries, each citing its row on the "
                                      "Messages page",
                                      r->entries),
                            r->entries);
  else
    {
      g_string_append_printf (s, ngettext ("%u message", "%u messages", r->messages), r->messages);
      g_string_append (s, ", ");
      g_string_append_printf (s, ngettext ("%u call", "%u calls", r->calls), r->calls);
      g_string_append (s, ", ");
      g_string_append_printf (s, ngettext ("%u media file", "%u media files", r->media), r->media);
      g_string_append (s, _ (" imported"));
    }
  if (r->first != 0)
    {
      g_autofree char *first = format_utc (r->first);
      g_autofree char *last = format_utc (r->last);

      g_string_append_printf (s, _ (", from %s to %s"), first, last);
    }
  g_string_append (s, ".");
  if (r->present > 0)
    g_string_append_printf (s,
                            ngettext (" %u was already in the diary from an earlier export.",
                                      " %u were already in the diary from an earlier export.",
                                      r->present),
                            r->present);
  if (r->flagged > 0)
    g_string_append_printf (s,
                            ngettext (" %u time falls in a clock change and is flagged.",
                                      " %u times fall in a clock change and are flagged.",
                                      r->flagged),
                            r->flagged);
  if (skipped > 0)
    g_string_append_printf (s,
                            ngettext (" %u line could not be read and was left out.",
                                      " %u lines could not be read and were left out.", skipped),
                            skipped);
  return g_string_free (s, FALSE);
}

typedef struct
{
  GHashTable *senders; /* sender -> count */
  GPtrArray *order;    /* senders, first seen first */
  guint records;
  gint64 first;
  gint64 last;
  gboolean local; /* the times are wall-clock times (no zone in the file) */
  GVariant *summary;
  gboolean probe;   /* only the format and a table's header row */
  GVariant *header; /* a probe's header row */
  GPtrArray *rows;  /* GVariant: a table's first records */
} Preview;

static void
preview_free (Preview *p)
{
  g_hash_table_unref (p->senders);
  g_ptr_array_unref (p->order);
  g_clear_pointer (&p->summary, g_variant_unref);
  g_clear_pointer (&p->header, g_variant_unref);
  g_ptr_array_unref (p->rows);
  g_free (p);
}

static gboolean
preview_record_cb (GVariant *record, gpointer data, GError **error)
{
  Preview *p = data;
  const char *direction = NULL, *sender = NULL, *basis = NULL;
  gint64 seconds = 0;

  if (!daybook_import_record_check (record, error))
    return FALSE;
  if (p->probe)
    {
      if (p->header == NULL)
        p->header = g_variant_ref (record);
      return TRUE;
    }
  if (p->rows->len < PREVIEW_ROWS)
    g_ptr_array_add (p->rows, g_variant_ref (record));
  g_variant_get_child (record, 1, "&s", &direction);
  g_variant_get_child (record, 2, "&s", &sender);
  g_variant_get_child (record, 5, "x", &seconds);
  g_variant_get_child (record, 6, "&s", &basis);
  if (p->records == 0 || seconds < p->first)
    p->first = seconds;
  if (p->records == 0 || seconds > p->last)
    p->last = seconds;
  p->local = g_strcmp0 (basis, "local") == 0;
  p->records++;
  if (g_strcmp0 (direction, "system") != 0 && *sender != '\0'
      && !g_hash_table_contains (p->senders, sender) && p->order->len < 50)
    {
      char *copy = g_strdup (sender);

      g_hash_table_add (p->senders, copy);
      g_ptr_array_add (p->order, copy);
    }
  return TRUE;
}

static gboolean
preview_media_cb (GVariant *media, gpointer data, GError **error)
{
  return TRUE;
}

static void
preview_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DaybookImportOptions *options = task_data;
  GFile *file = source;
  g_autoptr (GFileInputStream) input = NULL;
  DaybookImportSink sink = { preview_record_cb, preview_media_cb };
  Preview *p = g_new0 (Preview, 1);
  GError *error = NULL;

  p->senders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->order = g_ptr_array_new ();
  p->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  p->probe = options->probe;
  input = g_file_read (file, cancellable, &error);
  if (input == NULL
      || !daybook_import_parse (G_INPUT_STREAM (input), options, &sink, p, &p->summary, cancellable,
                                &error))
    {
      preview_free (p);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, p, (GDestroyNotify)preview_free);
}

static void
options_free (DaybookImportOptions *options)
{
  g_free ((char *)options->date_order);
  g_free ((char *)options->me);
  g_free ((char *)options->csv_columns);
  g_free (options);
}

static char *
format_preview_time (const Preview *p, gint64 seconds)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr (GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  if (p->local)
    /* Translators: a time as the export writes it, see g_date_time_format() */
    return daybook_format_date_time (utc, _ ("%-d %B %Y %H:%M"));
  local = g_date_time_to_local (utc);
  return daybook_format_date_time (local, _ ("%-d %B %Y %H:%M"));
}

static void ask_date_order (DaybookImportDialog *self);
static void start_preview (DaybookImportDialog *self);
static void start_probe (DaybookImportDialog *self, DaybookImportFormat format);

static void
clear_senders (DaybookImportDialog *self)
{
  while (self->sender_rows->len > 0)
    {
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->senders_group),
                                    g_ptr_array_index (self->sender_rows, 0));
      g_ptr_array_remove_index (self->sender_rows, 0);
    }
  gtk_widget_set_visible (self->senders_group, FALSE);
}

static void
clear_rows (DaybookImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->rows_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->rows_list), child);
  g_ptr_array_set_size (self->preview_rows, 0);
  gtk_widget_set_visible (self->rows_group, FALSE);
}

static guint
selected_format (DaybookImportDialog *self)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->format));

  return i < G_N_ELEMENTS (formats) ? i : 0;
}

/* The mapping the column rows show, as csv_columns; NULL without a
 * header row read. */
static char *
dup_columns (DaybookImportDialog *self)
{
  GString *spec;

  if (self->n_columns == 0)
    return NULL;
  spec = g_string_new (NULL);
  for (guint f = 0; f < N_FIELDS; f++)
    {
      guint column = adw_combo_row_get_selected (ADW_COMBO_ROW (self->column_rows[f]));

      if (column != GTK_INVALID_LIST_POSITION && column > 0 && column <= self->n_columns)
        g_string_append_printf (spec, "%s%s=%u", spec->len > 0 ? "," : "", fields[f].id, column);
    }
  return g_string_free (spec, FALSE);
}

/* The column rows offer "none" and each column of @header (a probe's
 * record), preselected from its "mapping". */
static void
fill_columns (DaybookImportDialog *self, GVariant *header)
{
  g_autoptr (GVariant) cells = g_variant_get_child_value (header, 14);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  const char *mapping = NULL;
  guint n = 0;

  gtk_string_list_append (names, _ ("None"));
  for (guint c = 1; c <= DAYBOOK_IMPORT_PROBE_COLUMNS; c++)
    {
      char key[16];
      const char *name = NULL;
      g_autofree char *label = NULL;
      g_autofree char *short_name = NULL;

      g_snprintf (key, sizeof key, "%u", c);
      if (!g_variant_lookup (cells, key, "&s", &name))
        break;
      /* A long name would widen the dialog past the screen: its start. */
      if (g_utf8_strlen (name, -1) > 40)
        {
          g_autofree char *cut = g_utf8_substring (name, 0, 40);

          short_name = g_strconcat (cut, "…", NULL);
          name = short_name;
        }
      /* Translators: a column of a table: its number and the name in its first row */
      label = g_strdup_printf (_ ("Column %u: %s"), c, *name != '\0' ? name : _ ("(no name)"));
      gtk_string_list_append (names, label);
      n = c;
    }
  self->n_columns = n;
  self->filling = TRUE;
  for (guint f = 0; f < N_FIELDS; f++)
    {
      adw_combo_row_set_model (ADW_COMBO_ROW (self->column_rows[f]), G_LIST_MODEL (names));
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->column_rows[f]), 0);
    }
  if (g_variant_lookup (cells, "mapping", "&s", &mapping))
    {
      g_auto (GStrv) parts = g_strsplit (mapping, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_auto (GStrv) kv = g_strsplit (parts[i], "=", 2);
          guint64 column = 0;

          if (kv[0] == NULL || kv[1] == NULL
              || !g_ascii_string_to_unsigned (kv[1], 10, 1, n, &column, NULL))
            continue;
          for (guint f = 0; f < N_FIELDS; f++)
            if (g_str_equal (kv[0], fields[f].id))
              adw_combo_row_set_selected (ADW_COMBO_ROW (self->column_rows[f]), (guint)column);
        }
    }
  self->filling = FALSE;
}

/* What one of a table's records will be, in a few lines. */
static char *
describe_row (const Preview *p, GVariant *record)
{
  g_autoptr (GVariant) cells = g_variant_get_child_value (record, 14);
  GString *s = g_string_new (NULL);
  gint64 seconds = 0;
  guint32 line = 0;
  const char *value = NULL;
  g_autofree char *when = NULL;
  static const guint parts[] = { 3, 4, 5, 6 }; /* fields[]: text, where, who, police */

  g_variant_get_child (record, 5, "x", &seconds);
  g_variant_get_child (record, 9, "u", &line);
  if (g_variant_lookup (cells, "time", "&s", &value) && *value != '\0')
    when = format_preview_time (p, seconds);
  else
    {
      g_autoptr (GDateTime) day = g_date_time_new_from_unix_utc (seconds);

      /* Translators: a table's date without a time, see g_date_time_format() */
      when = day != NULL ? daybook_format_date_time (day, _ ("%-d %B %Y")) : g_strdup ("");
    }
  if (!g_variant_lookup (cells, "title", "&s", &value))
    value = NULL;
  /* Translators: a table's row in the preview: its line, when, its title */
  g_string_printf (s, _ ("Line %u · %s · %s"), line, when,
                   value != NULL ? value : _ ("(no title)"));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_variant_lookup (cells, fields[parts[i]].id, "&s", &value) && *value != '\0')
      {
        g_autofree char *shown = NULL;

        if (g_utf8_strlen (value, -1) > 200)
          {
            g_autofree char *cut = g_utf8_substring (value, 0, 200);

            shown = g_strconcat (cut, "…", NULL);
          }
        else
          shown = g_strdup (value);
        g_string_append_c (s, '\n');
        /* Translators: a field of a table's row in the preview, and its cell */
        g_string_append_printf (s, _ ("%s: %s"), _ (fields[parts[i]].label), shown);
      }
  return g_string_free (s, FALSE);
}

static void
show_rows (DaybookImportDialog *self, const Preview *p)
{
  for (guint i = 0; i < p->rows->len; i++)
    {
      char *text = describe_row (p, g_ptr_array_index (p->rows, i));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (GTK_LIST_BOX (self->rows_list), label);
      g_ptr_array_add (self->preview_rows, text);
    }
  gtk_widget_set_visible (self->rows_group, p->rows->len > 0);
}

static void
probe_done (DaybookImportDialog *self, DaybookImportFormat asked, Preview *p, GError *error)
{
  const char *format = NULL;
  guint index = 0;

  if (p == NULL)
    {
      set_busy (self, FALSE);
      /* A format the user chose, whose header row could not be read. */
      if (asked != DAYBOOK_IMPORT_FORMAT_AUTO)
        {
          set_message (self, error->message, TRUE);
          return;
        }
      self->format_known = FALSE;
      self->filling = TRUE;
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->format), 0);
      self->filling = FALSE;
      set_busy (self, FALSE);
      set_message (self,
                   _ ("Daybook does not recognise this file as a chat, SMS, call log, e-mail or "
                      "table export. If it is one, choose its format above. A photo, a recording "
                      "or another document is evidence of another kind: add it on the Evidence "
                      "page or attach it to an entry."),
                   TRUE);
      return;
    }
  g_variant_get_child (p->summary, 0, "&s", &format);
  for (guint i = 1; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i].id, format) == 0
        || (g_str_equal (format, "mbox") && g_strcmp0 (formats[i].id, "mboxrd") == 0))
      {
        index = i;
        break;
      }
  if (asked != DAYBOOK_IMPORT_FORMAT_AUTO)
    index = selected_format (self); /* a probe for the header row of a chosen format */
  self->filling = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->format), index);
  self->filling = FALSE;
  self->format_known = index > 0;
  gtk_widget_set_visible (self->columns_group, index == FORMAT_CSV);
  if (index == FORMAT_CSV && p->header != NULL)
    fill_columns (self, p->header);
  if (!self->format_known)
    {
      set_busy (self, FALSE);
      return;
    }
  start_preview (self);
}

static void
preview_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DaybookImportDialog) self = data;
  g_autoptr (GError) error = NULL;
  Preview *p = g_task_propagate_pointer (G_TASK (result), &error);
  const DaybookImportOptions *options = g_task_get_task_data (G_TASK (result));
  gboolean probe = options->probe;
  DaybookImportFormat asked = options->format;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->diary == NULL)
    {
      g_clear_pointer (&p, preview_free);
      return;
    }
  g_clear_object (&self->preview_cancellable);
  clear_senders (self);
  clear_rows (self);
  if (probe)
    {
      probe_done (self, asked, p, error);
      g_clear_pointer (&p, preview_free);
      return;
    }
  set_busy (self, FALSE);
  if (p == NULL)
    {
      set_message (self, error->message, TRUE);
      if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID)
          && strstr (error->message, "date-order") != NULL)
        ask_date_order (self);
      return;
    }
  {
    g_autofree char *first = format_preview_time (p, p->first);
    g_autofree char *last = format_preview_time (p, p->last);
    g_autoptr (GString) text = g_string_new (NULL);
    g_autoptr (GVariant) skipped = g_variant_get_child_value (p->summary, 4);
    guint n_skipped = g_variant_n_children (skipped);
    gboolean table = selected_format (self) == FORMAT_CSV;

    if (p->records == 0 && table)
      g_string_append (text, _ ("No row of this table can be read with these columns."));
    else if (p->records == 0)
      g_string_append (text, _ ("This file holds no message or call that Daybook can read."));
    else if (table)
      g_string_append_printf (text,
                              ngettext ("The table has %u row that can be read, from %s to %s.",
                                        "The table has %u rows that can be read, from %s to %s.",
                                        p->records),
                              p->records, first, last);
    else
      g_string_append_printf (text,
                              ngettext ("The file holds %u message or call, from %s to %s.",
                                        "The file holds %u messages and calls, from %s to %s.",
                                        p->records),
                              p->records, first, last);
    if (n_skipped > 0)
      {
        g_string_append_c (text, ' ');
        g_string_append_printf (text,
                                ngettext ("%u line cannot be read and will be left out.",
                                          "%u lines cannot be read and will be left out.",
                                          n_skipped),
                                n_skipped);
      }
    g_string_append_c (text, ' ');
    g_string_append (text, _ ("Nothing is stored until you choose Import."));
    if (self->question != NULL)
      {
        g_autofree char *both = g_strdup_printf ("%s\n\n%s", self->question, text->str);

        set_message (self, both, FALSE);
      }
    else
      set_message (self, text->str, FALSE);
  }
  if (selected_format (self) == FORMAT_CSV)
    show_rows (self, p);
  for (guint i = 0; i < p->order->len; i++)
    {
      const char *sender = g_ptr_array_index (p->order, i);
      GtkWidget *row = adw_entry_row_new ();
      DaybookPerson *known = daybook_diary_find_person (self->diary, sender);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sender);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (known != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), daybook_person_get_name (known));
      g_clear_object (&known);
      g_object_set_data_full (G_OBJECT (row), "daybook-sender", g_strdup (sender), g_free);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->senders_group), row);
      g_ptr_array_add (self->sender_rows, row);
    }
  gtk_widget_set_visible (self->senders_group, p->order->len > 0);
  preview_free (p);
}

static void
run_preview (DaybookImportDialog *self, DaybookImportOptions *options)
{
  g_autoptr (GTask) task = NULL;

  /* Not while importing: what the import reads was fixed when it began. */
  if (self->cancellable != NULL)
    {
      options_free (options);
      return;
    }
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();
  task = g_task_new (self->file, self->preview_cancellable, preview_done_cb, g_object_ref (self));
  g_task_set_task_data (task, options, (GDestroyNotify)options_free);
  set_message (self, _ ("Reading the file…"), FALSE);
  set_busy (self, TRUE);
  if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (150, pulse_cb, self);
  g_task_run_in_thread (task, preview_thread);
}

/* Which format, and for a table its header row: read in the helper. */
static void
start_probe (DaybookImportDialog *self, DaybookImportFormat format)
{
  DaybookImportOptions *options = g_new0 (DaybookImportOptions, 1);

  options->format = format;
  options->probe = TRUE;
  run_preview (self, options);
}

static void
start_preview (DaybookImportDialog *self)
{
  DaybookImportOptions *options;
  guint order = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->order));
  guint format = selected_format (self);

  if (!self->format_known || format == 0)
    return;
  options = g_new0 (DaybookImportOptions, 1);
  options->format = formats[format].format;
  options->mboxo = formats[format].mboxo;
  if (gtk_widget_get_visible (self->order_row) && order < G_N_ELEMENTS (orders))
    options->date_order = g_strdup (orders[order]);
  if (format == FORMAT_CSV)
    options->csv_columns = dup_columns (self);
  run_preview (self, options);
}

/* The preview runs again in the order shown, so the user sees the dates
 * read that way before anything is stored. */
static void
ask_date_order (DaybookImportDialog *self)
{
  gboolean shown = gtk_widget_get_visible (self->order_row);

  g_free (self->question);
  self->question = g_strdup (self->message);

  gtk_widget_set_visible (self->order_row, TRUE);
  gtk_widget_grab_focus (self->order);
  if (!shown && !self->busy)
    start_preview (self);
}

static void
order_changed_cb (DaybookImportDialog *self)
{
  if (self->file != NULL && gtk_widget_get_visible (self->order_row))
    start_preview (self);
}

static void
format_changed_cb (DaybookImportDialog *self)
{
  guint format = selected_format (self);

  if (self->filling || self->file == NULL || self->cancellable != NULL)
    return;
  self->format_known = format > 0;
  gtk_widget_set_visible (self->columns_group, format == FORMAT_CSV);
  /* Another format reads its dates its own way: ask again if needed. */
  gtk_widget_set_visible (self->order_row, FALSE);
  g_clear_pointer (&self->question, g_free);
  clear_senders (self);
  clear_rows (self);
  if (format == 0)
    {
      if (self->preview_cancellable != NULL)
        g_cancellable_cancel (self->preview_cancellable);
      g_clear_object (&self->preview_cancellable);
      set_busy (self, FALSE);
      set_message (self, _ ("Choose the format of this file."), FALSE);
      return;
    }
  if (format == FORMAT_CSV && self->n_columns == 0)
    start_probe (self, DAYBOOK_IMPORT_FORMAT_CSV);
  else
    start_preview (self);
}

static void
column_changed_cb (DaybookImportDialog *self)
{
  if (!self->filling && self->file != NULL && selected_format (self) == FORMAT_CSV)
    start_preview (self);
}

static void
import_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DaybookImportDialog) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookImportResult) r
      = daybook_diary_import_messages_finish (DAYBOOK_DIARY (source), result, &error);

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (r == NULL)
    {
      gtk_widget_set_sensitive (self->format, TRUE);
      gtk_widget_set_sensitive (self->columns_group, TRUE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_message (self,
                     _ ("The import was stopped: nothing of it was added, not even the file "
                        "itself."),
                     TRUE);
      else
        set_message (self, error->message, TRUE);
      /* The parser names two lines whose dates read two ways: ask. */
      if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID)
          && strstr (error->message, "date-order") != NULL)
        ask_date_order (self);
      return;
    }
  self->imported = r->messages + r->calls;
  {
    g_autofree char *text = describe_result (r);

    set_message (self, text, FALSE);
  }
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _ ("_Close"));
  gtk_widget_grab_focus (self->cancel_button);
}

static void
cancel_clicked_cb (DaybookImportDialog *self)
{
  if (self->busy)
    daybook_import_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request_cb (DaybookImportDialog *self)
{
  /* Closing while importing stops the import first. */
  if (self->busy)
    {
      daybook_import_dialog_cancel (self);
      return TRUE;
    }
  return FALSE;
}

static void
daybook_import_dialog_dispose (GObject *object)
{
  DaybookImportDialog *self = DAYBOOK_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_pointer (&self->sender_rows, g_ptr_array_unref);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_object (&self->diary);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->question, g_free);

  G_OBJECT_CLASS (daybook_import_dialog_parent_class)->dispose (object);
}

static void
daybook_import_dialog_class_init (DaybookImportDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = daybook_import_dialog_dispose;
}

static void
daybook_import_dialog_init (DaybookImportDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GtkStringList) order_names = gtk_string_list_new (NULL);

  gtk_window_set_title (GTK_WINDOW (self), _ ("Import Messages"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);
  daybook_window_size_follows_text (GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_box_append (GTK_BOX (box), header);

  self->zone = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->zone),
                                 _ ("Time zone of the phone or computer that made the export"));
  gtk_editable_set_text (GTK_EDITABLE (self->zone), g_time_zone_get_identifier (local));
  self->me = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->me),
                                 _ ("Your own name as the export writes it (optional)"));
  gtk_string_list_append (order_names, _ ("Day, month, year"));
  gtk_string_list_append (order_names, _ ("Month, day, year"));
  gtk_string_list_append (order_names, _ ("Year, month, day"));
  self->order = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (order_names)), NULL);
  gtk_widget_set_valign (self->order, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->order), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Order of the dates"), -1);
  self->order_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->order_row), _ ("Order of the dates"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->order_row),
                               _ ("Find the two lines quoted below on the phone and choose how "
                                  "their dates are written."));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->order_row), self->order);
  gtk_widget_set_visible (self->order_row, FALSE);
  {
    g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      gtk_string_list_append (names, _ (formats[i].label));
    self->format = adw_combo_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->format), _ ("Format"));
    adw_combo_row_set_model (ADW_COMBO_ROW (self->format), G_LIST_MODEL (names));
    /* Above the rows, not as the row's subtitle: beside a long subtitle
     * the chosen format was cut to "W…" at 200 % text. */
    adw_preferences_group_set_description (
        ADW_PREFERENCES_GROUP (group), _ ("Found from the file's contents: choose another if it is "
                                          "wrong. Mailboxes are mostly mboxrd."));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->format);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->zone);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->me);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->order_row);
  self->sender_rows = g_ptr_array_new ();
  self->senders_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->senders_group), _ ("Who is who"));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (self->senders_group),
      _ ("For each sender, the person of your register they are (a new name adds the person). "
         "Leave it empty to keep the sender as the file names them."));
  gtk_widget_set_visible (self->senders_group, FALSE);

  self->columns_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->columns_group),
                                   _ ("Columns of the table"));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (self->columns_group),
      _ ("Which column holds each part of an entry. The date is needed; rows whose date cannot "
         "be read are left out."));
  for (guint f = 0; f < N_FIELDS; f++)
    {
      self->column_rows[f] = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->column_rows[f]),
                                     _ (fields[f].label));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->columns_group), self->column_rows[f]);
      g_signal_connect_swapped (self->column_rows[f], "notify::selected",
                                G_CALLBACK (column_changed_cb), self);
    }
  gtk_widget_set_visible (self->columns_group, FALSE);
  self->preview_rows = g_ptr_array_new_with_free_func (g_free);
  self->rows_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->rows_group),
                                   _ ("The first rows, as they will become entries"));
  /* Translators: under the preview of a table's first rows */
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (self->rows_group),
      _ ("Each row becomes an entry that cites the row, recorded now, not on the row's date. A row "
         "without a time becomes an entry on its date, with the time not known. A row already in "
         "the diary from an earlier import makes no second entry."));
  self->rows_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->rows_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->rows_list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->rows_group), self->rows_list);
  gtk_widget_set_visible (self->rows_group, FALSE);

  self->status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_label_set_selectable (GTK_LABEL (self->status), TRUE);
  gtk_widget_set_visible (self->status, FALSE);
  self->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _ ("Importing…"));
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
  gtk_widget_set_visible (self->progress, FALSE);

  self->cancel_button = gtk_button_new_with_mnemonic (_ ("_Close"));
  self->import_button = gtk_button_new_with_mnemonic (_ ("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), self->cancel_button);
  gtk_box_append (GTK_BOX (buttons), self->import_button);

  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_box_append (GTK_BOX (content), group);
  gtk_box_append (GTK_BOX (content), self->columns_group);
  gtk_box_append (GTK_BOX (content), self->rows_group);
  gtk_box_append (GTK_BOX (content), self->senders_group);
  gtk_box_append (GTK_BOX (content), self->status);
  gtk_box_append (GTK_BOX (content), self->progress);
  gtk_box_append (GTK_BOX (content), buttons);
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 640);
    gtk_widget_set_vexpand (scroller, TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
    gtk_box_append (GTK_BOX (box), scroller);
  }
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (self->import_button, "clicked",
                            G_CALLBACK (daybook_import_dialog_start), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  g_signal_connect_swapped (self->order, "notify::selected", G_CALLBACK (order_changed_cb), self);
  g_signal_connect_swapped (self->format, "notify::selected", G_CALLBACK (format_changed_cb), self);
}

/**
 * daybook_import_dialog_new:
 * @file: the export (WhatsApp .txt or .zip, SMS Backup & Restore XML,
 *   .eml, mbox; detected from its content)
 */
DaybookImportDialog *
daybook_import_dialog_new (GtkWindow *parent, DaybookDiary *diary, GFile *file)
{
  DaybookImportDialog *self = g_object_new (DAYBOOK_TYPE_IMPORT_DIALOG, NULL);
  g_autofree char *name = g_file_get_basename (file);

  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  self->diary = g_object_ref (diary);
  self->file = g_object_ref (file);
  {
    GtkWidget *box = adw_window_get_content (ADW_WINDOW (self));
    GtkWidget *header = gtk_widget_get_first_child (box);

    adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                     adw_window_title_new (_ ("Import Messages"), name));
  }
  start_probe (self, DAYBOOK_IMPORT_FORMAT_AUTO);
  return self;
}

/**
 * daybook_import_dialog_start:
 *
 * What the Import button does: imports the file off the main thread.
 */
void
daybook_import_dialog_start (DaybookImportDialog *self)
{
  DaybookImportChoices choices = { 0 };
  g_autofree char *path = g_file_get_path (self->file);
  const char *zone = gtk_editable_get_text (GTK_EDITABLE (self->zone));
  const char *me = gtk_editable_get_text (GTK_EDITABLE (self->me));
  guint order = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->order));
  g_autoptr (GPtrArray) people = NULL;
  g_autofree char *columns = NULL;

  g_return_if_fail (DAYBOOK_IS_IMPORT_DIALOG (self));
  if (self->busy)
    return;
  if (path == NULL)
    {
      set_message (self, _ ("This file is not on a local disk. Copy it to a folder first."), TRUE);
      return;
    }
  if (!self->format_known)
    {
      set_message (self, _ ("Choose the format of this file first."), TRUE);
      return;
    }
  choices.parse.format = formats[selected_format (self)].format;
  choices.parse.mboxo = formats[selected_format (self)].mboxo;
  if (selected_format (self) == FORMAT_CSV)
    choices.parse.csv_columns = columns = dup_columns (self);
  if (gtk_widget_get_visible (self->order_row) && order < G_N_ELEMENTS (orders))
    choices.parse.date_order = orders[order];
  choices.time_zone = *zone != '\0' ? zone : NULL;
  choices.me = *me != '\0' ? me : NULL;
  people = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->sender_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->sender_rows, i);
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

      if (*name != '\0')
        g_ptr_array_add (
            people,
            g_strdup_printf ("%s=%s", (char *)g_object_get_data (G_OBJECT (row), "daybook-sender"),
                             name));
    }
  g_ptr_array_add (people, NULL);
  choices.people = (char **)people->pdata;
  set_message (self, NULL, FALSE);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  set_busy (self, TRUE);
  /* What is imported was fixed now: the format and columns stay as shown. */
  gtk_widget_set_sensitive (self->format, FALSE);
  gtk_widget_set_sensitive (self->columns_group, FALSE);
  if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (150, pulse_cb, self);
  self->cancellable = g_cancellable_new ();
  daybook_diary_import_messages_async (self->diary, path, &choices, NULL, self->cancellable,
                                       import_done_cb, g_object_ref (self));
}

void
daybook_import_dialog_cancel (DaybookImportDialog *self)
{
  g_return_if_fail (DAYBOOK_IS_IMPORT_DIALOG (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
daybook_import_dialog_set_date_order (DaybookImportDialog *self, const char *order)
{
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    if (g_strcmp0 (order, orders[i]) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->order), i);
}

void
daybook_import_dialog_set_me (DaybookImportDialog *self, const char *me)
{
  gtk_editable_set_text (GTK_EDITABLE (self->me), me);
}

/* Maps @sender (as the preview listed it) to the register's @name. */
gboolean
daybook_import_dialog_set_person (DaybookImportDialog *self, const char *sender, const char *name)
{
  for (guint i = 0; i < self->sender_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->sender_rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "daybook-sender"), sender) == 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (row), name);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
daybook_import_dialog_is_busy (DaybookImportDialog *self)
{
  return self->busy;
}

gboolean
daybook_import_dialog_asks_date_order (DaybookImportDialog *self)
{
  return gtk_widget_get_visible (self->order_row);
}

const char *
daybook_import_dialog_get_message (DaybookImportDialog *self)
{
  return self->message;
}

/* Messages and calls the last import added. */
guint
daybook_import_dialog_get_imported (DaybookImportDialog *self)
{
  return self->imported;
}

/**
 * daybook_import_dialog_get_format:
 *
 * Returns: (nullable): the format chosen or detected ("whatsapp",
 *   "telegram", "sms", "calls", "eml", "mboxrd", "mboxo", "csv"), NULL
 *   while none is
 */
const char *
daybook_import_dialog_get_format (DaybookImportDialog *self)
{
  g_return_val_if_fail (DAYBOOK_IS_IMPORT_DIALOG (self), NULL);
  return self->format_known ? formats[selected_format (self)].id : NULL;
}

/* Chooses a format as the user would in the format row. */
gboolean
daybook_import_dialog_set_format (DaybookImportDialog *self, const char *format)
{
  for (guint i = 1; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i].id, format) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->format), i);
        return TRUE;
      }
  return FALSE;
}

/**
 * daybook_import_dialog_set_column:
 * @field: "date", "time", "title", "text", "where", "who" or "police"
 * @column: from 1; 0 for none
 *
 * Chooses a table's column as the user would in its row.
 */
gboolean
daybook_import_dialog_set_column (DaybookImportDialog *self, const char *field, guint column)
{
  if (column > self->n_columns)
    return FALSE;
  for (guint f = 0; f < N_FIELDS; f++)
    if (g_strcmp0 (fields[f].id, field) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->column_rows[f]), column);
        return TRUE;
      }
  return FALSE;
}

/**
 * daybook_import_dialog_dup_columns:
 *
 * Returns: (nullable): the columns chosen, as
 *   DaybookImportOptions.csv_columns; NULL when no table's header was read
 */
char *
daybook_import_dialog_dup_columns (DaybookImportDialog *self)
{
  return dup_columns (self);
}

/* How many of a table's rows the preview shows, and what row @i says. */
guint
daybook_import_dialog_get_n_preview_rows (DaybookImportDialog *self)
{
  return self->preview_rows->len;
}

const char *
daybook_import_dialog_get_preview_row (DaybookImportDialog *self, guint i)
{
  return i < self->preview_rows->len ? g_ptr_array_index (self->preview_rows, i) : NULL;
}
