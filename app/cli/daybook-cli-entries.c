/* daybook-cli-entries.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <inttypes.h>

#include <unistd.h>
#include "daybook-i18n.h"

#include "daybook-cli.h"
#include "daybook-registers.h"
#include "daybook-messages.h"
#include "daybook-incident-list.h"

/* The options add and edit share. */
typedef struct
{
  char *when;
  char *end;
  char *precision;
  char *title;
  char *location;
  char **types;
  char **people;
  char *text;
  char *text_file;
  char *impact;
  char *police_ref;
  char *officer;
  char *police_date;
  char *notes;
  char **breaches;
  char **remove_breaches;
  char **reported_in;
  gboolean reported;
  gboolean fear;
  gboolean distress;
  gboolean is_private;
  gboolean is_public;
  gboolean clear_end;
  char **messages;
} EntryOptions;

static void
entry_options_clear (EntryOptions *o)
{
  g_free (o->when);
  g_free (o->end);
  g_free (o->precision);
  g_free (o->title);
  g_free (o->location);
  g_strfreev (o->types);
  g_strfreev (o->people);
  g_free (o->text);
  g_free (o->text_file);
  g_free (o->impact);
  g_free (o->police_ref);
  g_free (o->officer);
  g_free (o->police_date);
  g_free (o->notes);
  g_strfreev (o->breaches);
  g_strfreev (o->remove_breaches);
  g_strfreev (o->reported_in);
  g_strfreev (o->messages);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntryOptions, entry_options_clear)

static GOptionContext *
entry_option_context (EntryOptions *o, const char *parameter, gboolean editing)
{
  GOptionEntry entries[] = {
    { "when", 0, 0, G_OPTION_ARG_STRING, &o->when, N_ ("When it happened (ISO 8601; default now)"),
      N_ ("TIME") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &o->end, N_ ("When it ended"), N_ ("TIME") },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &o->precision, N_ ("exact, approximate or day"),
      "P" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o->title, N_ ("A short title"), N_ ("TEXT") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &o->location, N_ ("Where it happened"), N_ ("TEXT") },
    { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->types, N_ ("Behaviour type (repeatable)"),
      N_ ("TYPE") },
    { "person", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->people,
      N_ ("Person involved, with a role: suspect, witness or other (repeatable)"),
      N_ ("NAME[:ROLE]") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &o->text, N_ ("What happened"), N_ ("TEXT") },
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &o->text_file,
      N_ ("Read what happened from a file"), N_ ("FILE") },
    { "impact", 0, 0, G_OPTION_ARG_STRING, &o->impact,
      N_ ("How it affected you and your daily life"), N_ ("TEXT") },
    { "fear", 0, 0, G_OPTION_ARG_NONE, &o->fear, N_ ("It caused fear of violence"), NULL },
    { "distress", 0, 0, G_OPTION_ARG_NONE, &o->distress, N_ ("It caused alarm or distress"), NULL },
    { "reported", 0, 0, G_OPTION_ARG_NONE, &o->reported, N_ ("It was reported to the police"),
      NULL },
    { "police-ref", 0, 0, G_OPTION_ARG_STRING, &o->police_ref, N_ ("Crime reference number"),
      N_ ("REF") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &o->officer, N_ ("Officer's name or number"),
      N_ ("TEXT") },
    { "police-date", 0, 0, G_OPTION_ARG_STRING, &o->police_date, N_ ("When it was reported"),
      N_ ("DATE") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &o->notes,
      N_ ("Private notes (never in a report unless asked)"), N_ ("TEXT") },
    { "message", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->messages,
      N_ ("Cite an imported message by its id (repeatable)"), N_ ("ID") },
    { "private", 0, 0, G_OPTION_ARG_NONE, &o->is_private, N_ ("Mark the whole entry private"),
      NULL },
    { "breach", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->breaches,
      N_ ("Mark it a possible breach of a term of an order (repeatable)"), N_ ("ORDER:TERM") },
    { "remove-breach", 0, editing ? 0 : G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING_ARRAY,
      &o->remove_breaches, N_ ("Remove a breach mark (repeatable)"), N_ ("ORDER:TERM") },
    { "reported-in", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->reported_in,
      N_ ("The police contact it was reported in (repeatable; see “contacts”)"), N_ ("CONTACT") },
    { "public", 0, editing ? 0 : G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o->is_public,
      N_ ("Mark the entry not private"), NULL },
    { "clear-end", 0, editing ? 0 : G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o->clear_end,
      N_ ("Remove the end time"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static char *
read_all (int fd, GError **error)
{
  g_autoptr (GIOChannel) channel = g_io_channel_unix_new (fd);
  g_autofree char *data = NULL;
  gsize len = 0;

  g_io_channel_set_encoding (channel, NULL, NULL);
  g_io_channel_set_close_on_unref (channel, FALSE);
  if (g_io_channel_read_to_end (channel, &data, &len, NULL) != G_IO_STATUS_NORMAL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("Could not read the text from standard input."));
      return NULL;
    }
  return data ? g_steal_pointer (&data) : g_strdup ("");
}

/* --text, --text-file, or standard input when it is a pipe or file (and
 * not the one the passphrase came from). */
static gboolean
narrative_from_options (DaybookCliContext *ctx, EntryOptions *o, gboolean editing, char **out,
                        GError **error)
{
  *out = NULL;
  if (o->text != NULL && o->text_file != NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("Give --text or --text-file, not both."));
      return FALSE;
    }
  if (o->text != NULL)
    *out = g_strdup (o->text);
  else if (o->text_file != NULL)
    {
      g_autoptr (GError) local_error = NULL;

      if (!g_file_get_contents (o->text_file, out, NULL, &local_error))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                       _ ("Could not read the text file: %s"), local_error->message);
          return FALSE;
        }
    }
  else if (!editing && !isatty (STDIN_FILENO))
    {
      *out = read_all (STDIN_FILENO, error);
      if (*out == NULL)
        return FALSE;
    }
  return TRUE;
}

