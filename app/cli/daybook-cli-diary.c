/* daybook-cli-diary.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <inttypes.h>

#include "daybook-i18n.h"

#include "daybook-cli.h"
#include "daybook-demo.h"
#include "daybook-history.h"
#include "daybook-verify.h"

int
daybook_cli_init (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json,
            N_ ("Print the result, recovery code included, as JSON"), NULL },
          { "weak-passphrase", 0, 0, G_OPTION_ARG_NONE, &ctx->weak_passphrase,
            N_ ("Accept a new passphrase that is easy to guess (with a warning)"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("init takes no arguments besides its options."));

  diary = daybook_cli_create (ctx, json, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_demo (DaybookCliContext *ctx, int argc, char **argv)
{
  int incidents = 60, attachments = 0, seed = 1;
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "incidents", 0, 0, G_OPTION_ARG_INT, &incidents, N_ ("How many sample incidents"),
            "N" },
          { "attachments", 0, 0, G_OPTION_ARG_INT, &attachments,
            N_ ("How many sample pictures and message transcripts"), "M" },
          { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_ ("The same seed gives the same diary"), "S" },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the result as JSON"), NULL },
          { "weak-passphrase", 0, 0, G_OPTION_ARG_NONE, &ctx->weak_passphrase,
            N_ ("Accept a new passphrase that is easy to guess (with a warning)"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  GError *error = NULL;

  g_option_context_set_summary (
      options, _ ("Creates a new diary filled with clearly fictional sample data."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("demo takes no arguments besides its options."));
  if (incidents < 0 || incidents > 1000000)
    return daybook_cli_usage (_ ("--incidents must be between 0 and 1000000."));
  if (attachments < 0 || attachments > 100000)
    return daybook_cli_usage (_ ("--attachments must be between 0 and 100000."));

  diary = daybook_cli_create (ctx, json, &error);
  if (diary == NULL || !daybook_demo_fill (diary, incidents, seed, &error)
      || !daybook_demo_add_evidence (diary, attachments, seed, &error))
    return daybook_cli_fail (error);

  if (!json)
    g_print (_ ("Added %d fictional incidents and %d attachments.\n"), incidents, attachments);
  return DAYBOOK_EXIT_OK;
}

static char *
iso_local (gint64 utc, GTimeZone *zone)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (utc);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (t, zone);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* The members of `verify --json` that every run has. @fingerprint is %NULL
 * and @regressions empty when the diary could not be read at all. */
static void
add_verify_json (JsonBuilder *b, const char *fingerprint, gint64 length, GPtrArray *regressions,
                 GPtrArray *problems, GTimeZone *zone)
{
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, problems->len == 0);
  json_builder_set_member_name (b, "fingerprint");
  if (fingerprint != NULL)
    json_builder_add_string_value (b, fingerprint);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "length");
  json_builder_add_int_value (b, length);
  json_builder_set_member_name (b, "clock_regressions");
  json_builder_begin_array (b);
  for (guint i = 0; i < regressions->len; i++)
    {
      const DaybookClockRegression *r = regressions->pdata[i];
      g_autofree char *at = iso_local (r->at, zone);
      g_autofree char *previous = iso_local (r->previous_at, zone);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "link");
      json_builder_add_int_value (b, r->link);
      json_builder_set_member_name (b, "entity");
      json_builder_add_string_value (b, r->entity);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, r->entity_id);
      json_builder_set_member_name (b, "revision");
      json_builder_add_int_value (b, r->revision);
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, at);
      json_builder_set_member_name (b, "previous_at");
      json_builder_add_string_value (b, previous);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    json_builder_add_string_value (b, problems->pdata[i]);
  json_builder_end_array (b);
}

/* A diary too damaged to open or check: a finding, not a usage problem. */
static int
verify_damaged (GError *error, gboolean json, GTimeZone *zone)
{
  if (json)
    {
      g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GPtrArray) none = g_ptr_array_new ();
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      g_ptr_array_add (problems, g_strdup (error->message));
      json_builder_begin_object (b);
      add_verify_json (b, NULL, 0, none, problems, zone);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      daybook_cli_print_json (root);
    }
  g_printerr ("daybook-cli: %s\n", error->message);
  g_error_free (error);
  return DAYBOOK_EXIT_FAILED;
}

