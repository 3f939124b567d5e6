/* daybook-messages-page.c — imported messages and calls, read as transcripts
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page reads the messages the filters select into one GListStore of
 * small items (the stored records, not widgets) and shows them through a
 * GtkListView, which builds rows only for what is on screen: 100,000
 * messages make 100,000 items and a screenful of widgets. A day header is
 * part of the first row of each day. Direction shows by alignment and by
 * the name above the text ("You" or the sender), never by colour alone.
 *
 * The messages are read in a worker thread (a GTask per query): a new
 * query cancels the one before, and a result is shown only if it answers
 * the latest query of the diary still open (each query has a serial), so
 * typing fast or locking never shows a stale list. The conversations and
 * people of the filters are small and read on the main thread.
 *
 * Files dropped on the page (or on the window, daybook-main-view.c) or
 * chosen go to the import dialog one after the other; locking closes it.
 */

#define G_LOG_DOMAIN "daybook-messages-page"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "daybook-accessible.h"
#include "daybook-attachment.h"
#include "daybook-error.h"
#include "daybook-import-dialog.h"
#include "daybook-incident.h"
#include "daybook-page.h"
#include "daybook-time.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

#include "daybook-messages-page.h"

#include "daybook-accessible.h"

/* One message in the list model. */
#define DAYBOOK_TYPE_MESSAGE_ITEM (daybook_message_item_get_type ())
G_DECLARE_FINAL_TYPE (DaybookMessageItem, daybook_message_item, DAYBOOK, MESSAGE_ITEM, GObject)

struct _DaybookMessageItem
{
  GObject parent_instance;
  DaybookMessage *message;
  char *day; /* the day header when this is the first message of its day */
};

G_DEFINE_FINAL_TYPE (DaybookMessageItem, daybook_message_item, G_TYPE_OBJECT)

static void
daybook_message_item_finalize (GObject *object)
{
  DaybookMessageItem *self = DAYBOOK_MESSAGE_ITEM (object);

  g_clear_pointer (&self->message, daybook_message_free);
  g_free (self->day);
  G_OBJECT_CLASS (daybook_message_item_parent_class)->finalize (object);
}

static void
daybook_message_item_class_init (DaybookMessageItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = daybook_message_item_finalize;
}

static void
daybook_message_item_init (DaybookMessageItem *self)
{
}

struct _DaybookMessagesPage
{
  GtkWidget parent_instance;

  DaybookDiary *diary;
  gulong changed_id;
  guint reload_id;

  GListStore *store;
  GtkMultiSelection *selection;
  GtkWidget *list;
  GtkWidget *stack;
  GtkWidget *count;
  GtkWidget *spinner;
  GtkWidget *search;
  GtkWidget *source;
  GtkWidget *person;
  GtkWidget *from;
  GtkWidget *to;
  GtkWidget *jump;
  GtkWidget *entry_number;
  GtkWidget *new_entry;
  GtkWidget *add_entry;
  GtkWidget *status;
  GtkFileChooserNative *chooser;
  GArray *source_ids; /* attachment ids, [0] = 0 for every conversation */
  GArray *person_ids; /* person ids, [0] = 0 for everyone */
  gboolean filling;

  GCancellable *load_cancellable;
  guint load_serial; /* of the latest query; an answer to another is dropped */
  gboolean loading;
  guint test_delay_ms;      /* tests: how long the next query's thread waits */
  GQueue import_queue;      /* GFile: dropped or chosen, waiting for the dialog */
  GtkWindow *import_dialog; /* the one shown, until it is destroyed */
};

static void daybook_messages_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookMessagesPage, daybook_messages_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_messages_page_iface_init))

/* Helpers */

static GDateTime *
message_time (const DaybookMessage *m)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->sent_utc);
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (m->sent_offset);

  return utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
}

static char *
format_message_time (const DaybookMessage *m, const char *format)
{
  g_autoptr (GDateTime) local = message_time (m);

  return local != NULL ? daybook_format_date_time (local, format) : g_strdup ("");
}

static const char *
sender_name (const DaybookMessage *m)
{
  if (g_strcmp0 (m->direction, "out") == 0)
    /* TRANSLATORS: the diary's owner as the sender of a message */
    return _ ("You");
  if (m->person != NULL && *m->person != '\0')
    return m->person;
  if (m->sender != NULL && *m->sender != '\0')
    return m->sender;
  if (m->address != NULL && *m->address != '\0')
    return m->address;
  return _ ("Unknown sender");
}

/* The sender as the file names them, then the register's person when
 * that is another name: "Sam Example (Sam)". */
