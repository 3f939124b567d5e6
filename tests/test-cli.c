/* test-cli.c — the command-line contract, through the real binary
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <json-glib/json-glib.h>

#include "daybook-test-util.h"

#define PASS TEST_PASSPHRASE "\n"

typedef struct
{
  char *dir;
} CliFixture;

static void
cli_setup (CliFixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
}

static void
cli_teardown (CliFixture *f, gconstpointer data)
{
  daybook_test_rm_copy (f->dir);
  g_free (f->dir);
}

/* Runs `daybook-cli --diary DIR --passphrase-fd 0 ARGS…` with the passphrase
 * (and @extra after it) on standard input. */
static int
cli (CliFixture *f, const char *extra, char **out, char **err, ...)
{
  g_autofree char *input = g_strconcat (PASS, extra ? extra : "", NULL);
  va_list ap;
  int status;

  va_start (ap, err);
  status = daybook_test_cli_diary_valist (f->dir, input, out, err, ap);
  va_end (ap);
  return status;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_one_sentence (const char *err)
{
  /* One line, saying what happened, in the program's name. */
  g_assert_true (g_str_has_prefix (err, "daybook-cli: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_init (void)
{
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "d", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonNode) root = NULL;
  const char *code;

  g_assert_cmpint (daybook_test_cli ("pass one for this diary\n", &out, &err, "--diary", dir,
                                     "--passphrase-fd", "0", "init", "--json", NULL),
                   ==, 0);
  root = parse_json (out);
  code = json_object_get_string_member (json_node_get_object (root), "recovery_code");
  g_assert_true (g_regex_match_simple ("^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$", code, 0, 0));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* init refuses an existing diary and leaves it alone. */
  g_assert_cmpint (daybook_test_cli ("the second passphrase here\n", &out, &err, "--diary", dir,
                                     "--passphrase-fd", "0", "init", NULL),
                   ==, 1);
  assert_one_sentence (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli ("pass one for this diary\n", &out, &err, "--diary", dir,
                                     "--passphrase-fd", "0", "list", NULL),
                   ==, 0);
  daybook_test_rm_rf (parent);
}

static void
test_init_empty_passphrase (void)
{
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "d", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (
      daybook_test_cli ("\n", NULL, &err, "--diary", dir, "--passphrase-fd", "0", "init", NULL), ==,
      2);
  assert_one_sentence (err);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  daybook_test_rm_rf (parent);
}

/* A new diary with a passphrase anyone would try first is refused, with
 * nothing created; --weak-passphrase takes it, with a warning. */
static void
test_init_weak_passphrase (void)
{
  const char *weak[] = { "password1\n", "aaaaaaaa\n", "12345678\n" };
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "d", NULL);
  g_autofree char *dir2 = g_build_filename (parent, "e", NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_assert_cmpint (daybook_test_cli (weak[i], NULL, &err, "--diary", dir, "--passphrase-fd",
                                         "0", "init", NULL),
                       ==, 2);
      assert_one_sentence (err);
      g_assert_nonnull (strstr (err, "easy to guess"));
      g_assert_nonnull (strstr (err, "--weak-passphrase"));
      g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
      g_clear_pointer (&err, g_free);
    }

  /* demo makes a diary too. */
  g_assert_cmpint (daybook_test_cli ("12345678\n", NULL, &err, "--diary", dir, "--passphrase-fd",
                                     "0", "demo", "--incidents", "1", NULL),
                   ==, 2);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* The override, after the command or before it. */
  g_assert_cmpint (daybook_test_cli ("password1\n", NULL, &err, "--diary", dir, "--passphrase-fd",
                                     "0", "init", "--weak-passphrase", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, "easy to guess"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli ("aaaaaaaa\n", &out, &err, "--weak-passphrase", "--diary", dir2,
                                     "--passphrase-fd", "0", "init", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, "easy to guess"));
  g_clear_pointer (&err, g_free);
  /* The recovery code in two lines of four groups: a narrow terminal
   * cannot cut a group in two for someone copying it by hand. */
  g_assert_true (g_regex_match_simple (
      "\n    [0-9A-Z]{4}(-[0-9A-Z]{4}){3}\n    [0-9A-Z]{4}(-[0-9A-Z]{4}){3}\n", out, 0, 0));
  g_clear_pointer (&out, g_free);

  /* Strength is asked of new passphrases only: a weak one keeps opening. */
  g_assert_cmpint (daybook_test_cli ("password1\n", NULL, &err, "--diary", dir, "--passphrase-fd",
                                     "0", "list", NULL),
                   ==, 0);
  g_assert_null (strstr (err, "easy to guess"));
  daybook_test_rm_rf (parent);
}

static void
test_add_list_show (CliFixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonNode) list = NULL;
  g_autoptr (JsonNode) show = NULL;
  JsonObject *o;
  JsonArray *people;

  g_assert_cmpint (cli (f, NULL, &out, &err, "add", "--when", "2026-03-01T21:40", "--title",
                        "Followed home", "--type", "following", "--type", "contact", "--person",
                        "Jordan Sample:suspect", "--person", "Casey", "--location", "Station Road",
                        "--text", "He followed me.", "--impact", "I take a taxi now.",
                        "--police-ref", "AB/123/26", NULL),
                   ==, 0);
  g_assert_cmpstr (out, ==, "1\n");
  g_clear_pointer (&out, g_free);

  /* The account on standard input, after the passphrase line. */
  g_assert_cmpint (cli (f, "Line one.\nLine two — ünïcödé.\n", &out, NULL, "add", "--when",
                        "2026-02-01", "--title", "Flowers", "--private", NULL),
                   ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f, NULL, &out, NULL, "list", "--json", NULL), ==, 0);
  list = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  /* Chronological: the February entry first. */
  o = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpint (json_object_get_int_member (o, "number"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "precision"), ==, "day");
  g_assert_cmpstr (json_object_get_string_member (o, "narrative"), ==,
                   "Line one.\nLine two — ünïcödé.\n");
  g_assert_true (json_object_get_boolean_member (o, "private"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f, NULL, &out, NULL, "show", "1", "--json", NULL), ==, 0);
  show = parse_json (out);
  o = json_node_get_object (show);
  g_assert_cmpstr (json_object_get_string_member (o, "occurred_start"), ==,
                   "2026-03-01T21:40:00+00:00");
  g_assert_true (json_object_get_null_member (o, "occurred_end"));
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "Followed home");
  g_assert_cmpstr (json_object_get_string_member (o, "location"), ==, "Station Road");
  g_assert_cmpstr (json_object_get_string_member (o, "impact"), ==, "I take a taxi now.");
  g_assert_cmpstr (json_object_get_string_member (o, "police_ref"), ==, "AB/123/26");
  g_assert_cmpint (json_object_get_int_member (o, "revision"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "types")), ==, 2);
  people = json_object_get_array_member (o, "people");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (people, 0), "name"), ==,
      "Jordan Sample");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (people, 0), "role"), ==,
      "suspect");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (people, 1), "role"), ==,
      "other");
  g_assert_true (json_object_has_member (o, "recorded_at"));
  g_assert_true (json_object_has_member (o, "updated_at"));
  g_clear_pointer (&out, g_free);

  /* Human output says the same. */
  g_assert_cmpint (cli (f, NULL, &out, NULL, "show", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Sun 1 Mar 2026, 21:40 GMT"));
  g_assert_nonnull (strstr (out, "He followed me."));
}

/* The role recorded for person @i of entry @number. */
static char *
person_role (CliFixture *f, const char *number, guint i)
{
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) show = NULL;
  JsonArray *people;

  g_assert_cmpint (cli (f, NULL, &out, NULL, "show", number, "--json", NULL), ==, 0);
  show = parse_json (out);
  people = json_object_get_array_member (json_node_get_object (show), "people");
  g_assert_cmpuint (i, <, json_array_get_length (people));
  return g_strdup (
      json_object_get_string_member (json_array_get_object_element (people, i), "role"));
}

