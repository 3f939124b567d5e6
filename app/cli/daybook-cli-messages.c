/* daybook-cli-messages.c — listing imported messages and calls
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "daybook-i18n.h"

#include "daybook-attachment.h"
#include "daybook-cli.h"
#include "daybook-import-parse.h"
#include "daybook-import.h"
#include "daybook-messages.h"
#include "daybook-person.h"

/*
 * `messages [--exhibit MARK] [--person NAME] [--from T] [--to T]
 * [--search WORDS] [--entry N] [--json]`: the imported messages and calls,
 * oldest first, with the exhibit each was read from and its line there.
 */

static void
print_message (const DaybookMessage *m)
{
  g_autofree char *at = daybook_message_dup_sent_at (m);
  g_autofree char *flat = g_strdup (m->text);

  g_strdelimit (flat, "\r\n", ' ');
  g_print ("%6" G_GINT64_FORMAT "  %s%s  %-6s %-3s  %s  ", m->id, at,
           m->time_flag[0] != '\0' ? "!" : " ", m->kind, m->direction,
           m->sender[0] != '\0' ? m->sender : "-");
  if (g_strcmp0 (m->kind, "call") == 0)
    {
      if (m->duration_s >= 0)
        g_print (_ ("(call, %s, %d s)"), m->outcome, m->duration_s);
      else
        g_print (_ ("(call, %s)"), m->outcome);
    }
  else
    g_print ("%s", flat);
  if (m->media_name[0] != '\0')
    g_print (" [%s: %s%s%s]", m->media_state, m->media_name, m->media_mark != NULL ? " = " : "",
             m->media_mark != NULL ? m->media_mark : "");
  g_print ("  (%s:%u)\n", m->source_mark, m->line);
}

int
daybook_cli_messages (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *exhibit = NULL;
  g_autofree char *person = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *search = NULL;
  g_autofree char *entry = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "exhibit", 0, 0, G_OPTION_ARG_STRING, &exhibit,
            N_ ("Only the messages imported from this exhibit"), N_ ("MARK") },
          { "person", 0, 0, G_OPTION_ARG_STRING, &person, N_ ("Only those from this person"),
            N_ ("NAME") },
          { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("From this date or time"), N_ ("TIME") },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Up to this date (included) or time"),
            N_ ("TIME") },
          { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_ ("Only those with all these words"),
            N_ ("WORDS") },
          { "entry", 0, 0, G_OPTION_ARG_STRING, &entry, N_ ("Only those cited by entry N"), "N" },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options
      = g_option_context_new (_ ("— list imported messages and calls, oldest first"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GArray) cited = g_array_new (FALSE, FALSE, sizeof (gint64));
  DaybookQuery times = { 0 };
  DaybookMessageQuery query;
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("messages takes no arguments besides its options."));

  daybook_message_query_init (&query);
  times.from = G_MININT64;
  times.to = G_MAXINT64;
  if (!daybook_cli_parse_query (ctx, &times, from, to, NULL, NULL, &error))
    return daybook_cli_fail (error);
  query.from = times.from;
  query.to = times.to;
  query.search = search;
  if (entry != NULL)
    {
      gint64 number;

      if (!daybook_cli_parse_number (entry, &number, &error))
        return daybook_cli_fail (error);
      g_array_append_val (cited, number);
      query.cited_by = cited;
    }

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  if (exhibit != NULL)
    {
      g_autoptr (DaybookAttachment) attachment
          = daybook_diary_find_attachment (diary, exhibit, &error);

      if (attachment == NULL)
        return daybook_cli_fail (error);
      query.attachment_id = daybook_attachment_get_id (attachment);
    }
  if (person != NULL)
    {
      g_autoptr (DaybookPerson) found_person = daybook_diary_find_person (diary, person);

      if (found_person == NULL)
        {
          g_set_error (&error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                       _ ("There is no person called “%s”. List them with people."), person);
          return daybook_cli_fail (error);
        }
      query.person_id = daybook_person_get_id (found_person);
    }

  found = daybook_diary_list_messages (diary, &query, &error);
  if (found == NULL)
    return daybook_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonArray) array = json_array_new ();
      g_autoptr (JsonNode) root = NULL;

      for (guint i = 0; i < found->len; i++)
        json_array_add_element (array, daybook_message_to_json (found->pdata[i]));
      root = json_node_init_array (json_node_alloc (), array);
      daybook_cli_print_json (root);
      return DAYBOOK_EXIT_OK;
    }
  if (found->len == 0)
    g_print (_ ("No messages.\n"));
  for (guint i = 0; i < found->len; i++)
    print_message (found->pdata[i]);
  return DAYBOOK_EXIT_OK;
}

