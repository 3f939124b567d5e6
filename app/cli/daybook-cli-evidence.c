/* daybook-cli-evidence.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <inttypes.h>

#include "daybook-i18n.h"

#include "daybook-attachment.h"
#include "daybook-cli.h"

/*
 * Evidence: `attach N FILE…` (N = 0 adds the files unlinked, to the
 * evidence list, to be linked later), `attachments [N]`, `export-attachment
 * ID OUT`, `link ID N` and `unlink ID N`. An ID is an attachment id or its
 * exhibit mark ("AB/3"). Errors name only the files the user typed.
 */

/* Entry numbers here may be 0: "no entry". */
static gboolean
parse_entry (const char *text, gint64 *number, GError **error)
{
  if (g_strcmp0 (text, "0") == 0)
    {
      *number = 0;
      return TRUE;
    }
  return daybook_cli_parse_number (text, number, error);
}

/* Says what is wrong with a file before the passphrase is asked for. */
static gboolean
precheck_file (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (path[0] == '\0')
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("The file name is empty."));
  else if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND, _ ("There is no file %s."),
                 display);
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                 _ ("%s is a folder, not a file. Attach the files inside it instead."), display);
  else
    return TRUE;
  return FALSE;
}

int
daybook_cli_attach (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the attachments as JSON"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new (
      _ ("N FILE… — attach files to entry N (0: to the evidence list, unlinked)"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  GError *error = NULL;
  gint64 number;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc < 3)
    return daybook_cli_usage (
        _ ("attach needs an entry number (0 for none) and at least one file."));
  if (!parse_entry (argv[1], &number, &error))
    return daybook_cli_fail (error);
  for (int i = 2; i < argc; i++)
    if (!precheck_file (argv[i], &error))
      return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);

  /* Each file is its own transaction: those attached before a failure stay. */
  for (int i = 2; i < argc; i++)
    {
      g_autoptr (DaybookAttachment) attachment = NULL;
      gboolean already = FALSE;

      attachment = daybook_diary_import_attachment (diary, argv[i], number, NULL, NULL, NULL,
                                                    &already, &error);
      if (attachment == NULL)
        return daybook_cli_fail (error);
      if (json)
        {
          JsonNode *node = daybook_attachment_to_json (attachment, ctx->local);

          json_object_set_boolean_member (json_node_get_object (node), "already_stored", already);
          json_array_add_element (array, node);
        }
      else
        g_print ("%s\n", daybook_attachment_get_mark (attachment));
    }

  if (json)
    {
      g_autoptr (JsonNode) root = json_node_init_array (json_node_alloc (), array);

      daybook_cli_print_json (root);
    }
  return DAYBOOK_EXIT_OK;
}

static char *
entries_text (GArray *incidents)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < incidents->len; i++)
    g_string_append_printf (text, "%s%" PRId64, i ? "," : "", g_array_index (incidents, gint64, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_table (GListModel *list)
{
  guint n = g_list_model_get_n_items (list);

  if (n == 0)
    {
      g_print (_ ("No attachments.\n"));
      return;
    }
  /* TRANSLATORS: column headings of `attachments` */
  g_print ("%-8s %5s %10s  %-24s %-10s %s\n", _ ("Mark"), _ ("Id"), _ ("Size"), _ ("Type"),
           _ ("Entries"), _ ("File"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DaybookAttachment) a = g_list_model_get_item (list, i);
      g_autofree char *size = g_format_size (daybook_attachment_get_size (a));
      g_autofree char *entries = entries_text (daybook_attachment_get_incidents (a));

      g_print ("%-8s %5" PRId64 " %10s  %-24s %-10s %s\n", daybook_attachment_get_mark (a),
               daybook_attachment_get_id (a), size, daybook_attachment_get_media_type (a),
               entries[0] ? entries : "-", daybook_attachment_get_filename (a));
    }
}

int
daybook_cli_attachments (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE, unlinked = FALSE;
  GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
                             { "unlinked", 0, 0, G_OPTION_ARG_NONE, &unlinked,
                               N_ ("Only the evidence not linked to any entry"), NULL },
                             { NULL } };
  g_autoptr (GOptionContext) options
      = g_option_context_new (_ ("[N] — list the attachments, or those of entry N"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) list = NULL;
  GError *error = NULL;
  gint64 number = 0;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 2 || (argc == 2 && unlinked))
    return daybook_cli_usage (_ ("attachments takes at most one entry number, or --unlinked."));
  if (argc == 2 && !daybook_cli_parse_number (argv[1], &number, &error))
    return daybook_cli_fail (error);
  if (unlinked)
    number = -1;

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (list = daybook_diary_list_attachments (diary, number, &error)) == NULL)
    return daybook_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonArray) array = json_array_new ();
      g_autoptr (JsonNode) root = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr (DaybookAttachment) a = g_list_model_get_item (list, i);

          json_array_add_element (array, daybook_attachment_to_json (a, ctx->local));
        }
      root = json_node_init_array (json_node_alloc (), array);
      daybook_cli_print_json (root);
    }
  else
    print_table (list);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_export_attachment (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean force = FALSE;
  GOptionEntry entries[]
      = { { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_ ("Replace OUT if it exists"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options
      = g_option_context_new (_ ("ID OUT — write an attachment's original bytes to OUT"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autofree char *display = NULL;
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 3)
    return daybook_cli_usage (
        _ ("export-attachment needs an attachment id or mark and the file to write."));
  display = g_filename_display_name (argv[2]);
  if (!force && g_file_test (argv[2], G_FILE_TEST_EXISTS))
    return daybook_cli_fail (g_error_new (DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                                          _ ("%s already exists. Use --force to replace it."),
                                          display));

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (attachment = daybook_diary_find_attachment (diary, argv[1], &error)) == NULL
      || !daybook_diary_export_attachment (diary, daybook_attachment_get_id (attachment), argv[2],
                                           force, NULL, &error))
    return daybook_cli_fail (error);

  g_print (_ ("Exported %s to %s. This copy is not encrypted.\nSHA-256: %s\n"),
           daybook_attachment_get_mark (attachment), display,
           daybook_attachment_get_sha256 (attachment));
  return DAYBOOK_EXIT_OK;
}

static int
link_command (DaybookCliContext *ctx, int argc, char **argv, gboolean link)
{
  g_autoptr (GOptionContext) options
      = g_option_context_new (link ? _ ("ID N — link an attachment to entry N")
                                   : _ ("ID N — unlink an attachment from entry N"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookAttachment) attachment = NULL;
  GError *error = NULL;
  gint64 number;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 3)
    return daybook_cli_usage (_ ("Give an attachment id or mark and an entry number."));
  if (!daybook_cli_parse_number (argv[2], &number, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (attachment = daybook_diary_find_attachment (diary, argv[1], &error)) == NULL
      || !daybook_diary_link_attachment (diary, daybook_attachment_get_id (attachment), number,
                                         link, &error))
    return daybook_cli_fail (error);

  if (link)
    g_print (_ ("%s is linked to entry %" PRId64 ".\n"), daybook_attachment_get_mark (attachment),
             number);
  else
    g_print (_ ("%s is no longer linked to entry %" PRId64 ".\n"),
             daybook_attachment_get_mark (attachment), number);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_link (DaybookCliContext *ctx, int argc, char **argv)
{
  return link_command (ctx, argc, argv, TRUE);
}

int
daybook_cli_unlink (DaybookCliContext *ctx, int argc, char **argv)
{
  return link_command (ctx, argc, argv, FALSE);
}