static char *
quoted_sender (const DaybookMessage *m)
{
  const char *in_file = m->sender != NULL && *m->sender != '\0' ? m->sender : m->address;

  if (g_strcmp0 (m->direction, "out") == 0)
    /* TRANSLATORS: the diary's owner as the sender of a message */
    return g_strdup (_ ("You"));
  if (in_file == NULL || *in_file == '\0')
    return g_strdup (sender_name (m));
  if (m->person != NULL && *m->person != '\0' && g_strcmp0 (m->person, in_file) != 0)
    return g_strdup_printf ("%s (%s)", in_file, m->person);
  return g_strdup (in_file);
}

static const char *
outcome_label (const char *outcome)
{
  static const struct
  {
    const char *id;
    const char *label;
  } outcomes[] = {
    /* TRANSLATORS: what happened to a phone call: answered, missed, rejected, blocked, went to
       voicemail, or was made by the diary's owner */
    { "answered", N_ ("answered") },   { "missed", N_ ("missed") },
    { "rejected", N_ ("rejected") },   { "blocked", N_ ("blocked") },
    { "voicemail", N_ ("voicemail") }, { "outgoing", N_ ("outgoing") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (g_strcmp0 (outcome, outcomes[i].id) == 0)
      return _ (outcomes[i].label);
  return outcome != NULL ? outcome : "";
}

/* A table's row (imported from CSV) keeps its other mapped cells in its
 * headers: its title first, then where, who and the police reference. */
static void
append_table_cells (GString *s, const DaybookMessage *m)
{
  static const struct
  {
    const char *id;
    const char *label;
  } cells[] = {
    { "where", N_ ("Where") },
    { "who", N_ ("Who") },
    { "police", N_ ("Police reference") },
  };
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *headers;
  const char *title;

  if (g_strcmp0 (m->kind, "system") != 0 || m->headers == NULL
      || strstr (m->headers, "\"encoding\"") == NULL)
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, m->headers, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  headers = json_node_get_object (json_parser_get_root (parser));
  title = json_object_get_string_member_with_default (headers, "title", NULL);
  if (title != NULL && *title != '\0' && g_strcmp0 (title, m->text) != 0)
    {
      g_string_prepend_c (s, '\n');
      g_string_prepend (s, title);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      const char *value = json_object_get_string_member_with_default (headers, cells[i].id, NULL);

      if (value != NULL && *value != '\0')
        {
          g_string_append_c (s, '\n');
          /* Translators: a field of a table's row, and its cell */
          g_string_append_printf (s, _ ("%s: %s"), _ (cells[i].label), value);
        }
    }
}

/* What the row says under the name: the text, or what a call was. */
static char *
body_text (const DaybookMessage *m)
{
  GString *s = g_string_new (NULL);

  if (g_strcmp0 (m->kind, "call") == 0)
    {
      if (m->duration_s > 0)
        g_string_printf (s, _ ("Call, %s, %d min %02d s"), outcome_label (m->outcome),
                         m->duration_s / 60, m->duration_s % 60);
      else
        g_string_printf (s, _ ("Call, %s"), outcome_label (m->outcome));
    }
  else
    {
      g_string_append (s, m->text != NULL ? m->text : "");
      append_table_cells (s, m);
    }
  if (m->media_name != NULL && *m->media_name != '\0')
    {
      if (s->len > 0)
        g_string_append_c (s, '\n');
      if (g_strcmp0 (m->media_state, "present") == 0 && m->media_mark != NULL)
        g_string_append_printf (s, _ ("Attachment %s (exhibit %s)"), m->media_name, m->media_mark);
      else if (g_strcmp0 (m->media_state, "missing") == 0)
        g_string_append_printf (s, _ ("Attachment %s (not in the export)"), m->media_name);
      else
        g_string_append_printf (s, _ ("Attachment %s (left out by the export)"), m->media_name);
    }
  return g_string_free (s, FALSE);
}

/**
 * daybook_message_dup_accessible_text:
 *
 * One sentence for a screen reader: "Message from Mark, Tuesday 1
 * December 21:40: …".
 */
char *
daybook_message_dup_accessible_text (const DaybookMessage *m)
{
  /* Translators: a date and time as a screen reader reads a message's, see g_date_time_format() */
  g_autofree char *when = format_message_time (m, _ ("%A %-d %B %Y %H:%M"));
  g_autofree char *body = body_text (m);
  /* TRANSLATORS: the diary's owner as the sender of a message, inside a sentence */
  const char *name = g_strcmp0 (m->direction, "out") == 0 ? _ ("you") : sender_name (m);

  if (g_strcmp0 (m->kind, "system") == 0 || g_strcmp0 (m->direction, "system") == 0)
    /* Translators: a system line of a chat export, then its time and text */
    return g_strdup_printf (_ ("Note in the export, %s: %s"), when, body);
  if (g_strcmp0 (m->kind, "call") == 0)
    return g_strdup_printf (
        g_strcmp0 (m->direction, "out") == 0 ? _ ("Call to %s, %s: %s")
                                             : _ ("Call from %s, %s: %s"),
        g_strcmp0 (m->direction, "out") == 0 && m->person != NULL ? m->person : name, when, body);
  if (g_strcmp0 (m->kind, "email") == 0)
    return g_strdup_printf (_ ("E-mail from %s, %s: %s"), name, when, body);
  return g_strdup_printf (_ ("Message from %s, %s: %s"), name, when, body);
}

static GPtrArray *
selected_messages (DaybookMessagesPage *self)
{
  g_autoptr (GtkBitset) set
      = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint pos;

  if (gtk_bitset_iter_init_first (&iter, set, &pos))
    do
      g_ptr_array_add (out, g_list_model_get_item (G_LIST_MODEL (self->store), pos));
    while (gtk_bitset_iter_next (&iter, &pos));
  return out;
}

static void
update_actions (DaybookMessagesPage *self)
{
  g_autoptr (GtkBitset) set
      = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (set);
  gboolean writable = self->diary != NULL && !daybook_diary_is_read_only (self->diary);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  gtk_widget_set_sensitive (self->new_entry, writable && n > 0);
  gtk_widget_set_sensitive (self->add_entry, writable && n > 0);
  if (n > 0)
    text = g_strdup_printf (ngettext ("%u of %u selected", "%u of %u selected", total), (guint)n,
                            total);
  else
    text = g_strdup_printf (ngettext ("%u message", "%u messages", total), total);
  gtk_label_set_text (GTK_LABEL (self->count), text);
}

static void
set_status (DaybookMessagesPage *self, const char *text)
{
  gtk_label_set_text (GTK_LABEL (self->status), text != NULL ? text : "");
  gtk_widget_set_visible (self->status, text != NULL && *text != '\0');
}

static void
fill_filters (DaybookMessagesPage *self)
{
  g_autoptr (GtkStringList) sources = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) people = gtk_string_list_new (NULL);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GListModel) persons = NULL;
  gint64 none = 0;

  self->filling = TRUE;
  g_array_set_size (self->source_ids, 0);
  g_array_set_size (self->person_ids, 0);
  gtk_string_list_append (sources, _ ("Every conversation"));
  g_array_append_val (self->source_ids, none);
  gtk_string_list_append (people, _ ("Everyone"));
  g_array_append_val (self->person_ids, none);
  if (self->diary != NULL
      && (list = daybook_diary_list_message_sources (self->diary, NULL)) != NULL)
    for (guint i = 0; i < list->len; i++)
      {
        DaybookMessageSource *s = g_ptr_array_index (list, i);
        g_autofree char *label = g_strdup_printf ("%s %s", s->mark, s->filename);

        gtk_string_list_append (sources, label);
        g_array_append_val (self->source_ids, s->attachment_id);
      }
  if (self->diary != NULL && (persons = daybook_diary_list_people (self->diary, NULL)) != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (persons); i++)
      {
        g_autoptr (DaybookPerson) p = g_list_model_get_item (persons, i);
        gint64 id = daybook_person_get_id (p);

        gtk_string_list_append (people, daybook_person_get_name (p));
        g_array_append_val (self->person_ids, id);
      }
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->source), G_LIST_MODEL (sources));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->person), G_LIST_MODEL (people));
  self->filling = FALSE;
}