/* A known person named again without a role keeps their role: a suspect
 * does not become "other" because the role was left out. */
static void
test_person_role (CliFixture *f, gconstpointer data)
{
  char *role;

  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-01-10T10:00", "--title", "a",
                        "--person", "Mark T:suspect", "--person", "Robin:witness", NULL),
                   ==, 0);
  /* Named again in any case, without a role; a stranger is "other". */
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-01-11T10:00", "--title", "b",
                        "--person", "mark t", "--person", "Robin", "--person", "Someone New", NULL),
                   ==, 0);
  role = person_role (f, "2", 0);
  g_assert_cmpstr (role, ==, "suspect");
  g_free (role);
  role = person_role (f, "2", 1);
  g_assert_cmpstr (role, ==, "witness");
  g_free (role);
  role = person_role (f, "2", 2);
  g_assert_cmpstr (role, ==, "other");
  g_free (role);

  /* A role given is the role recorded. */
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-01-12T10:00", "--title", "c",
                        "--person", "Mark T:other", NULL),
                   ==, 0);
  role = person_role (f, "3", 0);
  g_assert_cmpstr (role, ==, "other");
  g_free (role);

  /* Editing: a person kept without a role keeps the entry's role for them. */
  g_assert_cmpint (
      cli (f, NULL, NULL, NULL, "edit", "3", "--person", "Mark T", "--person", "Robin", NULL), ==,
      0);
  role = person_role (f, "3", 0);
  g_assert_cmpstr (role, ==, "other");
  g_free (role);
  role = person_role (f, "3", 1);
  g_assert_cmpstr (role, ==, "witness");
  g_free (role);
}