/* The messages entry @number cites, oldest first. */
static GPtrArray *
list_cited (DaybookDiary *diary, gint64 number, GError **error)
{
  g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  DaybookMessageQuery query;

  g_array_append_val (numbers, number);
  daybook_message_query_init (&query);
  query.cited_by = numbers;
  return daybook_diary_list_messages (diary, &query, error);
}

/* When the export message @m came from was imported, in @zone ("" when
 * its import row is gone). */
static char *
dup_imported_at (DaybookDiary *diary, const DaybookMessage *m, GTimeZone *zone)
{
  g_autoptr (DaybookMessageSource) source
      = daybook_diary_find_message_source (diary, m->source_attachment_id, NULL);

  return source != NULL ? daybook_time_format_iso (source->imported_at, zone) : g_strdup ("");
}

/**
 * daybook_cli_add_cited_messages:
 *
 * Adds to `show N --json`'s object @root the member `messages`: the
 * messages entry @number cites, each as `messages --json` gives it, with
 * `imported_at`, when the export it came from was imported (in @zone).
 * `cited_messages` repeats each one's `id`, `source`, `line` and
 * `imported_at` from the same list, for scripts written before these were
 * in `messages` (`--json` output stays stable).
 */
gboolean
daybook_cli_add_cited_messages (DaybookDiary *diary, gint64 number, GTimeZone *zone, JsonNode *root,
                                GError **error)
{
  g_autoptr (GPtrArray) cited = list_cited (diary, number, error);
  JsonArray *array, *earlier;

  if (cited == NULL)
    return FALSE;
  array = json_array_new ();
  earlier = json_array_new ();
  for (guint i = 0; i < cited->len; i++)
    {
      const DaybookMessage *m = cited->pdata[i];
      JsonNode *node = daybook_message_to_json (m);
      JsonObject *o = json_object_new ();
      g_autofree char *imported = dup_imported_at (diary, m, zone);

      json_object_set_string_member (json_node_get_object (node), "imported_at", imported);
      json_array_add_element (array, node);
      json_object_set_int_member (o, "id", m->id);
      json_object_set_string_member (o, "source", m->source_mark);
      json_object_set_int_member (o, "line", m->line);
      json_object_set_string_member (o, "imported_at", imported);
      json_array_add_object_element (earlier, o);
    }
  json_object_set_array_member (json_node_get_object (root), "messages", array);
  json_object_set_array_member (json_node_get_object (root), "cited_messages", earlier);
  return TRUE;
}

/**
 * daybook_cli_print_cited_messages:
 *
 * Prints what `show N` adds for the messages entry @number cites: each
 * one's time, direction, sender, where it came from and when that was
 * imported (in @zone), then its text quoted line by line.
 */
gboolean
daybook_cli_print_cited_messages (DaybookDiary *diary, gint64 number, GTimeZone *zone,
                                  GError **error)
{
  g_autoptr (GPtrArray) cited = list_cited (diary, number, error);

  if (cited == NULL)
    return FALSE;
  if (cited->len == 0)
    return TRUE;
  g_print ("\n%s\n",
           g_dngettext (GETTEXT_PACKAGE, "Cited message:", "Cited messages:", cited->len));
  for (guint i = 0; i < cited->len; i++)
    {
      const DaybookMessage *m = cited->pdata[i];
      g_autofree char *at = daybook_message_dup_sent_at (m);
      g_autofree char *imported = dup_imported_at (diary, m, zone);
      g_auto (GStrv) lines = NULL;

      /* TRANSLATORS: a cited message in `show N`: its id, time, kind,
       * direction, sender, its exhibit and line, and when that exhibit was
       * imported */
      g_print (_ ("  %" PRId64 "  %s%s  %s %s  %s  (exhibit %s, line %u, imported %s)\n"), m->id,
               at, m->time_flag[0] != '\0' ? "!" : "", m->kind, m->direction,
               m->person != NULL      ? m->person
               : m->sender[0] != '\0' ? m->sender
                                      : "-",
               m->source_mark, m->line, imported);
      if (g_strcmp0 (m->kind, "call") == 0)
        {
          if (m->duration_s >= 0)
            g_print (_ ("  > (call, %s, %d s)\n"), m->outcome, m->duration_s);
          else
            g_print (_ ("  > (call, %s)\n"), m->outcome);
        }
      else
        {
          lines = g_strsplit (m->text, "\n", -1);
          for (guint j = 0; lines[j] != NULL; j++)
            {
              g_strdelimit (lines[j], "\r", ' ');
              g_print ("  > %s\n", lines[j]);
            }
        }
      if (m->media_name[0] != '\0')
        g_print ("  > [%s: %s%s%s]\n", m->media_state, m->media_name,
                 m->media_mark != NULL ? " = " : "", m->media_mark != NULL ? m->media_mark : "");
    }
  return TRUE;
}