/* @has_role is set when @spec names a role; *@role is then that role. */
static gboolean
parse_person (const char *spec, char **name, DaybookRole *role, gboolean *has_role, GError **error)
{
  const char *colon = strrchr (spec, ':');

  *role = DAYBOOK_ROLE_OTHER;
  *has_role = colon != NULL && daybook_role_from_id (colon + 1, role);
  if (*has_role)
    *name = g_strndup (spec, colon - spec);
  else if (colon != NULL && colon[1] != '\0' && strchr (colon + 1, ' ') == NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("“%s” is not a role. Use suspect, witness or other."), colon + 1);
      return FALSE;
    }
  else
    *name = g_strdup (spec);

  g_strstrip (*name);
  if ((*name)[0] == '\0')
    {
      g_free (*name);
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("A person needs a name."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_when (DaybookCliContext *ctx, EntryOptions *o, DaybookIncident *incident, gboolean editing,
            GError **error)
{
  DaybookWhen when = { 0 };
  gboolean date_only = FALSE;
  DaybookPrecision precision;

  if (o->when != NULL)
    {
      if (!daybook_when_parse (o->when, ctx->local, &when, &date_only, error))
        return FALSE;
      daybook_incident_set_start (incident, &when);
      daybook_when_clear (&when);
      daybook_incident_set_precision (incident,
                                      date_only ? DAYBOOK_PRECISION_DAY : DAYBOOK_PRECISION_EXACT);
    }
  else if (!editing)
    {
      daybook_when_set_now (&when, ctx->local);
      daybook_incident_set_start (incident, &when);
      daybook_when_clear (&when);
    }

  if (o->precision != NULL)
    {
      if (!daybook_precision_from_id (o->precision, &precision))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not a precision. Use exact, approximate or day."), o->precision);
          return FALSE;
        }
      daybook_incident_set_precision (incident, precision);
    }

  if (o->end != NULL && o->clear_end)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("Give --end or --clear-end, not both."));
      return FALSE;
    }
  if (o->end != NULL)
    {
      if (!daybook_when_parse (o->end, ctx->local, &when, NULL, error))
        return FALSE;
      daybook_incident_set_end (incident, &when);
      daybook_when_clear (&when);
    }
  if (o->clear_end)
    daybook_incident_set_end (incident, NULL);

  return TRUE;
}