/* A time zone is read from the system once per process, not once per
 * entry: a victim who moved or travelled has many entries in a zone that is
 * not the computer's, and `list` read the zone's file for each of them.
 * Watched from outside with strace; without strace the test fails. */
static void
test_list_zone_files (CliFixture *f, gconstpointer data)
{
  const char *zones[] = { "America/New_York", "Asia/Tokyo" };
  g_autofree char *strace = g_find_program_in_path ("strace");
  g_autofree char *log_dir = daybook_test_make_tmpdir ();
  g_autofree char *log = g_build_filename (log_dir, "openat.log", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GHashTable) opens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  const guint n = 300;
  guint listed = 0, zone_lines = 0;

  g_assert_nonnull (strace); /* tools/install-deps installs it */
  g_assert_true (daybook_diary_begin_batch (diary, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      const char *zone = zones[i % G_N_ELEMENTS (zones)];
      g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zone);
      gint64 utc = 1767225600 + (gint64)i * 86400; /* from 2026-01-01, across DST */
      DaybookWhen when = { utc, 0, (char *)zone };

      g_assert_nonnull (tz);
      when.offset
          = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc));
      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, "Seen outside");
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
    }
  g_assert_true (daybook_diary_end_batch (diary, TRUE, &error));
  g_clear_object (&diary);

  {
    const char *wrapper[] = { strace, "-f", "-qq", "-e", "trace=openat", "-o", log, NULL };
    const char *argv[] = { "--diary", f->dir, "--passphrase-fd", "0", "list", NULL };

    /* TZ=Europe/London: none of the entries is in the computer's zone. */
    g_assert_cmpint (daybook_test_cli_wrapped (wrapper, PASS, &out, NULL, argv), ==, 0);
  }

  /* Every entry was listed with its own zone's abbreviation. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      listed += lines[i][0] != '\0';
      zone_lines += strstr (lines[i], " EST") != NULL || strstr (lines[i], " EDT") != NULL
                    || strstr (lines[i], " JST") != NULL;
    }
  g_assert_cmpuint (listed, ==, n);
  g_assert_cmpuint (zone_lines, ==, n);

  g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
  g_clear_pointer (&lines, g_strfreev);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *start = strstr (lines[i], "\"/usr/share/zoneinfo/");
      const char *end;
      char *path;

      if (start == NULL)
        continue;
      start++;
      end = strchr (start, '"');
      g_assert_nonnull (end);
      path = g_strndup (start, end - start);
      g_hash_table_insert (
          opens, path, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (opens, path)) + 1));
    }
  {
    GHashTableIter iter;
    gpointer path, count;

    g_hash_table_iter_init (&iter, opens);
    while (g_hash_table_iter_next (&iter, &path, &count))
      {
        g_test_message ("%s opened %u times", (const char *)path, GPOINTER_TO_UINT (count));
        g_assert_cmpuint (GPOINTER_TO_UINT (count), <=, 1);
      }
  }
  /* Read at all: the test would prove nothing if the zones were not used. */
  g_assert_cmpuint (
      GPOINTER_TO_UINT (g_hash_table_lookup (opens, "/usr/share/zoneinfo/America/New_York")), ==,
      1);
  g_assert_cmpuint (
      GPOINTER_TO_UINT (g_hash_table_lookup (opens, "/usr/share/zoneinfo/Asia/Tokyo")), ==, 1);
  daybook_test_rm_rf (log_dir);
}