typedef struct
{
  DaybookDiary *diary;
  DaybookMessageQuery query;
  char *search;
  guint serial;
  guint delay_ms;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->diary);
  g_free (load->search);
  g_free (load);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Load *load = task_data;
  GPtrArray *messages;
  GError *error = NULL;

  if (load->delay_ms > 0)
    g_usleep (load->delay_ms * G_TIME_SPAN_MILLISECOND);
  if (g_task_return_error_if_cancelled (task))
    return;
  messages = daybook_diary_list_messages (load->diary, &load->query, &error);
  if (messages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, messages, (GDestroyNotify)g_ptr_array_unref);
}

/* While a query runs, the list of the one before is greyed out (or, if
 * there was none, "Reading" shown instead of "No Messages"). */
static void
set_loading (DaybookMessagesPage *self, gboolean loading)
{
  const char *shown = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  self->loading = loading;
  gtk_widget_set_visible (self->spinner, loading);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), loading);
  gtk_widget_set_sensitive (self->list, !loading);
  if (loading && g_strcmp0 (shown, "empty") == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  else if (!loading && g_strcmp0 (shown, "loading") == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DaybookMessagesPage) self = data;
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *last_day = NULL;

  messages = g_task_propagate_pointer (G_TASK (result), &error);
  /* An answer to an earlier query, or to a diary since locked: dropped. */
  if (load->serial != self->load_serial || self->diary != load->diary)
    return;
  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);
  if (messages == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message);
      return;
    }
  set_status (self, NULL);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < messages->len; i++)
    {
      DaybookMessageItem *item = g_object_new (DAYBOOK_TYPE_MESSAGE_ITEM, NULL);
      /* Translators: a day header in a transcript, see g_date_time_format() */
      g_autofree char *day = NULL;

      item->message = g_ptr_array_index (messages, i);
      g_ptr_array_index (messages, i) = NULL;
      day = format_message_time (item->message, _ ("%A %-d %B %Y"));
      if (g_strcmp0 (day, last_day) != 0)
        {
          item->day = g_strdup (day);
          g_free (last_day);
          last_day = g_steal_pointer (&day);
        }
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), items->len > 0 ? "list" : "empty");
  update_actions (self);
}