static void
print_clock_regressions (GPtrArray *regressions, GTimeZone *zone)
{
  for (guint i = 0; i < regressions->len; i++)
    {
      const DaybookClockRegression *r = regressions->pdata[i];
      g_autofree char *subject = daybook_clock_regression_dup_subject (r);
      g_autofree char *at = daybook_time_format_display (r->at, zone);
      g_autofree char *previous = daybook_time_format_display (r->previous_at, zone);

      /* TRANSLATORS: "entry 3, revision 2"; its time; the later time saved before it */
      g_print (_ ("Warning: clock set back: %s was recorded at %s, earlier than %s, a time "
                  "recorded before it (link %" PRId64 ").\n"),
               subject, at, previous, r->link);
    }
  if (regressions->len > 0)
    g_print (ngettext ("The computer's clock was behind an earlier save %u time. The times above "
                       "are as the clock gave them; this is not damage.\n",
                       "The computer's clock was behind an earlier save %u times. The times above "
                       "are as the clock gave them; this is not damage.\n",
                       regressions->len),
             regressions->len);
}

/* For a hand-over bundle: what its entries were checked against. */
static void
print_bundle_source (DaybookDiary *diary)
{
  g_auto (DaybookBundleSource) source = { 0 };
  g_autofree char *link = NULL;

  if (!daybook_diary_check_bundle_source (diary, &source, NULL, NULL) || !source.is_bundle)
    return;
  if (!source.tied)
    {
      g_print (_ ("This hand-over bundle was made before bundles carried the source diary's "
                  "history:\nits entries (%s) are not tied to the source fingerprint %s.\n"),
               source.entries, source.head);
      return;
    }
  link = g_strdup_printf ("%'" PRId64, source.length);
  /* TRANSLATORS: entry numbers, e.g. "1–40", the source diary's fingerprint, a link number */
  g_print (_ ("Recomputed from this bundle: entries %s of diary fingerprint %s, link %s.\n"),
           source.entries, source.head, link);
  if (source.hashed != NULL)
    g_print (_ ("Entries %s are shown without their private notes, so only their hashes, not "
                "the text shown, are tied to the source.\n"),
             source.hashed);
}

int
daybook_cli_verify (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *since_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
            N_ ("Also check that an earlier report's fingerprint (or its report id) is a link of "
                "today's chain, and list what changed after it"),
            N_ ("FINGERPRINT|REPORT-ID") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the result as JSON"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) regressions = NULL;
  g_autoptr (GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr (DaybookSince) since = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *head = NULL;
  GError *error = NULL;
  int status = DAYBOOK_EXIT_OK;

  g_option_context_set_summary (
      options,
      _ ("Re-checks the hash chain, every revision and the database structure, and lists every "
         "change recorded at a time earlier than one before it.\n\n"
         "With --since, recomputes the chain from the history and says whether an earlier "
         "report's fingerprint is still one of its links (exit 1 if not), then lists the entries "
         "added, edited and deleted, the exhibits added and the case details changed after it. "
         "Give the fingerprint as printed on the report (spaces and dashes do not matter), or the "
         "report id, which is looked up in this diary's register of reports; the fingerprint on "
         "the paper is the stronger check, as the register is kept inside the diary."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("“verify” takes no arguments besides its options, not “%s”."),
                              argv[1]);
  if (since_text != NULL && !g_utf8_validate (since_text, -1, NULL))
    return daybook_cli_usage (_ ("--since takes a fingerprint or a report id."));

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    {
      /* For verify a damaged diary is a finding, not a usage problem. */
      if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED))
        return verify_damaged (error, json, zone);
      return daybook_cli_fail (error);
    }

  if (since_text != NULL
      && (since = daybook_cli_check_since (diary, since_text, &head, &error)) == NULL)
    return daybook_cli_fail (error);

  if (!daybook_diary_verify_full (diary, &problems, &regressions, &error))
    {
      if (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED))
        return verify_damaged (error, json, zone);
      return daybook_cli_fail (error);
    }

  if (problems->len > 0)
    /* Saved changes gone from the database: the diary is damaged. */
    status = daybook_diary_get_missing (diary) != NULL ? DAYBOOK_EXIT_DAMAGED : DAYBOOK_EXIT_FAILED;
  else if (since != NULL && !since->contained)
    status = DAYBOOK_EXIT_FAILED;

  fingerprint = daybook_diary_dup_fingerprint (diary);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      add_verify_json (b, fingerprint, daybook_diary_get_history_length (diary), regressions,
                       problems, zone);
      if (since != NULL)
        daybook_cli_add_since_json (b, head, since);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      daybook_cli_print_json (root);
      if (since != NULL && !since->contained)
        daybook_cli_print_since (head, since);
      return status;
    }

  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (char *)problems->pdata[i]);
  /* A clock set back is a fact about the times, not damage: said, and left
   * out of the exit code. */
  print_clock_regressions (regressions, zone);

  if (problems->len > 0)
    g_printerr (ngettext ("daybook-cli: verification found %u problem.\n",
                          "daybook-cli: verification found %u problems.\n", problems->len),
                problems->len);
  else
    {
      g_print (_ ("Everything checks out: %u entries, history intact.\nFingerprint: %s\n"),
               daybook_diary_count_incidents (diary), fingerprint);
      print_bundle_source (diary);
    }
  if (since != NULL)
    daybook_cli_print_since (head, since);
  return status;
}