/*
 * `import FILE… [--format F] [--date-order dmy|mdy|ymd] [--time-zone ZONE]
 * [--me NAME] [--person SENDER=NAME]… [--entry N] [--mboxo] [--columns MAP]
 * [--json]`: each file is stored as an exhibit and its messages and calls
 * added, and a table's new rows become entries citing them (see
 * daybook-import.c for what a failure leaves). Files are imported one after
 * another; those before a failure stay imported.
 */

static const char *const format_names[]
    = { "auto", "whatsapp", "telegram", "sms", "calls", "eml", "mbox", "csv" };

static char *
format_time (gint64 utc, GTimeZone *zone)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (utc);
  g_autoptr (GDateTime) local = dt != NULL ? g_date_time_to_timezone (dt, zone) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z") : g_strdup ("");
}

static JsonNode *
result_to_json (const DaybookImportResult *r, GTimeZone *zone)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *first = r->first != 0 ? format_time (r->first, zone) : NULL;
  g_autofree char *last = r->last != 0 ? format_time (r->last, zone) : NULL;
  GVariantIter iter;
  const char *reason;
  guint32 line;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, r->mark);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, r->sha256);
  json_builder_set_member_name (b, "already_imported");
  json_builder_add_boolean_value (b, r->already);
  json_builder_set_member_name (b, "format");
  if (r->format != NULL)
    json_builder_add_string_value (b, r->format);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "date_order");
  json_builder_add_string_value (b, r->date_order != NULL ? r->date_order : "");
  json_builder_set_member_name (b, "time_zone");
  json_builder_add_string_value (b, r->time_zone != NULL ? r->time_zone : "");
  json_builder_set_member_name (b, "messages");
  json_builder_add_int_value (b, r->messages);
  json_builder_set_member_name (b, "calls");
  json_builder_add_int_value (b, r->calls);
  json_builder_set_member_name (b, "media");
  json_builder_add_int_value (b, r->media);
  json_builder_set_member_name (b, "entries");
  json_builder_add_int_value (b, r->entries);
  json_builder_set_member_name (b, "already_present");
  json_builder_add_int_value (b, r->present);
  json_builder_set_member_name (b, "times_flagged");
  json_builder_add_int_value (b, r->flagged);
  json_builder_set_member_name (b, "first");
  if (first != NULL)
    json_builder_add_string_value (b, first);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "last");
  if (last != NULL)
    json_builder_add_string_value (b, last);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "skipped");
  json_builder_begin_array (b);
  if (r->skipped != NULL)
    {
      g_variant_iter_init (&iter, r->skipped);
      while (g_variant_iter_next (&iter, "(u&s)", &line, &reason))
        {
          /* In English whatever the language: JSON is for programs. */
          g_autofree char *sentence = daybook_import_skip_reason (reason, FALSE);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "line");
          json_builder_add_int_value (b, line);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, sentence);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_result (const DaybookImportResult *r, GTimeZone *zone)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GVariantIter iter;
  const char *reason;
  guint32 line;

  if (r->already)
    {
      g_print (_ ("This file was already imported as exhibit %s; nothing was added.\n"), r->mark);
      return;
    }
  first = r->first != 0 ? format_time (r->first, zone) : g_strdup ("-");
  last = r->last != 0 ? format_time (r->last, zone) : g_strdup ("-");
  /* The field names are the contract of `import`: not translated. */
  g_print ("source %s\nformat %s\nmessages %u\ncalls %u\nmedia %u\nentries %u\nfirst %s\nlast %s\n",
           r->mark, r->format, r->messages, r->calls, r->media, r->entries, first, last);
  g_print ("already_present %u\ntimes_flagged %u\nskipped %u\n", r->present, r->flagged,
           r->skipped != NULL ? (guint)g_variant_n_children (r->skipped) : 0);
  if (r->skipped != NULL)
    {
      g_variant_iter_init (&iter, r->skipped);
      while (g_variant_iter_next (&iter, "(u&s)", &line, &reason))
        {
          g_autofree char *sentence = daybook_import_skip_reason (reason, TRUE);

          /* "line" is a field name of the contract, as above; the reason
           * is in the user's language. */
          g_print ("  line %u: %s\n", line, sentence);
        }
    }
}