/* Stops the query under way: its answer, if it still comes, is dropped. */
static void
cancel_load (DaybookMessagesPage *self)
{
  self->load_serial++;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);
}

static void
load (DaybookMessagesPage *self)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Load *data;
  guint source, person;
  const char *search, *from, *to;

  cancel_load (self);
  if (self->diary == NULL)
    {
      g_list_store_remove_all (self->store);
      update_actions (self);
      return;
    }

  data = g_new0 (Load, 1);
  data->diary = g_object_ref (self->diary);
  daybook_message_query_init (&data->query);
  source = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->source));
  person = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->person));
  if (source != GTK_INVALID_LIST_POSITION && source < self->source_ids->len)
    data->query.attachment_id = g_array_index (self->source_ids, gint64, source);
  if (person != GTK_INVALID_LIST_POSITION && person < self->person_ids->len)
    data->query.person_id = g_array_index (self->person_ids, gint64, person);
  search = gtk_editable_get_text (GTK_EDITABLE (self->search));
  if (*search != '\0')
    data->query.search = data->search = g_strdup (search);
  from = gtk_editable_get_text (GTK_EDITABLE (self->from));
  to = gtk_editable_get_text (GTK_EDITABLE (self->to));
  {
    g_autoptr (GTimeZone) local = g_time_zone_new_local ();

    if ((*from != '\0' && !daybook_parse_day_bound (from, FALSE, local, &data->query.from, &error))
        || (*to != '\0' && !daybook_parse_day_bound (to, TRUE, local, &data->query.to, &error)))
      {
        set_status (self, error->message);
        load_free (data);
        return;
      }
  }
  data->serial = self->load_serial;
  data->delay_ms = self->test_delay_ms;
  self->test_delay_ms = 0;
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->load_cancellable, load_done_cb, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify)load_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

/* Callbacks */

static void
filter_changed_cb (DaybookMessagesPage *self)
{
  if (!self->filling)
    load (self);
}

static gboolean
reload_idle_cb (gpointer data)
{
  DaybookMessagesPage *self = data;

  self->reload_id = 0;
  daybook_messages_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* The diary says "changed" on the thread that made the change. */
static gboolean
changed_main_cb (gpointer data)
{
  DaybookMessagesPage *self = data;

  if (self->reload_id == 0 && self->diary != NULL)
    self->reload_id = g_timeout_add (200, reload_idle_cb, self);
  return G_SOURCE_REMOVE;
}

static void
diary_changed_cb (DaybookMessagesPage *self)
{
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, changed_main_cb, g_object_ref (self),
                              g_object_unref);
}

static void
selection_changed_cb (DaybookMessagesPage *self)
{
  update_actions (self);
}

static void
jump_cb (DaybookMessagesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->jump));
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gint64 at;
  guint pos = 0;

  if (!daybook_parse_day_bound (text, FALSE, local, &at, &error))
    {
      set_status (self, error->message);
      return;
    }
  set_status (self, NULL);
  while (pos < n)
    {
      g_autoptr (DaybookMessageItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), pos);

      if (item->message->sent_utc >= at)
        break;
      pos++;
    }
  if (n == 0)
    return;
  if (pos == n)
    pos = n - 1;
  gtk_widget_activate_action (self->list, "list.scroll-to-item", "u", pos);
}

static void
new_entry_cb (DaybookMessagesPage *self)
{
  g_autoptr (GError) error = NULL;
  gint64 number = daybook_messages_page_new_entry (self, &error);
  g_autofree char *text = NULL;

  if (number == 0)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (_ ("Entry %" PRId64 " made from the selected messages."), number);
  daybook_page_add_toast (DAYBOOK_PAGE (self), text);
}