static void
test_filters (CliFixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) list = NULL;

  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-01-10T10:00", "--title", "a",
                        "--type", "gift", "--person", "Jordan", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-02-10T10:00", "--title", "b",
                        "--type", "threat", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-03-10T10:00", "--title", "c",
                        "--type", "gift,threat", NULL),
                   ==, 0);

  g_assert_cmpint (cli (f, NULL, &out, NULL, "list", "--json", "--type", "gift", NULL), ==, 0);
  list = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  g_clear_pointer (&list, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f, NULL, &out, NULL, "list", "--json", "--from", "2026-02-01", "--to",
                        "2026-02-10", NULL),
                   ==, 0);
  list = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f, NULL, &out, NULL, "list", "--json", "--person", "jordan", NULL), ==, 0);
  list = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
}

/* The text lines of `list`: in the order entries happened, not the order
 * they were written; an entry without a title or types, a private one, a
 * date-only one; a deleted one left out; --newest-first reversed. */
static void
test_list_lines (CliFixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *newest = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-03-10T10:00Z", "--title",
                        "third", "--type", "threat,gift", "--private", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-01-10T09:30Z", NULL), ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-02-01", "--precision", "day",
                        "--title", "second", "--type", "following", NULL),
                   ==, 0);
  g_assert_cmpint (
      cli (f, NULL, NULL, NULL, "add", "--when", "2026-02-02T08:00Z", "--title", "deleted", NULL),
      ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "delete", "4", NULL), ==, 0);

  g_assert_cmpint (cli (f, NULL, &out, NULL, "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "    2  Sat 10 Jan 2026, 09:30 GMT  (no title)\n"
                   "    3  Sun 1 Feb 2026 (date only)  second  [following]\n"
                   "    1  Tue 10 Mar 2026, 10:00 GMT  third  [threat, gift]  (private)\n");
  g_assert_cmpint (cli (f, NULL, &newest, NULL, "list", "--newest-first", NULL), ==, 0);
  lines = g_strsplit (newest, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "    1  "));
  g_assert_true (g_str_has_prefix (lines[1], "    3  "));
  g_assert_true (g_str_has_prefix (lines[2], "    2  "));
}

static void
test_edit_history_delete (CliFixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonNode) show = NULL;
  JsonArray *history;

  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--when", "2026-03-01T21:40", "--title",
                        "first", "--text", "x", NULL),
                   ==, 0);
  g_assert_cmpint (
      cli (f, NULL, NULL, NULL, "edit", "1", "--title", "second", "--type", "watching", NULL), ==,
      0);
  g_assert_cmpint (cli (f, NULL, &out, NULL, "show", "1", "--history", "--json", NULL), ==, 0);
  show = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (show), "title"), ==,
                   "second");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (show), "narrative"), ==,
                   "x");
  history = json_object_get_array_member (json_node_get_object (show), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpstr (
      json_object_get_string_member (
          json_object_get_object_member (json_array_get_object_element (history, 0), "snapshot"),
          "title"),
      ==, "first");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f, NULL, NULL, NULL, "delete", "1", NULL), ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, &err, "show", "1", NULL), ==, 1);
  assert_one_sentence (err);
  g_assert_cmpint (cli (f, NULL, &out, NULL, "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Fingerprint: "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, NULL, &out, NULL, "add", "--title", "next", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2\n");
}

static void
test_search (CliFixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonNode) list = NULL;
  const char *odd[] = { "\"unbalanced", "NEAR", "-doorstep", "doorstep OR", "door*", "(x", NULL };

  g_assert_cmpint (cli (f, NULL, NULL, NULL, "add", "--title", "Flowers", "--text",
                        "Left on the doorstep.", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, NULL, &out, NULL, "search", "doorstep", "--json", NULL), ==, 0);
  list = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);

  for (guint i = 0; odd[i] != NULL; i++)
    {
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (cli (f, NULL, &out, NULL, "search", "--", odd[i], NULL), ==, 0);
    }
  g_assert_cmpint (cli (f, NULL, NULL, &err, "search", "***", NULL), ==, 2);
  assert_one_sentence (err);
}