/* passwd --rekey: a new master key for everything, see daybook_diary_rekey(). */
static int
rekey (DaybookCliContext *ctx, int new_fd, int recovery_fd)
{
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookSecret) new_secret = NULL;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookSecret) lines = NULL;
  GError *error = NULL;

  ctx->recovery_code_fd = recovery_fd;
  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  new_secret = daybook_cli_read_secret (new_fd, _ ("New passphrase: "), TRUE, &error);
  if (new_secret == NULL || !daybook_cli_check_new_passphrase (ctx, new_secret, &error))
    return daybook_cli_fail (error);

  g_printerr (_ ("Changing every key of the diary. This rewrites the database and every evidence "
                 "file; do not switch the computer off.\n"));
  if (!daybook_diary_rekey (diary, new_secret, &code, &error))
    return daybook_cli_fail (error);
  lines = daybook_recovery_code_format_lines (code, "\n");

  g_print (_ ("The diary has new keys and the new passphrase. Old copies of the key file, and the "
              "old passphrase and recovery code, no longer open this diary.\n"
              "Backups made before this change still open with the passphrase they were made with: "
              "make a new backup (daybook-cli backup) and destroy the old ones if someone may "
              "have them.\n"
              "The new recovery code, shown only this once — write it down and keep it safe:\n"
              "%s\n"),
           (const char *)daybook_secret_peek (lines));
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_passwd (DaybookCliContext *ctx, int argc, char **argv)
{
  int new_fd = ctx->new_passphrase_fd, recovery_fd = ctx->recovery_code_fd;
  gboolean do_rekey = FALSE;
  GOptionEntry entries[]
      = { { "new-passphrase-fd", 0, 0, G_OPTION_ARG_INT, &new_fd,
            N_ ("Read the new passphrase from this file descriptor"), N_ ("FD") },
          { "recovery-code-fd", 0, 0, G_OPTION_ARG_INT, &recovery_fd,
            N_ ("Prove it with the recovery code, read from this file descriptor"), N_ ("FD") },
          { "rekey", 0, 0, G_OPTION_ARG_NONE, &do_rekey,
            N_ ("Someone may know the passphrase: give the diary new keys, so that old key files "
                "and the old passphrase and recovery code open nothing (shows a new recovery "
                "code)"),
            NULL },
          { "weak-passphrase", 0, 0, G_OPTION_ARG_NONE, &ctx->weak_passphrase,
            N_ ("Accept a new passphrase that is easy to guess (with a warning)"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookSecret) old_secret = NULL;
  g_autoptr (DaybookSecret) new_secret = NULL;
  DaybookSlotKind kind;
  GError *error = NULL;

  g_option_context_set_summary (
      options, _ ("Changes the passphrase. Without --rekey only the key file is rewritten: old "
                  "copies of the key file still open the diary with the old passphrase."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;

  if (!daybook_diary_exists (ctx->dir))
    {
      g_set_error (&error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no diary in %s. Create one with “daybook-cli init”."), ctx->dir);
      return daybook_cli_fail (error);
    }

  if (do_rekey)
    return rekey (ctx, new_fd, recovery_fd);

  kind = recovery_fd >= 0 ? DAYBOOK_SLOT_RECOVERY : DAYBOOK_SLOT_PASSPHRASE;
  old_secret = kind == DAYBOOK_SLOT_RECOVERY
                   ? daybook_cli_read_secret (recovery_fd, _ ("Recovery code: "), FALSE, &error)
                   : daybook_cli_read_secret (ctx->passphrase_fd, _ ("Current passphrase: "), FALSE,
                                              &error);
  if (old_secret == NULL)
    return daybook_cli_fail (error);

  new_secret = daybook_cli_read_secret (new_fd, _ ("New passphrase: "), TRUE, &error);
  if (new_secret == NULL || !daybook_cli_check_new_passphrase (ctx, new_secret, &error)
      || !daybook_change_passphrase (ctx->dir, kind, old_secret, new_secret, &error))
    return daybook_cli_fail (error);

  g_print (_ ("The passphrase has been changed. Old copies of the key file (in backups, or taken "
              "by someone) still open the diary with the old passphrase; if someone may know it, "
              "use “daybook-cli passwd --rekey” instead.\n"));
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_people (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL }, { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) people = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (people = daybook_diary_list_people (diary, &error)) == NULL)
    return daybook_cli_fail (error);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr (DaybookPerson) person = g_list_model_get_item (people, i);

      if (json)
        json_array_add_element (array, daybook_person_to_json (person));
      else
        g_print ("%s (%s)\n", daybook_person_get_name (person),
                 daybook_role_get_label (daybook_person_get_role (person)));
    }

  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      daybook_cli_print_json (root);
    }
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_case (DaybookCliContext *ctx, int argc, char **argv)
{
  static const char *keys[] = {
    DAYBOOK_SETTING_OWNER_NAME, DAYBOOK_SETTING_OWNER_INITIALS, DAYBOOK_SETTING_CASE_REF,
    DAYBOOK_SETTING_CRIME_REF,  DAYBOOK_SETTING_POLICE_FORCE,   DAYBOOK_SETTING_ORDERS,
    DAYBOOK_SETTING_ADVOCATE,
  };
  char *values[G_N_ELEMENTS (keys)] = { NULL };
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &values[0], N_ ("Whose diary this is"), N_ ("NAME") },
    { "initials", 0, 0, G_OPTION_ARG_STRING, &values[1], N_ ("Initials for exhibit marks (AB/1)"),
      N_ ("AB") },
    { "case-ref", 0, 0, G_OPTION_ARG_STRING, &values[2], N_ ("Case reference"), N_ ("REF") },
    { "crime-ref", 0, 0, G_OPTION_ARG_STRING, &values[3], N_ ("Crime reference number"),
      N_ ("REF") },
    { "police-force", 0, 0, G_OPTION_ARG_STRING, &values[4], N_ ("Police force"), N_ ("TEXT") },
    { "orders", 0, 0, G_OPTION_ARG_STRING, &values[5],
      N_ ("Orders in force: type, date, conditions"), N_ ("TEXT") },
    { "advocate", 0, 0, G_OPTION_ARG_STRING, &values[6], N_ ("Advocate's name and service"),
      N_ ("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GPtrArray) set_keys = g_ptr_array_new ();
  g_autoptr (GPtrArray) set_values = g_ptr_array_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  GError *error = NULL;
  int status = DAYBOOK_EXIT_OK;

  g_option_context_set_summary (options, _ ("Shows or sets the case details."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (values[i] != NULL)
      {
        g_ptr_array_add (set_keys, (gpointer)keys[i]);
        g_ptr_array_add (set_values, values[i]);
      }
  g_ptr_array_add (set_keys, NULL);
  g_ptr_array_add (set_values, NULL);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL
      || (set_keys->len > 1
          && !daybook_diary_set_settings (diary, (const char *const *)set_keys->pdata,
                                          (const char *const *)set_values->pdata, &error)))
    status = daybook_cli_fail (error);

  if (status == DAYBOOK_EXIT_OK)
    {
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          g_autofree char *value = daybook_diary_dup_setting (diary, keys[i]);

          if (json)
            {
              json_builder_set_member_name (b, keys[i]);
              json_builder_add_string_value (b, value ? value : "");
            }
          else if (value != NULL && value[0] != '\0')
            g_print ("%-15s %s\n", keys[i], value);
        }
      json_builder_end_object (b);
      if (json)
        {
          g_autoptr (JsonNode) root = json_builder_get_root (b);
          daybook_cli_print_json (root);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_free (values[i]);
  return status;
}