static void
add_entry_cb (DaybookMessagesPage *self)
{
  g_autoptr (GError) error = NULL;
  gint64 number = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->entry_number));
  g_autofree char *text = NULL;

  if (!daybook_messages_page_add_to_entry (self, number, &error))
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (_ ("The selected messages are cited in entry %" PRId64 "."), number);
  daybook_page_add_toast (DAYBOOK_PAGE (self), text);
}

static void show_next_import (DaybookMessagesPage *self);

static void
import_dialog_destroyed_cb (DaybookMessagesPage *self, GtkWindow *dialog)
{
  if (self->import_dialog != dialog)
    return;
  self->import_dialog = NULL;
  show_next_import (self);
}

/* One dialog at a time: the next file when the one before is closed. */
static void
show_next_import (DaybookMessagesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GFile) file = NULL;

  if (self->import_dialog != NULL || self->diary == NULL
      || (file = g_queue_pop_head (&self->import_queue)) == NULL)
    return;
  self->import_dialog = GTK_WINDOW (daybook_import_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->diary, file));
  g_signal_connect_object (self->import_dialog, "destroy", G_CALLBACK (import_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (self->import_dialog);
}

/* Locking: nothing of the diary may stay on screen. */
static void
close_imports (DaybookMessagesPage *self)
{
  GtkWindow *dialog = g_steal_pointer (&self->import_dialog);

  g_queue_clear_full (&self->import_queue, g_object_unref);
  if (dialog != NULL)
    gtk_window_destroy (dialog);
}

/**
 * daybook_messages_page_import_files:
 * @files: (element-type GFile): exports to import, each in turn
 *
 * Opens the import dialog for the first of @files, and for each next one
 * when the one before is closed.
 *
 * Returns: %FALSE (and says why) when nothing can be imported: no diary
 *   open, or one open read-only
 */
gboolean
daybook_messages_page_import_files (DaybookMessagesPage *self, GList *files)
{
  g_return_val_if_fail (DAYBOOK_IS_MESSAGES_PAGE (self), FALSE);

  if (self->diary == NULL)
    return FALSE;
  if (daybook_diary_is_read_only (self->diary))
    {
      daybook_page_add_toast (DAYBOOK_PAGE (self),
                              _ ("This diary is open read-only, so nothing can be imported."));
      return FALSE;
    }
  for (GList *l = files; l != NULL; l = l->next)
    g_queue_push_tail (&self->import_queue, g_object_ref (l->data));
  show_next_import (self);
  return files != NULL;
}

/* The import dialog shown, if any. */
GtkWindow *
daybook_messages_page_get_import_dialog (DaybookMessagesPage *self)
{
  return self->import_dialog;
}

/* Whether a query is being read; tests wait for it. */
gboolean
daybook_messages_page_is_loading (DaybookMessagesPage *self)
{
  return self->loading;
}

/* Tests: the next query's thread waits @ms before reading, so a later
 * query can overtake it. */
void
_daybook_messages_page_delay_next_load_for_test (DaybookMessagesPage *self, guint ms)
{
  self->test_delay_ms = ms;
}

static void
files_chosen (gpointer widget, GList *files)
{
  daybook_messages_page_import_files (DAYBOOK_MESSAGES_PAGE (widget), files);
}

static void
import_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DaybookMessagesPage *self = DAYBOOK_MESSAGES_PAGE (widget);

  daybook_files_chooser_show (widget, _ ("Import Messages"), _ ("_Import"), &self->chooser,
                              files_chosen);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, gpointer data)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr (GList) files = NULL;

  for (GSList *l = list; l != NULL; l = l->next)
    files = g_list_append (files, l->data);
  return daybook_messages_page_import_files (DAYBOOK_MESSAGES_PAGE (data), files);
}