static void
test_wrong_passphrase (CliFixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);
  g_autoptr (GBytes) keys_before = daybook_test_read (keys);
  g_autoptr (GBytes) db_before = daybook_test_read (db);
  g_autoptr (GBytes) keys_after = NULL, db_after = NULL;

  g_assert_cmpint (daybook_test_cli ("wrong\n", NULL, &err, "--diary", f->dir, "--passphrase-fd",
                                     "0", "list", NULL),
                   ==, 3);
  assert_one_sentence (err);
  keys_after = daybook_test_read (keys);
  db_after = daybook_test_read (db);
  g_assert_true (g_bytes_equal (keys_before, keys_after));
  g_assert_true (g_bytes_equal (db_before, db_after));
}

static void
test_damaged (CliFixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);

  daybook_test_flip_byte (db, 100);
  g_assert_cmpint (cli (f, NULL, NULL, &err, "list", NULL), ==, 4);
  assert_one_sentence (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, NULL, &err, "verify", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  /* Never a new diary over a damaged one. */
  g_assert_cmpint (cli (f, NULL, NULL, &err, "init", NULL), ==, 1);
}

static void
test_bad_input (CliFixture *f, gconstpointer data)
{
  struct
  {
    int code;
    const char *args[8];
  } cases[] = {
    { 2, { "add", "--type", "stalking", NULL } },
    { 2, { "add", "--when", "last tuesday", NULL } },
    { 2, { "add", "--when", "2026-03-29T01:30", NULL } },
    { 2, { "add", "--when", "2026-10-25T01:30", NULL } },
    { 2, { "add", "--precision", "roughly", NULL } },
    { 2, { "add", "--person", "Jordan:boss", NULL } },
    { 2, { "add", "--title", "caf\xe9", NULL } },
    { 2, { "add", "--no-such-option", NULL } },
    { 2, { "show", "x", NULL } },
    { 2, { "frobnicate", NULL } },
    { 1, { "show", "42", NULL } },
    { 1, { "edit", "42", "--title", "t", NULL } },
    { 1, { "delete", "42", NULL } },
    { 1, { "add", "--text-file", "/nonexistent/file", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_autofree char *input = g_strdup (PASS);

      g_ptr_array_add (args, (gpointer) "--diary");
      g_ptr_array_add (args, f->dir);
      g_ptr_array_add (args, (gpointer) "--passphrase-fd");
      g_ptr_array_add (args, (gpointer) "0");
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer)cases[i].args[j]);
      g_ptr_array_add (args, NULL);

      g_test_message ("case %u: %s", i, cases[i].args[0]);
      g_assert_cmpint (daybook_test_cli_argv (input, NULL, &err, (const char *const *)args->pdata),
                       ==, cases[i].code);
      assert_one_sentence (err);
    }

  /* None of them changed the diary. */
  {
    g_autofree char *out = NULL;
    g_assert_cmpint (cli (f, NULL, &out, NULL, "list", "--json", NULL), ==, 0);
    g_assert_cmpstr (g_strstrip (out), ==, "[]");
  }
}