/* @diary is %NULL on the first pass, which only checks the options. */
static gboolean
apply_options (DaybookCliContext *ctx, DaybookDiary *diary, EntryOptions *o,
               DaybookIncident *incident, gboolean editing, const char *narrative, GError **error)
{
  if (o->is_private && o->is_public)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("Give --private or --public, not both."));
      return FALSE;
    }

  if (!apply_when (ctx, o, incident, editing, error))
    return FALSE;

  if (o->types != NULL)
    {
      DaybookBehaviour types;

      if (!daybook_cli_parse_types (o->types, &types, error))
        return FALSE;
      daybook_incident_set_types (incident, types);
    }

  if (o->people != NULL)
    {
      g_autoptr (GHashTable) had = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      /* A person named without a role keeps the role the saved entry gave
       * them, else the one the register gives them, else "other". */
      for (guint i = 0; editing && diary != NULL && i < daybook_incident_get_n_people (incident);
           i++)
        {
          const DaybookInvolvement *inv = daybook_incident_get_person (incident, i);
          g_hash_table_insert (had, g_utf8_casefold (inv->name, -1), GINT_TO_POINTER (inv->role));
        }
      daybook_incident_clear_people (incident);
      for (guint i = 0; o->people[i] != NULL; i++)
        {
          g_autofree char *name = NULL;
          g_autofree char *key = NULL;
          DaybookRole role;
          gboolean has_role;
          gpointer old_role;

          if (!parse_person (o->people[i], &name, &role, &has_role, error))
            return FALSE;
          key = g_utf8_casefold (name, -1);
          if (!has_role && g_hash_table_lookup_extended (had, key, NULL, &old_role))
            role = GPOINTER_TO_INT (old_role);
          else if (!has_role && diary != NULL)
            role = daybook_diary_get_person_role (diary, name, DAYBOOK_ROLE_OTHER);
          daybook_incident_add_person (incident, name, role);
        }
    }

  if (narrative != NULL)
    daybook_incident_set_narrative (incident, narrative);
  if (o->title != NULL)
    daybook_incident_set_title (incident, o->title);
  if (o->location != NULL)
    daybook_incident_set_location (incident, o->location);
  if (o->impact != NULL)
    daybook_incident_set_impact (incident, o->impact);
  if (o->police_ref != NULL)
    daybook_incident_set_police_ref (incident, o->police_ref);
  if (o->officer != NULL)
    daybook_incident_set_police_officer (incident, o->officer);
  if (o->police_date != NULL)
    daybook_incident_set_police_date (incident, o->police_date);
  if (o->notes != NULL)
    daybook_incident_set_private_notes (incident, o->notes);
  if (o->fear)
    daybook_incident_set_fear_of_violence (incident, TRUE);
  if (o->distress)
    daybook_incident_set_alarm_distress (incident, TRUE);
  if (o->reported || o->police_ref != NULL)
    daybook_incident_set_police_reported (incident, TRUE);
  if (o->is_private)
    daybook_incident_set_private (incident, TRUE);
  if (o->is_public)
    daybook_incident_set_private (incident, FALSE);
  for (guint i = 0; o->remove_breaches != NULL && o->remove_breaches[i] != NULL; i++)
    {
      DaybookBreach breach;

      if (!daybook_cli_parse_breach (o->remove_breaches[i], &breach, error))
        return FALSE;
      daybook_incident_remove_breach (incident, breach.order_id, breach.term);
    }
  for (guint i = 0; o->breaches != NULL && o->breaches[i] != NULL; i++)
    {
      DaybookBreach breach;

      if (!daybook_cli_parse_breach (o->breaches[i], &breach, error))
        return FALSE;
      daybook_incident_add_breach (incident, breach.order_id, breach.term);
    }

  /* Text arrives from the shell as bytes: check before it reaches the diary. */
  return daybook_incident_validate (incident, error);
}

/* The police contacts of --reported-in, checked before anything is saved. */
static gboolean
parse_reported_in (DaybookDiary *diary, EntryOptions *o, GArray *ids, GError **error)
{
  for (guint i = 0; o->reported_in != NULL && o->reported_in[i] != NULL; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (o->reported_in[i], 10, 1, G_MAXINT64, &id, NULL))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not the number of a police contact."), o->reported_in[i]);
          return FALSE;
        }
      if (diary != NULL)
        {
          g_autoptr (DaybookPoliceContact) contact
              = daybook_diary_get_contact (diary, (gint64)id, NULL);

          if (contact == NULL)
            {
              g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("There is no police contact number %" PRIu64
                              ": nothing was saved. List them with “contacts”."),
                           id);
              return FALSE;
            }
        }
      g_array_append_val (ids, id);
    }
  return TRUE;
}