/* Rows */

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *day = gtk_label_new (NULL);
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *head = gtk_label_new (NULL);
  GtkWidget *body = gtk_label_new (NULL);

  gtk_widget_add_css_class (day, "heading");
  gtk_widget_set_margin_top (day, 12);
  gtk_widget_set_margin_bottom (day, 6);
  gtk_widget_add_css_class (head, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (head), 0);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (body), 60);
  gtk_label_set_selectable (GTK_LABEL (body), FALSE);
  gtk_widget_add_css_class (bubble, "card");
  gtk_widget_set_margin_start (bubble, 12);
  gtk_widget_set_margin_end (bubble, 12);
  gtk_widget_set_margin_top (bubble, 2);
  gtk_widget_set_margin_bottom (bubble, 2);
  gtk_widget_set_margin_start (head, 10);
  gtk_widget_set_margin_end (head, 10);
  gtk_widget_set_margin_top (head, 6);
  gtk_widget_set_margin_start (body, 10);
  gtk_widget_set_margin_end (body, 10);
  gtk_widget_set_margin_bottom (body, 6);
  gtk_box_append (GTK_BOX (bubble), head);
  gtk_box_append (GTK_BOX (bubble), body);
  gtk_box_append (GTK_BOX (row), day);
  gtk_box_append (GTK_BOX (row), bubble);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  DaybookMessageItem *item = gtk_list_item_get_item (list_item);
  const DaybookMessage *m = item->message;
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *day = gtk_widget_get_first_child (row);
  GtkWidget *bubble = gtk_widget_get_next_sibling (day);
  GtkWidget *head = gtk_widget_get_first_child (bubble);
  GtkWidget *body = gtk_widget_get_next_sibling (head);
  /* Translators: a message's time in a transcript, see g_date_time_format() */
  g_autofree char *time = format_message_time (m, _ ("%H:%M"));
  g_autofree char *text = body_text (m);
  g_autofree char *spoken = daybook_message_dup_accessible_text (m);
  g_autofree char *heading = NULL;
  gboolean system = g_strcmp0 (m->direction, "system") == 0;
  gboolean out = g_strcmp0 (m->direction, "out") == 0;

  gtk_label_set_text (GTK_LABEL (day), item->day != NULL ? item->day : "");
  gtk_widget_set_visible (day, item->day != NULL);
  if (system)
    heading = g_strdup (time);
  else if (m->time_flag != NULL && *m->time_flag != '\0')
    /* Translators: sender, time, and that the time fell in a clock change */
    heading = g_strdup_printf (_ ("%s · %s (time in a clock change)"), sender_name (m), time);
  else
    heading = g_strdup_printf ("%s · %s", sender_name (m), time);
  gtk_label_set_text (GTK_LABEL (head), heading);
  gtk_label_set_text (GTK_LABEL (body), text);
  gtk_widget_set_halign (bubble, system ? GTK_ALIGN_CENTER : out ? GTK_ALIGN_END : GTK_ALIGN_START);
  if (out)
    gtk_widget_add_css_class (bubble, "accent");
  else
    gtk_widget_remove_css_class (bubble, "accent");
  if (system)
    gtk_widget_add_css_class (bubble, "dim-label");
  else
    gtk_widget_remove_css_class (bubble, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

/* Building */

static GtkWidget *
labelled_entry (GtkWidget **slot, const char *placeholder, const char *accessible)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  *slot = entry;
  return entry;
}

static void
build (DaybookMessagesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *filters2 = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *bar = gtk_action_bar_new ();

  /* TRANSLATORS: the bar below the messages, as a screen reader names it */
  daybook_accessible_set_label (bar, _ ("Messages actions"));
  GtkWidget *jump_button = gtk_button_new_with_mnemonic (_ ("_Go"));
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *title = adw_window_title_new (_ ("Messages"), NULL);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  {
    GtkWidget *import = gtk_button_new_with_mnemonic (_ ("_Import…"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "messages.import");
    gtk_widget_set_tooltip_text (import, _ ("Import a chat, SMS, call log or e-mail export"));
    adw_header_bar_pack_start (ADW_HEADER_BAR (header), import);
  }
  gtk_box_append (GTK_BOX (box), header);

  self->search = gtk_search_entry_new ();
  gtk_widget_set_hexpand (self->search, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Search messages"), -1);
  g_object_set (self->search, "placeholder-text", _ ("Search messages"), NULL);
  self->source = gtk_drop_down_new (NULL, NULL);
  daybook_accessible_set_label (self->source, _ ("Conversation"));
  self->person = gtk_drop_down_new (NULL, NULL);
  daybook_accessible_set_label (self->person, _ ("Person"));
  gtk_box_append (GTK_BOX (filters), self->search);
  gtk_box_append (GTK_BOX (filters), self->source);
  gtk_box_append (GTK_BOX (filters), self->person);
  gtk_box_append (GTK_BOX (filters2),
                  labelled_entry (&self->from, _ ("From YYYY-MM-DD"), _ ("From date")));
  gtk_box_append (GTK_BOX (filters2),
                  labelled_entry (&self->to, _ ("To YYYY-MM-DD"), _ ("To date")));
  gtk_box_append (GTK_BOX (filters2), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (filters2),
                  labelled_entry (&self->jump, _ ("Jump to date"), _ ("Jump to date")));
  gtk_box_append (GTK_BOX (filters2), jump_button);
  for (GtkWidget *w = filters; w != NULL; w = w == filters ? filters2 : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
      gtk_widget_set_margin_top (w, 6);
      gtk_box_append (GTK_BOX (box), w);
    }
  self->status = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->status, "error");
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_widget_set_visible (self->status, FALSE);
  gtk_box_append (GTK_BOX (box), self->status);

  self->store = g_list_store_new (DAYBOOK_TYPE_MESSAGE_ITEM);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  self->list = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Messages and calls"), -1);
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Messages"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-unread-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _ ("No Messages"));
  adw_status_page_set_description (
      ADW_STATUS_PAGE (empty),
      _ ("Import a chat, SMS, call log, e-mail or spreadsheet export from the main menu (Import "
         "Messages…) or drop it on the window, or change the filters."));
  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_titled (GTK_STACK (self->stack), scroller, "list", _ ("Messages and calls"));
  gtk_stack_add_titled (GTK_STACK (self->stack), empty, "empty", _ ("No Messages"));
  {
    GtkWidget *reading = adw_status_page_new ();
    GtkWidget *spinner = gtk_spinner_new ();

    gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
    gtk_widget_set_size_request (spinner, 32, 32);
    adw_status_page_set_title (ADW_STATUS_PAGE (reading), _ ("Reading the Messages…"));
    adw_status_page_set_child (ADW_STATUS_PAGE (reading), spinner);
    gtk_stack_add_titled (GTK_STACK (self->stack), reading, "loading", _ ("Reading the Messages…"));
  }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  gtk_box_append (GTK_BOX (box), self->stack);

  self->count = gtk_label_new (NULL);
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), self->count);
  self->spinner = gtk_spinner_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Reading the messages"), -1);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), self->spinner);
  self->new_entry = gtk_button_new_with_mnemonic (_ ("_New Entry from These Messages"));
  gtk_widget_add_css_class (self->new_entry, "suggested-action");
  self->add_entry = gtk_button_new_with_mnemonic (_ ("_Add to Entry"));
  self->entry_number = gtk_spin_button_new_with_range (1, G_MAXINT32, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry_number),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Entry number"), -1);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar), self->new_entry);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar), self->add_entry);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar), self->entry_number);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->source, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->person, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->from, "activate", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->to, "activate", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->jump, "activate", G_CALLBACK (jump_cb), self);
  g_signal_connect_swapped (jump_button, "clicked", G_CALLBACK (jump_cb), self);
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                            self);
  g_signal_connect_swapped (self->new_entry, "clicked", G_CALLBACK (new_entry_cb), self);
  g_signal_connect_swapped (self->add_entry, "clicked", G_CALLBACK (add_entry_cb), self);
  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  update_actions (self);
}