int
daybook_cli_import (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *date_order = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *me = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *columns = NULL;
  g_auto (GStrv) people = NULL;
  gboolean mboxo = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_ ("whatsapp, telegram, sms, calls, eml, mbox or csv (default: found from the contents)"),
      N_ ("FORMAT") },
    { "date-order", 0, 0, G_OPTION_ARG_STRING, &date_order,
      N_ ("How the export writes dates, when its own dates do not prove it"), "dmy|mdy|ymd" },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &time_zone,
      N_ ("The zone of times written without an offset (default: this computer's)"), N_ ("ZONE") },
    { "me", 0, 0, G_OPTION_ARG_STRING, &me,
      N_ ("Your name as the export writes it: your messages are the ones sent"), N_ ("NAME") },
    { "person", 0, 0, G_OPTION_ARG_STRING_ARRAY, &people,
      N_ ("This sender, number or address is this person (repeatable)"), N_ ("SENDER=NAME") },
    { "entry", 0, 0, G_OPTION_ARG_STRING, &entry, N_ ("Link the export's exhibit to entry N"),
      "N" },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &columns,
      N_ ("A table's columns, counted from 1 (default: found from its header row's names); "
          "the file is then read as a table, each row an entry citing it"),
      "date=N,time=N,title=N,text=N,where=N,who=N,police=N" },
    { "mboxo", 0, 0, G_OPTION_ARG_NONE, &mboxo, N_ ("Read an mbox as mboxo (default: mboxrd)"),
      NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) options = g_option_context_new (
      _ ("FILE… — import phone and mail exports: each file becomes an exhibit, its messages "
         "and calls rows of the diary"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  DaybookImportChoices choices = { { 0 } };
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc < 2)
    return daybook_cli_usage (_ ("import needs at least one file."));
  if (format != NULL)
    {
      guint i;

      for (i = 1; i < G_N_ELEMENTS (format_names); i++)
        if (strcmp (format, format_names[i]) == 0)
          break;
      if (i == G_N_ELEMENTS (format_names))
        return daybook_cli_usage (
            _ ("--format must be whatsapp, telegram, sms, calls, eml, mbox or csv."));
      choices.parse.format = i;
    }
  if (date_order != NULL && strcmp (date_order, "dmy") != 0 && strcmp (date_order, "mdy") != 0
      && strcmp (date_order, "ymd") != 0)
    return daybook_cli_usage (_ ("--date-order must be dmy, mdy or ymd."));
  if ((me != NULL && !g_utf8_validate (me, -1, NULL))
      || (time_zone != NULL && !g_utf8_validate (time_zone, -1, NULL))
      || (columns != NULL && !g_utf8_validate (columns, -1, NULL)))
    return daybook_cli_usage (_ ("--me, --time-zone and --columns must be UTF-8 text."));
  for (guint i = 0; people != NULL && people[i] != NULL; i++)
    if (!g_utf8_validate (people[i], -1, NULL) || strchr (people[i], '=') == NULL)
      return daybook_cli_usage (_ ("--person takes SENDER=NAME, in UTF-8 text."));
  if (time_zone != NULL)
    {
      g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (time_zone);

      if (zone == NULL)
        return daybook_cli_usage (
            _ ("There is no time zone called “%s”. Give a name such as Europe/London."), time_zone);
    }
  if (entry != NULL && !daybook_cli_parse_number (entry, &choices.number, &error))
    return daybook_cli_fail (error);
  for (int i = 1; i < argc; i++)
    if (!g_file_test (argv[i], G_FILE_TEST_IS_REGULAR))
      {
        g_autofree char *display = g_filename_display_name (argv[i]);

        g_set_error (&error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                     _ ("There is no file %s. Give the export file itself."), display);
        return daybook_cli_fail (error);
      }
  choices.parse.date_order = date_order;
  choices.parse.mboxo = mboxo;
  choices.parse.csv_columns = columns;
  /* Columns are a table's: they say the format when --format does not. */
  if (columns != NULL && choices.parse.format == DAYBOOK_IMPORT_FORMAT_AUTO)
    choices.parse.format = DAYBOOK_IMPORT_FORMAT_CSV;
  choices.time_zone = time_zone;
  choices.me = me;
  choices.people = people;

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr (DaybookImportResult) result
          = daybook_diary_import_messages (diary, argv[i], &choices, NULL, NULL, &error);
      g_autoptr (GTimeZone) zone = NULL;

      if (result == NULL)
        return daybook_cli_fail (error);
      zone = time_zone != NULL ? g_time_zone_new_identifier (time_zone)
                               : g_time_zone_ref (ctx->local);
      if (json)
        json_array_add_element (array, result_to_json (result, zone));
      else
        print_result (result, zone);
    }
  if (json)
    {
      g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), array);

      daybook_cli_print_json (root);
    }
  return DAYBOOK_EXIT_OK;
}
