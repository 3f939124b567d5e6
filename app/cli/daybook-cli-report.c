/* daybook-cli-report.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <string.h>
#include "daybook-i18n.h"

#include "daybook-cli.h"
#include "report/daybook-report.h"
#include "report/daybook-signature.h"
#include "report/daybook-statement.h"

/* `report` and `pubkey`: the PDF timeline and the key that signs it;
 * `statement` and `impact-statement`: drafts for an advocate (ODT). */

static gboolean
parse_paper (const char *text, DaybookPaper *paper)
{
  if (text == NULL || g_ascii_strcasecmp (text, "a4") == 0)
    *paper = DAYBOOK_PAPER_A4;
  else if (g_ascii_strcasecmp (text, "letter") == 0)
    *paper = DAYBOOK_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

static gboolean
all_utf8 (char **strings)
{
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    if (!g_utf8_validate (strings[i], -1, NULL))
      return FALSE;
  return TRUE;
}

static void
print_done (DaybookDiary *diary, DaybookReport *report, const char *output, gboolean sign)
{
  guint n = daybook_report_get_n_incidents (report);
  guint pages = daybook_report_get_n_pages (report);
  g_autofree char *entries
      = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  g_autofree char *on_pages
      = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", pages), pages);

  /* TRANSLATORS: file name, "12 entries", "30 pages", report id */
  g_print (_ ("Wrote %s: %s on %s, report id %s.\n"), output, entries, on_pages,
           daybook_report_get_id (report));
  daybook_cli_print_export (diary, DAYBOOK_EXPORT_REPORT, daybook_report_get_id (report));
  if (sign)
    {
      g_autoptr (DaybookReportKey) key = daybook_report_key_load (diary, NULL);

      g_print (_ ("Wrote the signature %s.minisig. Anyone with the report key’s public file "
                  "(from “daybook-cli pubkey --handover”) can check the report with:\n  minisign "
                  "-Vm %s -p KEY.pub\n"),
               output, output);
      if (key != NULL && key->given_to == NULL)
        g_print (_ ("The report key %s has not been handed over yet: give it to the police with "
                    "“daybook-cli pubkey --handover -o key.pdf”.\n"),
                 key->key_id);
    }
}

int
daybook_cli_report (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *paper_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *since = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *language = NULL;
  DaybookReportMessages messages_mode = DAYBOOK_REPORT_MESSAGES_CITED;
  g_auto (GStrv) types = NULL;
  g_auto (GStrv) people = NULL;
  gboolean include_private = FALSE, sign = FALSE, force = FALSE, history = FALSE;
  GOptionEntry entries[]
      = { { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("The PDF file to write"),
            N_ ("OUT.pdf") },
          { "from", 0, 0, G_OPTION_ARG_STRING, &from,
            N_ ("Only incidents from this date or time on"), N_ ("ISO") },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to,
            N_ ("Only incidents up to this date (the whole day) or time"), N_ ("ISO") },
          { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &types,
            N_ ("Only this behaviour type (repeatable)"), N_ ("TYPE") },
          { "person", 0, 0, G_OPTION_ARG_STRING_ARRAY, &people,
            N_ ("Only entries naming this person (repeatable)"), N_ ("NAME") },
          { "include-private", 0, 0, G_OPTION_ARG_NONE, &include_private,
            N_ ("Include private entries and private notes"), NULL },
          { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text,
            N_ ("Paper size: a4 (default) or letter"), N_ ("SIZE") },
          { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_ ("The report's title"), N_ ("TITLE") },
          { "sign", 0, 0, G_OPTION_ARG_NONE, &sign,
            N_ ("Also write OUT.pdf.minisig, a minisign signature"), NULL },
          { "messages", 0, 0, G_OPTION_ARG_STRING, &messages,
            N_ ("Imported messages in the summary and message log: cited (by the entries "
                "reported; the default), all (in the report's dates) or none"),
            "cited|all|none" },
          { "since", 0, 0, G_OPTION_ARG_STRING, &since,
            N_ ("Add a section listing every change after an earlier report (its fingerprint or "
                "report id); fails if that fingerprint is not a link of today's chain"),
            N_ ("FINGERPRINT|REPORT-ID") },
          { "history", 0, 0, G_OPTION_ARG_NONE, &history,
            N_ ("Add an appendix with every earlier version of each edited entry, with the time "
                "it was saved"),
            NULL },
          { "language", 0, 0, G_OPTION_ARG_STRING, &language,
            N_ ("The report's language: en, cy (Welsh), pl (Polish) or ar (Arabic); default: "
                "this command's language if it is one of them, else en"),
            "en|cy|pl|ar" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_ ("Replace OUT.pdf if it exists"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new (_ ("— write the PDF timeline report"));
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookReport) report = NULL;
  g_autoptr (GError) error = NULL;
  DaybookReportFlags flags = DAYBOOK_REPORT_NONE;
  DaybookPaper paper;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("“report” takes no arguments besides its options, not “%s”."),
                              argv[1]);
  if (output == NULL || output[0] == '\0')
    return daybook_cli_usage (_ ("Give the file to write with -o OUT.pdf."));
  if (!parse_paper (paper_text, &paper))
    return daybook_cli_usage (_ ("The paper size is a4 or letter."));
  if ((title != NULL && !g_utf8_validate (title, -1, NULL)) || !all_utf8 (people)
      || (since != NULL && !g_utf8_validate (since, -1, NULL)))
    return daybook_cli_usage (_ ("The title, names and --since must be UTF-8 text."));
  if (g_strcmp0 (messages, "all") == 0)
    messages_mode = DAYBOOK_REPORT_MESSAGES_ALL;
  else if (g_strcmp0 (messages, "none") == 0)
    messages_mode = DAYBOOK_REPORT_MESSAGES_NONE;
  else if (messages != NULL && strcmp (messages, "cited") != 0)
    return daybook_cli_usage (_ ("--messages must be cited, all or none."));
  if (language != NULL && !daybook_language_is_known (language))
    return daybook_cli_usage (_ ("--language must be en, cy, pl or ar."));
  if (!daybook_cli_parse_query (ctx, query, from, to, types, NULL, &error))
    return daybook_cli_fail (g_steal_pointer (&error));
  query->include_private = include_private;

  /* Say so before asking for the passphrase, not after a long render. */
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    return daybook_cli_fail (g_error_new (DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                                          _ ("%s already exists. Use --force to replace it."),
                                          output));

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (g_steal_pointer (&error));

  report = daybook_report_new (diary, query);
  daybook_report_set_people (report, (const char *const *)people);
  daybook_report_set_paper (report, paper);
  daybook_report_set_title (report, title);
  daybook_report_set_since (report, since);
  daybook_report_set_history (report, history);
  daybook_report_set_messages (report, messages_mode);
  if (language != NULL && !daybook_report_set_language (report, language, &error))
    return daybook_cli_fail (g_steal_pointer (&error));
  if (force)
    flags |= DAYBOOK_REPORT_FORCE;
  if (sign)
    flags |= DAYBOOK_REPORT_SIGN;

  if (!daybook_report_prepare (report, NULL, &error)
      || !daybook_report_write_pdf (report, output, flags, NULL, &error))
    return daybook_cli_fail (g_steal_pointer (&error));

  print_done (diary, report, output, sign);
  return DAYBOOK_EXIT_OK;
}

static int
write_statement (DaybookCliContext *ctx, DaybookStatementKind kind, int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_auto (GStrv) types = NULL;
  g_auto (GStrv) people = NULL;
  g_autofree char *language = NULL;
  gboolean include_private = FALSE, force = FALSE;
  GOptionEntry entries[]
      = { { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
            N_ ("The OpenDocument text file to write"), N_ ("OUT.odt") },
          { "from", 0, 0, G_OPTION_ARG_STRING, &from,
            N_ ("Only incidents from this date or time on"), N_ ("ISO") },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to,
            N_ ("Only incidents up to this date (the whole day) or time"), N_ ("ISO") },
          { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &types,
            N_ ("Only this behaviour type (repeatable)"), N_ ("TYPE") },
          { "person", 0, 0, G_OPTION_ARG_STRING_ARRAY, &people,
            N_ ("Only entries naming this person (repeatable)"), N_ ("NAME") },
          { "include-private", 0, 0, G_OPTION_ARG_NONE, &include_private,
            N_ ("Include private entries and private notes"), NULL },
          { "language", 0, 0, G_OPTION_ARG_STRING, &language,
            N_ ("The draft's language: en, cy (Welsh), pl (Polish) or ar (Arabic); default: "
                "this command's language if it is one of them, else en"),
            "en|cy|pl|ar" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_ ("Replace OUT.odt if it exists"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new (
      kind == DAYBOOK_STATEMENT_NARRATIVE
          ? _ ("— write a statement draft (OpenDocument text) for the victim and advocate to "
               "rewrite")
          : _ ("— write a personal statement draft (OpenDocument text) of the impact recorded"));
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  guint n = 0;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("“%s” takes no arguments besides its options, not “%s”."), argv[0],
                              argv[1]);
  if (output == NULL || output[0] == '\0')
    return daybook_cli_usage (_ ("Give the file to write with -o OUT.odt."));
  if (language != NULL && !daybook_language_is_known (language))
    return daybook_cli_usage (_ ("--language must be en, cy, pl or ar."));
  if (!all_utf8 (people))
    return daybook_cli_usage (_ ("Names must be UTF-8 text."));
  if (!daybook_cli_parse_query (ctx, query, from, to, types, NULL, &error))
    return daybook_cli_fail (g_steal_pointer (&error));
  query->include_private = include_private;

  /* Say so before asking for the passphrase. */
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    return daybook_cli_fail (g_error_new (DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                                          _ ("%s already exists. Use --force to replace it."),
                                          output));

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (g_steal_pointer (&error));
  if (!daybook_diary_write_statement (
          diary, kind, query, (const char *const *)people, language, output,
          force ? DAYBOOK_STATEMENT_FORCE : DAYBOOK_STATEMENT_NONE, &n, NULL, &error))
    return daybook_cli_fail (g_steal_pointer (&error));

  /* TRANSLATORS: file name, then how many entries */
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Wrote %s from %u entry: a draft for the victim and advocate to check and "
                        "rewrite. It is not recorded in the list of reports.\n",
                        "Wrote %s from %u entries: a draft for the victim and advocate to check "
                        "and rewrite. It is not recorded in the list of reports.\n",
                        n),
           output, n);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_statement (DaybookCliContext *ctx, int argc, char **argv)
{
  return write_statement (ctx, DAYBOOK_STATEMENT_NARRATIVE, argc, argv);
}

int
daybook_cli_impact_statement (DaybookCliContext *ctx, int argc, char **argv)
{
  return write_statement (ctx, DAYBOOK_STATEMENT_IMPACT, argc, argv);
}

static char *
pub_path_for (const char *path)
{
  if (g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF"))
    {
      g_autofree char *stem = g_strndup (path, strlen (path) - 4);

      return g_strconcat (stem, ".pub", NULL);
    }
  return g_strconcat (path, ".pub", NULL);
}

int
daybook_cli_pubkey (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *given_to = NULL;
  g_autofree char *language = NULL;
  gboolean handover = FALSE, force = FALSE;
  GOptionEntry entries[]
      = { { "handover", 0, 0, G_OPTION_ARG_NONE, &handover,
            N_ ("Write the key's hand-over sheet for the police (-o KEY.pdf) and KEY.pub, and "
                "remember the hand-over"),
            NULL },
          { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("The hand-over sheet to write"),
            N_ ("KEY.pdf") },
          { "given-to", 0, 0, G_OPTION_ARG_STRING, &given_to,
            N_ ("The officer's name or number, printed on the sheet and remembered"), N_ ("TEXT") },
          { "language", 0, 0, G_OPTION_ARG_STRING, &language,
            N_ ("The sheet's language: en, cy (Welsh), pl (Polish) or ar (Arabic); default: "
                "this command's language if it is one of them, else en"),
            "en|cy|pl|ar" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &force,
            N_ ("Replace KEY.pdf and KEY.pub if they exist"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options
      = g_option_context_new (_ ("— print the report-signing public key, or hand it over"));
  g_autoptr (DaybookReportKey) key = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pub_path = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("“pubkey” takes no arguments besides its options, not “%s”."),
                              argv[1]);
  if (!handover && (output != NULL || given_to != NULL || force))
    return daybook_cli_usage (_ ("-o, --given-to and --force go with --handover."));
  if (!handover && language != NULL)
    return daybook_cli_usage (_ ("--language goes with --handover."));
  if (language != NULL && !daybook_language_is_known (language))
    return daybook_cli_usage (_ ("--language must be en, cy, pl or ar."));
  if (handover && (output == NULL || output[0] == '\0'))
    return daybook_cli_usage (_ ("Give the hand-over sheet to write with -o KEY.pdf."));
  if (given_to != NULL && !g_utf8_validate (given_to, -1, NULL))
    return daybook_cli_usage (_ ("The officer’s name must be UTF-8 text."));

  if (handover)
    {
      pub_path = pub_path_for (output);
      /* Say so before asking for the passphrase. */
      for (const char *path = output; path != NULL; path = path == output ? pub_path : NULL)
        if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
          return daybook_cli_fail (g_error_new (DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                                                _ ("%s already exists. Use --force to replace it."),
                                                path));
    }

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (g_steal_pointer (&error));

  if (!handover)
    {
      key = daybook_report_key_load (diary, &error);
      if (key == NULL)
        return daybook_cli_fail (g_steal_pointer (&error));
      text = daybook_report_key_format_pub (key);
      g_print ("%s", text);
      return DAYBOOK_EXIT_OK;
    }

  if (!daybook_report_key_write_handover (diary, output, given_to, language, force, NULL, &error))
    return daybook_cli_fail (g_steal_pointer (&error));
  key = daybook_report_key_load (diary, &error);
  if (key == NULL)
    return daybook_cli_fail (g_steal_pointer (&error));
  /* TRANSLATORS: the sheet's file name, the .pub file's name, the key id */
  g_print (_ ("Wrote the hand-over sheet %s and the public key %s (key id %s). Give both to the "
              "police; reports now name this hand-over.\n"),
           output, pub_path, key->key_id);
  return DAYBOOK_EXIT_OK;
}