/* Overrides */

static void
daybook_messages_page_dispose (GObject *object)
{
  DaybookMessagesPage *self = DAYBOOK_MESSAGES_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  cancel_load (self);
  if (self->diary != NULL)
    g_clear_signal_handler (&self->changed_id, self->diary);
  g_clear_object (&self->diary);
  close_imports (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->source_ids, g_array_unref);
  g_clear_pointer (&self->person_ids, g_array_unref);

  G_OBJECT_CLASS (daybook_messages_page_parent_class)->dispose (object);
}

static void
daybook_messages_page_class_init (DaybookMessagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_messages_page_dispose;
  daybook_page_class_install_properties (object_class);
  gtk_widget_class_install_action (widget_class, "messages.import", NULL, import_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_messages_page_init (DaybookMessagesPage *self)
{
  self->source_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  build (self);
}

static void
daybook_messages_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookMessagesPage *self = DAYBOOK_MESSAGES_PAGE (page);

  if (self->diary != NULL)
    g_clear_signal_handler (&self->changed_id, self->diary);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_set_object (&self->diary, diary);
  if (diary != NULL)
    self->changed_id
        = g_signal_connect_swapped (diary, "changed", G_CALLBACK (diary_changed_cb), self);
  else
    {
      close_imports (self);
      gtk_editable_set_text (GTK_EDITABLE (self->search), "");
      gtk_editable_set_text (GTK_EDITABLE (self->from), "");
      gtk_editable_set_text (GTK_EDITABLE (self->to), "");
      gtk_editable_set_text (GTK_EDITABLE (self->jump), "");
    }
  daybook_messages_page_reload (self);
}

static void
daybook_messages_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_messages_page_set_diary;
}

/* Public API */

/**
 * daybook_messages_page_reload:
 *
 * Reads the conversations, people and messages again (after an import).
 */
void
daybook_messages_page_reload (DaybookMessagesPage *self)
{
  g_return_if_fail (DAYBOOK_IS_MESSAGES_PAGE (self));

  fill_filters (self);
  load (self);
}