static void
test_passwd (CliFixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *input
      = g_strdup_printf ("%s\n%s\n", daybook_test_recovery_code (), "the third passphrase here");

  /* Old passphrase then the new one, both on standard input. */
  g_assert_cmpint (cli (f, "the second passphrase here\n", &out, &err, "passwd",
                        "--new-passphrase-fd", "0", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "list", NULL), ==, 3);
  g_assert_cmpint (daybook_test_cli ("the second passphrase here\n", NULL, NULL, "--diary", f->dir,
                                     "--passphrase-fd", "0", "list", NULL),
                   ==, 0);

  /* Forgot it: the recovery code sets a new one. */
  g_assert_cmpint (daybook_test_cli (input, NULL, NULL, "--diary", f->dir, "--recovery-code-fd",
                                     "0", "passwd", "--new-passphrase-fd", "0", NULL),
                   ==, 0);
  g_assert_cmpint (daybook_test_cli ("the third passphrase here\n", NULL, NULL, "--diary", f->dir,
                                     "--passphrase-fd", "0", "list", NULL),
                   ==, 0);
  g_assert_cmpint (daybook_test_cli ("the second passphrase here\n", NULL, NULL, "--diary", f->dir,
                                     "--passphrase-fd", "0", "list", NULL),
                   ==, 3);

  /* A wrong recovery code is a wrong passphrase. */
  g_assert_cmpint (
      daybook_test_cli ("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\nan unguessable new passphrase\n",
                        NULL, NULL, "--diary", f->dir, "--recovery-code-fd", "0", "passwd",
                        "--new-passphrase-fd", "0", NULL),
      ==, 3);
}

/* passwd, with or without --rekey, refuses a weak new passphrase and
 * leaves the old one working. */
static void
test_passwd_weak (CliFixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (cli (f, "12345678\n", NULL, &err, "passwd", "--new-passphrase-fd", "0", NULL),
                   ==, 2);
  assert_one_sentence (err);
  g_assert_nonnull (strstr (err, "easy to guess"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (
      cli (f, "password1\n", NULL, &err, "passwd", "--rekey", "--new-passphrase-fd", "0", NULL), ==,
      2);
  assert_one_sentence (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, NULL, NULL, "list", NULL), ==, 0);
  g_assert_cmpint (daybook_test_cli ("12345678\n", NULL, NULL, "--diary", f->dir, "--passphrase-fd",
                                     "0", "list", NULL),
                   ==, 3);
  g_assert_cmpint (daybook_test_cli ("password1\n", NULL, NULL, "--diary", f->dir,
                                     "--passphrase-fd", "0", "list", NULL),
                   ==, 3);

  /* Chosen knowingly: set, with a warning. */
  g_assert_cmpint (cli (f, "12345678\n", NULL, &err, "passwd", "--weak-passphrase",
                        "--new-passphrase-fd", "0", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, "easy to guess"));
  g_assert_cmpint (daybook_test_cli ("12345678\n", NULL, NULL, "--diary", f->dir, "--passphrase-fd",
                                     "0", "list", NULL),
                   ==, 0);
}

/* Two processes at once: the second waits for the first; both land. */
static void
test_concurrent (CliFixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) list = NULL;
  guint n_ok = 0;

  /* All started first; each waits for its passphrase on standard input,
   * then all are given it at once, so that they open, save and close the
   * diary at the same time. */
  for (int i = 0; i < 4; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
          | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      GSubprocess *proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DAYBOOK_CLI"),
                                                       "--diary", f->dir, "--passphrase-fd", "0",
                                                       "add", "--title", "concurrent", NULL);
      g_assert_no_error (error);
      g_ptr_array_add (procs, proc);
    }
  for (guint i = 0; i < procs->len; i++)
    {
      GOutputStream *in = g_subprocess_get_stdin_pipe (procs->pdata[i]);

      /* One line is all it reads; communicate() below closes the pipe. */
      g_assert_true (g_output_stream_write_all (in, PASS, strlen (PASS), NULL, NULL, NULL));
      g_assert_true (g_output_stream_flush (in, NULL, NULL));
    }
  for (guint i = 0; i < procs->len; i++)
    {
      g_autofree char *err = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (procs->pdata[i], NULL, NULL, NULL, &err, NULL));
      g_assert_true (g_subprocess_get_if_exited (procs->pdata[i]));
      if (g_subprocess_get_exit_status (procs->pdata[i]) == 0)
        {
          n_ok++;
          continue;
        }
      /* The one that waited too long is told, in one sentence. */
      g_assert_cmpint (g_subprocess_get_exit_status (procs->pdata[i]), ==, 1);
      g_assert_nonnull (strstr (err, "The diary is open in another Daybook window or command."));
      g_assert_cmpint (strchr (err, '\n') - err, ==, (int)strlen (err) - 1);
    }
  g_test_message ("%u of %u saved at the same time; the others were told the diary was busy", n_ok,
                  procs->len);
  g_assert_cmpuint (n_ok, >=, 1);

  /* Exactly one entry for each that said it saved, and nothing broken. */
  g_assert_cmpint (cli (f, NULL, &out, NULL, "list", "--json", NULL), ==, 0);
  list = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, n_ok);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f, NULL, &out, NULL, "verify", NULL), ==, 0);
}