/* --message ID…: checked before the passphrase is asked for. */
static gboolean
parse_messages (EntryOptions *o, GArray *ids, GError **error)
{
  for (guint i = 0; o->messages != NULL && o->messages[i] != NULL; i++)
    {
      gint64 id;

      if (!daybook_cli_parse_number (o->messages[i], &id, error))
        return FALSE;
      g_array_append_val (ids, id);
    }
  return TRUE;
}

/* Adds the contacts of --reported-in to those entry @number was reported in. */
static gboolean
link_reported_in (DaybookDiary *diary, gint64 number, GArray *ids, GError **error)
{
  g_autoptr (GArray) current = NULL;

  if (ids->len == 0)
    return TRUE;
  current = daybook_diary_list_incident_contacts (diary, number, error);
  if (current == NULL)
    return FALSE;
  g_array_append_vals (current, ids->data, ids->len);
  return daybook_diary_set_incident_contacts (diary, number, (gint64 *)current->data, current->len,
                                              error);
}

/* Every cited message exists, before the entry is saved. */
static gboolean
check_messages (DaybookDiary *diary, GArray *ids, GError **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (DaybookMessage) message
          = daybook_diary_get_message (diary, g_array_index (ids, gint64, i), error);

      if (message == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
cite_messages (DaybookDiary *diary, gint64 number, GArray *ids, GError **error)
{
  return ids->len == 0
         || daybook_diary_cite_messages (diary, number, (const gint64 *)ids->data, ids->len, TRUE,
                                         error);
}

int
daybook_cli_add (DaybookCliContext *ctx, int argc, char **argv)
{
  g_auto (EntryOptions) o = { 0 };
  g_autoptr (GOptionContext) options = entry_option_context (&o, "", FALSE);
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GArray) messages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *narrative = NULL;
  g_autoptr (GArray) contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("add takes no arguments besides its options."));

  /* Bad options fail before the passphrase is asked for. The account may
   * follow the passphrase line on standard input, so it is read after. */
  if (!apply_options (ctx, NULL, &o, incident, FALSE, "", &error)
      || !parse_messages (&o, messages, &error))
    return daybook_cli_fail (error);

  if (!parse_reported_in (NULL, &o, contacts, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  g_array_set_size (contacts, 0);
  if (diary == NULL || !narrative_from_options (ctx, &o, FALSE, &narrative, &error)
      || !apply_options (ctx, diary, &o, incident, FALSE, narrative, &error)
      || !parse_reported_in (diary, &o, contacts, &error)
      || !check_messages (diary, messages, &error)
      || !daybook_diary_save_incident (diary, incident, &error)
      || !link_reported_in (diary, daybook_incident_get_number (incident), contacts, &error)
      || !cite_messages (diary, daybook_incident_get_number (incident), messages, &error))
    return daybook_cli_fail (error);

  g_print ("%" PRId64 "\n", daybook_incident_get_number (incident));
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_edit (DaybookCliContext *ctx, int argc, char **argv)
{
  g_auto (EntryOptions) o = { 0 };
  g_autoptr (GOptionContext) options = entry_option_context (&o, "N", TRUE);
  g_autoptr (DaybookIncident) incident = NULL;
  g_autoptr (DaybookIncident) scratch = daybook_incident_new ();
  g_autoptr (GArray) contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  DaybookWhen now = { 0 };
  g_autoptr (DaybookDiary) diary = NULL;
  g_autofree char *narrative = NULL;
  g_autoptr (GArray) messages = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *error = NULL;
  gint64 number;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 2)
    return daybook_cli_usage (_ ("edit needs one entry number."));
  if (!daybook_cli_parse_number (argv[1], &number, &error))
    return daybook_cli_fail (error);
  daybook_when_set_now (&now, ctx->local);
  daybook_incident_set_start (scratch, &now);
  daybook_when_clear (&now);
  if (!apply_options (ctx, NULL, &o, scratch, TRUE, NULL, &error)
      || !parse_reported_in (NULL, &o, contacts, &error)
      || !narrative_from_options (ctx, &o, TRUE, &narrative, &error)
      || !parse_messages (&o, messages, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  g_array_set_size (contacts, 0);
  if (diary == NULL || (incident = daybook_diary_get_incident (diary, number, &error)) == NULL
      || !apply_options (ctx, diary, &o, incident, TRUE, narrative, &error)
      || !parse_reported_in (diary, &o, contacts, &error)
      || !check_messages (diary, messages, &error)
      || !daybook_diary_save_incident (diary, incident, &error)
      || !link_reported_in (diary, number, contacts, &error)
      || !cite_messages (diary, number, messages, &error))
    return daybook_cli_fail (error);

  g_print (_ ("Entry %" PRId64 " saved as revision %u.\n"), number,
           daybook_incident_get_revision (incident));
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_delete (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) options = g_option_context_new ("N");
  g_autoptr (DaybookDiary) diary = NULL;
  GError *error = NULL;
  gint64 number;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 2)
    return daybook_cli_usage (_ ("delete needs one entry number."));
  if (!daybook_cli_parse_number (argv[1], &number, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || !daybook_diary_delete_incident (diary, number, &error))
    return daybook_cli_fail (error);

  g_print (_ ("Entry %" PRId64 " deleted. Its history is kept.\n"), number);
  return DAYBOOK_EXIT_OK;
}

/* The ids of @types, in the order of the behaviours, joined by ", ". */
static void
append_types (GString *out, DaybookBehaviour types)
{
  gboolean first = TRUE;

  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (types & daybook_behaviour_nth (i))
      {
        if (!first)
          g_string_append (out, ", ");
        g_string_append (out, daybook_behaviour_get_id (daybook_behaviour_nth (i)));
        first = FALSE;
      }
}

static char *
format_types (DaybookIncident *incident)
{
  GString *s = g_string_new (NULL);

  append_types (s, daybook_incident_get_types (incident));
  return g_string_free (s, FALSE);
}

typedef struct
{
  GString *out;
  const char *no_title;
  const char *private_mark;
} LineOutput;

/* One line of `list` and `search`; standard output is written 64 KiB at a
 * time, since g_print() flushes on every call. */
static void
print_line (const DaybookIncidentLine *line, gpointer user_data)
{
  LineOutput *o = user_data;
  g_autofree char *when = daybook_when_format_display (&line->start, line->precision);

  g_string_append_printf (o->out, "%5" G_GINT64_FORMAT "  %s  %s", line->number, when,
                          line->title[0] ? line->title : o->no_title);
  if (line->types != 0)
    {
      g_string_append (o->out, "  [");
      append_types (o->out, line->types);
      g_string_append_c (o->out, ']');
    }
  if (line->is_private)
    g_string_append (o->out, o->private_mark);
  g_string_append_c (o->out, '\n');
  if (o->out->len >= 65536)
    {
      g_print ("%s", o->out->str);
      g_string_truncate (o->out, 0);
    }
}

static int
print_model (GListModel *model, gboolean json)
{
  guint n = g_list_model_get_n_items (model);

  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr (JsonArray) array = json_array_sized_new (n);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (DaybookIncident) incident = g_list_model_get_item (model, i);
          json_array_add_element (array, daybook_incident_to_json (incident));
        }
      json_node_set_array (root, array);
      daybook_cli_print_json (root);
      return DAYBOOK_EXIT_OK;
    }

  {
    g_autoptr (GString) out = g_string_sized_new (65536 + 1024);
    LineOutput o = { out, _ ("(no title)"), _ ("  (private)") };
    GError *error = NULL;

    if (!daybook_incident_list_foreach_line (DAYBOOK_INCIDENT_LIST (model), print_line, &o, &error))
      return daybook_cli_fail (error);
    g_print ("%s", out->str);
  }
  if (n == 0)
    g_printerr (_ ("No entries.\n"));
  return DAYBOOK_EXIT_OK;
}

static int
run_query (DaybookCliContext *ctx, int argc, char **argv, gboolean search)
{
  g_autofree char *from = NULL, *to = NULL;
  g_auto (GStrv) types = NULL, people = NULL;
  gboolean json = FALSE, newest = FALSE;
  GOptionEntry entries[]
      = { { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("From this date or time"), N_ ("TIME") },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Up to this date (included) or time"),
            N_ ("TIME") },
          { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &types,
            N_ ("Only entries of this behaviour type (repeatable)"), N_ ("TYPE") },
          { "person", 0, 0, G_OPTION_ARG_STRING_ARRAY, &people,
            N_ ("Only entries naming this person"), N_ ("NAME") },
          { "newest-first", 0, 0, G_OPTION_ARG_NONE, &newest, N_ ("Newest first"), NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new (search ? "QUERY" : "");
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) model = NULL;
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;

  if (search)
    {
      g_autofree char *text = NULL;
      g_autofree char *fts = NULL;

      if (argc < 2)
        return daybook_cli_usage (_ ("search needs the words to look for."));
      text = g_strjoinv (" ", argv + 1);
      if (!g_utf8_validate (text, -1, NULL))
        return daybook_cli_usage (_ ("The search words are not UTF-8 text."));
      if ((fts = daybook_fts_query_from_text (text)) == NULL)
        return daybook_cli_usage (
            _ ("There are no words to search for in “%s”: search for letters or digits."), text);
      daybook_query_set_text (query, text);
    }
  else if (argc > 1)
    return daybook_cli_usage (_ ("list takes no arguments besides its options."));

  query->newest_first = newest;
  if (!daybook_cli_parse_query (ctx, query, from, to, types, people, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (model = daybook_diary_query (diary, query, &error)) == NULL)
    return daybook_cli_fail (error);

  return print_model (model, json);
}

int
daybook_cli_list (DaybookCliContext *ctx, int argc, char **argv)
{
  return run_query (ctx, argc, argv, FALSE);
}

int
daybook_cli_search (DaybookCliContext *ctx, int argc, char **argv)
{
  return run_query (ctx, argc, argv, TRUE);
}

static void
print_field (const char *label, const char *value)
{
  if (value != NULL && value[0] != '\0')
    g_print ("%-14s %s\n", label, value);
}

static void
print_incident (DaybookIncident *incident)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *when = daybook_when_format_display (daybook_incident_get_start (incident),
                                                       daybook_incident_get_precision (incident));
  g_autofree char *end = NULL;
  g_autofree char *recorded
      = daybook_time_format_display (daybook_incident_get_recorded_at (incident), local);
  g_autofree char *updated
      = daybook_time_format_display (daybook_incident_get_updated_at (incident), local);
  g_autofree char *types = format_types (incident);
  g_autoptr (GString) people = g_string_new (NULL);
  g_autoptr (GString) impact = g_string_new (NULL);
  g_autofree char *number = g_strdup_printf ("%" PRId64, daybook_incident_get_number (incident));

  if (daybook_incident_get_end (incident) != NULL)
    end = daybook_when_format_display (daybook_incident_get_end (incident),
                                       DAYBOOK_PRECISION_EXACT);
  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      const DaybookInvolvement *inv = daybook_incident_get_person (incident, i);
      g_string_append_printf (people, "%s%s (%s)", i ? "; " : "", inv->name,
                              daybook_role_get_label (inv->role));
    }
  if (daybook_incident_get_fear_of_violence (incident))
    g_string_append (impact, _ ("Fear of violence. "));
  if (daybook_incident_get_alarm_distress (incident))
    g_string_append (impact, _ ("Alarm or distress. "));
  g_string_append (impact, daybook_incident_get_impact (incident));

  /* TRANSLATORS: a label before an entry's number */
  print_field (C_ ("label before an entry number", "Entry"), number);
  print_field (_ ("Title"), daybook_incident_get_title (incident));
  print_field (_ ("When"), when);
  print_field (_ ("Until"), end);
  print_field (_ ("Recorded"), recorded);
  if (daybook_incident_get_revision (incident) > 1)
    print_field (_ ("Last edited"), updated);
  print_field (_ ("Location"), daybook_incident_get_location (incident));
  print_field (_ ("Types"), types);
  print_field (_ ("People"), people->str);
  print_field (_ ("Impact"), impact->str);
  if (daybook_incident_get_police_reported (incident))
    print_field (_ ("Police"), _ ("Reported"));
  print_field (_ ("Crime ref."), daybook_incident_get_police_ref (incident));
  print_field (_ ("Officer"), daybook_incident_get_police_officer (incident));
  print_field (_ ("Reported on"), daybook_incident_get_police_date (incident));
  if (daybook_incident_get_private (incident))
    print_field (_ ("Private"), _ ("Yes: left out of reports unless asked"));
  g_print ("\n%s\n", daybook_incident_get_narrative (incident));
  if (daybook_incident_get_private_notes (incident)[0] != '\0')
    g_print ("\n%s\n%s\n", _ ("Private notes:"), daybook_incident_get_private_notes (incident));
}

static void
print_history (GListModel *history)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  g_print ("\n%s\n", _ ("History:"));
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr (DaybookRevision) rev = g_list_model_get_item (history, i);
      g_autoptr (DaybookRevision) prev = i > 0 ? g_list_model_get_item (history, i - 1) : NULL;
      g_autofree char *at = daybook_time_format_display (daybook_revision_get_at (rev), local);
      g_auto (GStrv) changes = daybook_revision_list_changes (rev, prev);
      g_autofree char *changed = g_strjoinv (", ", changes);

      g_print ("  %u  %-6s  %s%s%s\n", daybook_revision_get_revision (rev),
               daybook_revision_get_action (rev), at,
               prev != NULL && changed[0] ? _ ("  changed: ") : "", prev != NULL ? changed : "");
      if (daybook_revision_get_clock_set_back (rev))
        {
          g_autofree char *previous
              = daybook_time_format_display (daybook_revision_get_previous_at (rev), local);

          /* TRANSLATORS: under a revision in `show N --history` */
          g_print (_ ("     clock set back: recorded before %s, the time of an earlier change\n"),
                   previous);
        }
    }
}