GtkSelectionModel *
daybook_messages_page_get_selection (DaybookMessagesPage *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

static gboolean
cite_selected (DaybookMessagesPage *self, gint64 number, GPtrArray *items, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GHashTable) sources = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < items->len; i++)
    {
      DaybookMessageItem *item = g_ptr_array_index (items, i);

      g_array_append_val (ids, item->message->id);
      g_hash_table_add (sources, &item->message->source_attachment_id);
    }
  if (!daybook_diary_cite_messages (self->diary, number, (const gint64 *)ids->data, ids->len, TRUE,
                                    error))
    return FALSE;
  /* The exhibits the messages come from are linked to the entry. */
  {
    GHashTableIter iter;
    gint64 *id;

    g_hash_table_iter_init (&iter, sources);
    while (g_hash_table_iter_next (&iter, (gpointer *)&id, NULL))
      if (*id != 0 && !daybook_diary_link_attachment (self->diary, *id, number, TRUE, error))
        return FALSE;
  }
  return TRUE;
}

static gboolean
check_selection (DaybookMessagesPage *self, GPtrArray *items, GError **error)
{
  if (self->diary == NULL || daybook_diary_is_read_only (self->diary))
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                           _ ("This diary is open read-only, so no entry can be changed."));
      return FALSE;
    }
  if (items->len == 0)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                           _ ("Select the messages first."));
      return FALSE;
    }
  return TRUE;
}

/**
 * daybook_messages_page_new_entry:
 *
 * Makes an entry from the selected messages: it starts at the first and
 * ends at the last, its text quotes each (time, sender, text), it cites
 * them and is linked to the exhibits they were imported from.
 *
 * Returns: the new entry's number, or 0 with @error set
 */
gint64
daybook_messages_page_new_entry (DaybookMessagesPage *self, GError **error)
{
  g_autoptr (GPtrArray) items = selected_messages (self);
  g_autoptr (DaybookIncident) incident = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *title = NULL;
  DaybookMessage *first, *last;
  DaybookWhen start = { 0 }, end = { 0 };
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GString) senders = g_string_new (NULL);

  g_return_val_if_fail (DAYBOOK_IS_MESSAGES_PAGE (self), 0);
  if (!check_selection (self, items, error))
    return 0;

  first = ((DaybookMessageItem *)g_ptr_array_index (items, 0))->message;
  last = ((DaybookMessageItem *)g_ptr_array_index (items, items->len - 1))->message;
  for (guint i = 0; i < items->len; i++)
    {
      DaybookMessage *m = ((DaybookMessageItem *)g_ptr_array_index (items, i))->message;
      /* Translators: a quoted message's time in an entry, see g_date_time_format() */
      g_autofree char *when = format_message_time (m, _ ("%Y-%m-%d %H:%M:%S %:z"));
      g_autofree char *body = body_text (m);
      const char *name = sender_name (m);

      g_autofree char *quoted = quoted_sender (m);

      /* Translators: a quoted message: time, sender, exhibit and line, text */
      g_string_append_printf (text, _ ("[%s] %s (%s, line %u): %s\n"), when, quoted,
                              m->source_mark != NULL ? m->source_mark : "", m->line, body);
      if (g_strcmp0 (m->direction, "in") == 0 && !g_hash_table_contains (names, name))
        {
          g_hash_table_add (names, (gpointer)name);
          if (senders->len > 0)
            g_string_append (senders, ", ");
          g_string_append (senders, name);
        }
    }
  if (senders->len > 0)
    title = g_strdup_printf (ngettext ("%u message from %s", "%u messages from %s", items->len),
                             items->len, senders->str);
  else
    title = g_strdup_printf (ngettext ("%u message", "%u messages", items->len), items->len);

  incident = daybook_incident_new ();
  daybook_incident_set_title (incident, title);
  daybook_incident_set_narrative (incident, text->str);
  start.utc = first->sent_utc;
  start.offset = first->sent_offset;
  start.zone = first->sent_zone;
  daybook_incident_set_start (incident, &start);
  if (last->sent_utc > first->sent_utc)
    {
      end.utc = last->sent_utc;
      end.offset = last->sent_offset;
      end.zone = last->sent_zone;
      daybook_incident_set_end (incident, &end);
    }
  if (!daybook_diary_save_incident (self->diary, incident, error))
    return 0;
  if (!cite_selected (self, daybook_incident_get_number (incident), items, error))
    return 0;
  return daybook_incident_get_number (incident);
}

/**
 * daybook_messages_page_add_to_entry:
 *
 * Cites the selected messages in entry @number and links their exhibits.
 */
gboolean
daybook_messages_page_add_to_entry (DaybookMessagesPage *self, gint64 number, GError **error)
{
  g_autoptr (GPtrArray) items = selected_messages (self);
  g_autoptr (DaybookIncident) incident = NULL;

  g_return_val_if_fail (DAYBOOK_IS_MESSAGES_PAGE (self), FALSE);
  if (!check_selection (self, items, error))
    return FALSE;
  incident = daybook_diary_get_incident (self->diary, number, error);
  if (incident == NULL)
    return FALSE;
  return cite_selected (self, number, items, error);
}