static void
test_demo (void)
{
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "demo", NULL);
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) list = NULL;
  JsonArray *array;
  guint private = 0;
  GHashTable *types = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (daybook_test_cli ("demo pass\n", NULL, NULL, "--diary", dir, "--passphrase-fd",
                                     "0", "demo", "--incidents", "150", "--attachments", "6", NULL),
                   ==, 0);
  g_assert_cmpint (daybook_test_cli ("demo pass\n", &out, NULL, "--diary", dir, "--passphrase-fd",
                                     "0", "list", "--json", NULL),
                   ==, 0);
  list = parse_json (out);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 150);
  for (guint i = 0; i < 150; i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonArray *t = json_object_get_array_member (o, "types");

      private += json_object_get_boolean_member (o, "private");
      for (guint j = 0; j < json_array_get_length (t); j++)
        g_hash_table_add (types, (gpointer)json_array_get_string_element (t, j));
      /* Every person in it is marked fictional. */
      g_assert_nonnull (
          strstr (json_object_get_string_member (
                      json_array_get_object_element (json_object_get_array_member (o, "people"), 0),
                      "name"),
                  "(fictional)"));
    }
  g_assert_cmpuint (g_hash_table_size (types), ==, 13);
  g_assert_cmpuint (private, >, 0);
  g_assert_cmpuint (private, <, 150);
  g_hash_table_unref (types);

  /* The sample evidence: six attachments, each linked to an entry, stored
   * in evidence files (added inside the demo's batch) that verify. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpint (daybook_test_cli ("demo pass\n", &out, NULL, "--diary", dir, "--passphrase-fd",
                                     "0", "attachments", "--json", NULL),
                   ==, 0);
  list = parse_json (out);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          json_array_get_object_element (array, i), "incidents")),
                      ==, 1);
  g_assert_cmpint (daybook_test_cli ("demo pass\n", NULL, NULL, "--diary", dir, "--passphrase-fd",
                                     "0", "verify", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (daybook_test_cli ("demo pass\n", &out, NULL, "--diary", dir, "--passphrase-fd",
                                     "0", "verify", NULL),
                   ==, 0);
  daybook_test_rm_rf (parent);
}

static void
test_no_passphrase_source (CliFixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;

  /* No terminal and no --passphrase-fd: a clear usage error, never a hang. */
  g_assert_cmpint (daybook_test_cli (NULL, NULL, &err, "--diary", f->dir, "list", NULL), ==, 2);
  assert_one_sentence (err);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The CLI may refuse input before reading all of its standard input. */
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, fn) g_test_add (path, CliFixture, NULL, cli_setup, fn, cli_teardown)
  g_test_add_func ("/cli/init", test_init);
  g_test_add_func ("/cli/init/empty-passphrase", test_init_empty_passphrase);
  g_test_add_func ("/cli/init/weak-passphrase", test_init_weak_passphrase);
  g_test_add_func ("/cli/demo", test_demo);
  ADD ("/cli/add-list-show", test_add_list_show);
  ADD ("/cli/list/filters", test_filters);
  ADD ("/cli/list/lines", test_list_lines);
  ADD ("/cli/person-role", test_person_role);
  ADD ("/cli/list/zone-files", test_list_zone_files);
  ADD ("/cli/edit-history-delete", test_edit_history_delete);
  ADD ("/cli/search", test_search);
  ADD ("/cli/wrong-passphrase", test_wrong_passphrase);
  ADD ("/cli/damaged", test_damaged);
  ADD ("/cli/bad-input", test_bad_input);
  ADD ("/cli/passwd", test_passwd);
  ADD ("/cli/passwd/weak-passphrase", test_passwd_weak);
  ADD ("/cli/concurrent", test_concurrent);
  ADD ("/cli/no-passphrase-source", test_no_passphrase_source);

  return g_test_run ();
}