/* A deleted entry asked for with --history: its revisions, ending in the
 * tombstone. */
static int
show_deleted (gint64 number, GListModel *revisions, gboolean json)
{
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, number);
      json_builder_set_member_name (b, "deleted");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "history");
      json_builder_begin_array (b);
      for (guint i = 0; i < g_list_model_get_n_items (revisions); i++)
        {
          g_autoptr (DaybookRevision) rev = g_list_model_get_item (revisions, i);

          json_builder_add_value (b, daybook_revision_to_json (rev));
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      daybook_cli_print_json (root);
      return DAYBOOK_EXIT_OK;
    }

  g_print (_ ("Entry %" PRId64 " was deleted. Its history:\n"), number);
  print_history (revisions);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_show (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, history = FALSE;
  GOptionEntry entries[]
      = { { "history", 0, 0, G_OPTION_ARG_NONE, &history, N_ ("Include every revision"), NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("N");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookIncident) incident = NULL;
  g_autoptr (GListModel) revisions = NULL;
  GError *error = NULL;
  gint64 number;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 2)
    return daybook_cli_usage (_ ("show needs one entry number."));
  if (!daybook_cli_parse_number (argv[1], &number, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  incident = daybook_diary_get_incident (diary, number, &error);
  /* A deleted entry has no current version, but its history is kept. */
  if (incident != NULL
      || (history && g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND)))
    {
      g_autoptr (GError) missing = g_steal_pointer (&error);

      if (history
          && (revisions = daybook_diary_list_history (diary, "incident", number, &error)) == NULL)
        return daybook_cli_fail (error);
      if (incident == NULL && g_list_model_get_n_items (revisions) == 0)
        return daybook_cli_fail (g_steal_pointer (&missing));
    }
  else
    return daybook_cli_fail (error);

  if (incident == NULL)
    return show_deleted (number, revisions, json);

  if (json)
    {
      g_autoptr (JsonNode) root = daybook_incident_to_json (incident);

      daybook_cli_describe_registers (diary, incident, root);
      if (!daybook_cli_add_cited_messages (diary, number, ctx->local, root, &error))
        return daybook_cli_fail (error);

      if (revisions != NULL)
        {
          JsonArray *array = json_array_new ();

          for (guint i = 0; i < g_list_model_get_n_items (revisions); i++)
            {
              g_autoptr (DaybookRevision) rev = g_list_model_get_item (revisions, i);
              json_array_add_element (array, daybook_revision_to_json (rev));
            }
          json_object_set_array_member (json_node_get_object (root), "history", array);
        }
      daybook_cli_print_json (root);
      return DAYBOOK_EXIT_OK;
    }

  print_incident (incident);
  daybook_cli_print_registers (diary, incident);
  if (!daybook_cli_print_cited_messages (diary, number, ctx->local, &error))
    return daybook_cli_fail (error);
  if (revisions != NULL)
    print_history (revisions);
  return DAYBOOK_EXIT_OK;
}
