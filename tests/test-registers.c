/* test-registers.c — orders and their terms, breaches, police contacts
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Through the real daybook-cli, as a user (or someone sharing the home)
 * would: each register round-trips through --json; a breach of a term that
 * is later removed stays readable; bad input writes nothing; a term, a
 * breach mark or a contact's link changed behind Daybook's back fails
 * verify; the report and a bundle carry them. */

#include "config.h"

#include <signal.h>
#include <json-glib/json-glib.h>

#include "daybook-diary-private.h"
#include "daybook-test-util.h"

#define PASS TEST_PASSPHRASE "\n"

typedef struct
{
  char *dir;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  daybook_test_rm_copy (f->dir);
  g_free (f->dir);
}

static int
cli (Fixture *f, char **out, char **err, ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = daybook_test_cli_diary_valist (f->dir, PASS, out, err, ap);
  va_end (ap);
  return status;
}

/* Runs a command that must succeed and returns its output. */
static char *
ok (Fixture *f, ...)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;
  int status;

  va_start (ap, f);
  status = daybook_test_cli_diary_valist (f->dir, PASS, &out, &err, ap);
  va_end (ap);
  if (status != 0)
    g_printerr ("daybook-cli said: %s", err);
  g_assert_cmpint (status, ==, 0);
  return out;
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
  g_assert_true (g_str_has_prefix (err, "daybook-cli: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

/* A count read directly from the diary's database. */
static gint64
count (Fixture *f, const char *sql)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);

  return daybook_test_sql_count (diary, sql);
}

static void
tamper (Fixture *f, const char *sql)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (diary);
  g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (diary), sql, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_changes (_daybook_diary_get_db (diary)), >, 0);
  _daybook_diary_unlock (diary);
}

static JsonObject *
term (JsonObject *order, guint i)
{
  return json_array_get_object_element (json_object_get_array_member (order, "terms"), i);
}

static void
add_order (Fixture *f)
{
  g_autofree char *id
      = ok (f, "orders", "add", "--kind", "non-molestation", "--court", "Leeds County Court",
            "--reference", "LS12 3AB", "--made", "2026-01-05", "--served", "2026-01-06",
            "--expires", "2027-01-05", "--term", "Must not contact the applicant", "--term",
            "Must not go within 100 metres of 12 High Street", "--notes", "Power of arrest", NULL);

  g_assert_cmpstr (id, ==, "1\n");
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_orders_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *list = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) after = NULL;
  JsonObject *order;

  add_order (f);
  list = ok (f, "orders", "--json", NULL);
  node = parse_json (list);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  order = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpint (json_object_get_int_member (order, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (order, "kind"), ==, "non-molestation");
  g_assert_cmpstr (json_object_get_string_member (order, "court"), ==, "Leeds County Court");
  g_assert_cmpstr (json_object_get_string_member (order, "reference"), ==, "LS12 3AB");
  g_assert_cmpstr (json_object_get_string_member (order, "made_on"), ==, "2026-01-05");
  g_assert_cmpstr (json_object_get_string_member (order, "served_on"), ==, "2026-01-06");
  g_assert_cmpstr (json_object_get_string_member (order, "expires_on"), ==, "2027-01-05");
  g_assert_cmpstr (json_object_get_string_member (order, "notes"), ==, "Power of arrest");
  g_assert_cmpint (json_object_get_int_member (order, "revision"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (order, "terms")), ==, 2);
  g_assert_cmpint (json_object_get_int_member (term (order, 1), "number"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (term (order, 1), "text"), ==,
                   "Must not go within 100 metres of 12 High Street");
  g_assert_false (json_object_get_boolean_member (term (order, 1), "deleted"));

  /* A removed term keeps its number; a new one never takes it. */
  edited = ok (f, "orders", "edit", "1", "--remove-term", "2", "--term", "Must not post online",
               "--kind", "restraining", "--on", "conviction", "--json", NULL);
  after = parse_json (edited);
  order = json_node_get_object (after);
  g_assert_cmpstr (json_object_get_string_member (order, "kind"), ==, "restraining-conviction");
  g_assert_cmpint (json_object_get_int_member (order, "revision"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (order, "terms")), ==, 3);
  g_assert_true (json_object_get_boolean_member (term (order, 1), "deleted"));
  g_assert_false (json_object_get_null_member (term (order, 1), "deleted_at"));
  g_assert_cmpstr (json_object_get_string_member (term (order, 1), "text"), ==,
                   "Must not go within 100 metres of 12 High Street");
  g_assert_cmpint (json_object_get_int_member (term (order, 2), "number"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (order, "court"), ==, "Leeds County Court");

  text = ok (f, "orders", NULL);
  g_assert_nonnull (strstr (text, "Restraining order on conviction, Leeds County Court"));
  g_assert_nonnull (strstr (text, "2. (removed) Must not go within"));
  g_assert_nonnull (strstr (text, "3. Must not post online"));

  /* Removing a removed term is refused, and changes nothing. */
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (cli (f, NULL, &err, "orders", "edit", "1", "--remove-term", "2", NULL), ==, 2);
    assert_one_sentence (err);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM revisions WHERE entity = 'order'"), ==, 2);

  g_free (ok (f, "orders", "delete", "1", NULL));
  again = ok (f, "orders", "--json", NULL);
  g_assert_cmpstr (g_strstrip (again), ==, "[]");
  g_assert_cmpint (count (f, "SELECT count(*) FROM revisions WHERE entity = 'order'"), ==, 3);
  g_free (ok (f, "verify", NULL));
}

static void
test_contacts_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *list = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *show = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) after = NULL;
  g_autoptr (JsonNode) entry = NULL;
  JsonObject *contact;
  JsonArray *reported;

  g_free (ok (f, "add", "--when", "2026-03-01T10:00", "--title", "At the door", NULL));
  g_free (ok (f, "add", "--when", "2026-03-02T10:00", "--title", "Messages", NULL));
  g_free (ok (f, "contacts", "add", "--when", "2026-03-02T18:30", "--how", "101", "--force-name",
              "West Yorkshire Police", "--officer", "PC Jo Smith", "--collar", "4321",
              "--reference", "13/12345/26", "--reported", "He came to the door", "--said",
              "An officer will call", "--outcome", "crime-recorded", "--entry", "1", NULL));

  list = ok (f, "contacts", "--json", NULL);
  node = parse_json (list);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  contact = json_array_get_object_element (json_node_get_array (node), 0);
  /* TZ is Europe/London: 18:30 in March is GMT. */
  g_assert_cmpstr (json_object_get_string_member (contact, "at"), ==, "2026-03-02T18:30:00+00:00");
  g_assert_cmpstr (json_object_get_string_member (contact, "time_zone"), ==, "Europe/London");
  g_assert_cmpstr (json_object_get_string_member (contact, "how"), ==, "101");
  g_assert_cmpstr (json_object_get_string_member (contact, "force_name"), ==,
                   "West Yorkshire Police");
  g_assert_cmpstr (json_object_get_string_member (contact, "officer"), ==, "PC Jo Smith");
  g_assert_cmpstr (json_object_get_string_member (contact, "collar"), ==, "4321");
  g_assert_cmpstr (json_object_get_string_member (contact, "reference"), ==, "13/12345/26");
  g_assert_cmpstr (json_object_get_string_member (contact, "reported"), ==, "He came to the door");
  g_assert_cmpstr (json_object_get_string_member (contact, "said"), ==, "An officer will call");
  g_assert_cmpstr (json_object_get_string_member (contact, "outcome"), ==, "crime-recorded");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (contact, "entries")), ==,
                    1);

  /* From the entry's side: --reported-in links entry 2 too, a revision of
   * the contact, not of the entry. */
  g_free (ok (f, "edit", "2", "--reported-in", "1", NULL));
  edited = ok (f, "contacts", "edit", "1", "--outcome", "Told to keep a diary", "--json", NULL);
  after = parse_json (edited);
  contact = json_node_get_object (after);
  g_assert_cmpstr (json_object_get_string_member (contact, "outcome"), ==, "Told to keep a diary");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (contact, "entries")), ==,
                    2);
  g_assert_cmpint (json_object_get_int_member (contact, "revision"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM revisions WHERE entity = 'incident' AND "
                             "entity_id = 2"),
                   ==, 2);

  show = ok (f, "show", "2", "--json", NULL);
  entry = parse_json (show);
  reported = json_object_get_array_member (json_node_get_object (entry), "reported_in");
  g_assert_cmpuint (json_array_get_length (reported), ==, 1);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (reported, 0), "reference"), ==,
      "13/12345/26");

  g_free (ok (f, "contacts", "delete", "1", NULL));
  {
    g_autofree char *empty = ok (f, "contacts", "--json", NULL);
    g_assert_cmpstr (g_strstrip (empty), ==, "[]");
  }
  g_free (ok (f, "verify", NULL));
}

static void
test_breach_of_removed_term (Fixture *f, gconstpointer data)
{
  g_autofree char *show = NULL;
  g_autofree char *history = NULL;
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonArray *breaches;
  JsonObject *breach;

  add_order (f);
  g_free (ok (f, "add", "--when", "2026-03-01T10:00", "--title", "Waited outside", NULL));
  /* Edited to add the breach: a revision of the entry. */
  g_free (ok (f, "edit", "1", "--breach", "1:2", NULL));
  g_free (ok (f, "orders", "edit", "1", "--remove-term", "2", NULL));

  show = ok (f, "show", "1", "--json", "--history", NULL);
  node = parse_json (show);
  breaches = json_object_get_array_member (json_node_get_object (node), "breaches");
  g_assert_cmpuint (json_array_get_length (breaches), ==, 1);
  breach = json_array_get_object_element (breaches, 0);
  g_assert_cmpint (json_object_get_int_member (breach, "order"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (breach, "term"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (breach, "term_text"), ==,
                   "Must not go within 100 metres of 12 High Street");
  g_assert_true (json_object_get_boolean_member (breach, "term_removed"));
  {
    JsonArray *revs = json_object_get_array_member (json_node_get_object (node), "history");
    JsonObject *first, *second;

    g_assert_cmpuint (json_array_get_length (revs), ==, 2);
    first = json_object_get_object_member (json_array_get_object_element (revs, 0), "snapshot");
    second = json_object_get_object_member (json_array_get_object_element (revs, 1), "snapshot");
    g_assert_false (json_object_has_member (first, "breaches"));
    g_assert_true (json_object_has_member (second, "breaches"));
  }

  history = ok (f, "show", "1", "--history", NULL);
  g_assert_nonnull (strstr (history, "Must not go within 100 metres of 12 High Street"));
  g_assert_nonnull (strstr (history, "since removed"));
  g_assert_nonnull (strstr (history, "changed: breaches"));

  /* A removed term takes no new marks… */
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (cli (f, NULL, &err, "add", "--title", "Again", "--breach", "1:2", NULL), ==,
                     2);
    assert_one_sentence (err);
  }
  /* …but deleting the order keeps the entry's mark readable. */
  g_free (ok (f, "orders", "delete", "1", NULL));
  text = ok (f, "show", "1", NULL);
  g_assert_nonnull (strstr (text, "Must not go within 100 metres of 12 High Street"));
  g_free (ok (f, "verify", NULL));
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  struct
  {
    const char *args[10];
  } cases[] = {
    { { "add", "--title", "x", "--breach", "1:9", NULL } },
    { { "add", "--title", "x", "--breach", "7:1", NULL } },
    { { "add", "--title", "x", "--breach", "one", NULL } },
    { { "add", "--title", "x", "--reported-in", "5", NULL } },
    { { "orders", "add", "--kind", "spo", "--made", "2026-02-01", "--expires", "2026-01-01",
        NULL } },
    { { "orders", "add", "--kind", "spo", "--made", "2026-02-30", NULL } },
    { { "orders", "add", "--kind", "restraining", NULL } },
    { { "orders", "add", "--kind", "curfew", NULL } },
    { { "orders", "add", "--term", "no kind given", NULL } },
    { { "orders", "edit", "1", "--remove-term", "5", NULL } },
    { { "contacts", "add", "--when", "2099-01-01T10:00", "--how", "999", NULL } },
    { { "contacts", "add", "--how", "pigeon", NULL } },
    { { "contacts", "add", "--entry", "9", NULL } },
  };
  gint64 revisions;

  add_order (f);
  revisions = count (f, "SELECT count(*) FROM revisions");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autoptr (GPtrArray) args = g_ptr_array_new ();

      g_ptr_array_add (args, (gpointer) "--diary");
      g_ptr_array_add (args, f->dir);
      g_ptr_array_add (args, (gpointer) "--passphrase-fd");
      g_ptr_array_add (args, (gpointer) "0");
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer)cases[i].args[j]);
      g_ptr_array_add (args, NULL);

      g_test_message ("case %u: %s %s", i, cases[i].args[0], cases[i].args[1]);
      g_assert_cmpint (daybook_test_cli_argv (PASS, NULL, &err, (const char *const *)args->pdata),
                       ==, 2);
      assert_one_sentence (err);
    }

  /* Nothing was written. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM revisions"), ==, revisions);
  g_assert_cmpint (count (f, "SELECT count(*) FROM incidents"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM orders"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM order_terms"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM police_contacts"), ==, 0);
}

static void
assert_verify_fails (Fixture *f, const char *needle)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = cli (f, &out, &err, "verify", NULL);

  /* A changed record is a problem found (1); 4 is kept for saved changes gone. */
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (out, needle) ? out : strstr (err, needle));
}

static void
test_verify_tamper (Fixture *f, gconstpointer data)
{
  add_order (f);
  g_free (
      ok (f, "add", "--when", "2026-03-01T10:00", "--title", "Waited", "--breach", "1:1", NULL));
  g_free (ok (f, "add", "--when", "2026-03-02T10:00", "--title", "Called", NULL));
  g_free (ok (f, "contacts", "add", "--when", "2026-03-02T18:30", "--how", "999", "--entry", "1",
              NULL));
  g_free (ok (f, "verify", NULL));

  /* A term's wording changed outside Daybook. */
  tamper (f, "UPDATE order_terms SET text = 'May contact the applicant' WHERE number = 1");
  assert_verify_fails (f, "Order 1");
  tamper (f, "UPDATE order_terms SET text = 'Must not contact the applicant' WHERE number = 1");
  g_free (ok (f, "verify", NULL));

  /* A removed term brought back. */
  tamper (f, "UPDATE order_terms SET deleted_at = 1 WHERE number = 2");
  assert_verify_fails (f, "Order 1");
  tamper (f, "UPDATE order_terms SET deleted_at = NULL WHERE number = 2");

  /* An order's dates. */
  tamper (f, "UPDATE orders SET expires_on = '2026-02-01'");
  assert_verify_fails (f, "Order 1");
  tamper (f, "UPDATE orders SET expires_on = '2027-01-05'");

  /* A breach mark removed from an entry. */
  tamper (f, "DELETE FROM incident_breaches");
  assert_verify_fails (f, "Entry 1");
  tamper (f, "INSERT INTO incident_breaches (number, order_id, term) VALUES (1, 1, 1)");

  /* A contact's link moved to another entry. */
  tamper (f, "UPDATE contact_incidents SET number = 2");
  assert_verify_fails (f, "Police contact 1");
  tamper (f, "UPDATE contact_incidents SET number = 1");
  tamper (f, "UPDATE police_contacts SET outcome = 'charged'");
  assert_verify_fails (f, "Police contact 1");
  tamper (f, "UPDATE police_contacts SET outcome = ''");

  g_free (ok (f, "verify", NULL));
}

static char *
pdf_text (const char *pdf)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                   "pdftotext", "-layout", pdf, "-", NULL);
  char *out = NULL;

  /* A missing pdftotext is a failure, not a skip. */
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return out;
}

static void
test_report (Fixture *f, gconstpointer data)
{
  g_autofree char *tmp = daybook_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (tmp, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  add_order (f);
  g_free (ok (f, "add", "--when", "2026-03-01T10:00", "--title", "Waited outside", "--breach",
              "1:2", NULL));
  g_free (ok (f, "add", "--when", "2026-03-02T10:00", "--title", "Followed", "--breach", "1:2",
              "--breach", "1:1", NULL));
  g_free (ok (f, "add", "--when", "2026-03-03T10:00", "--title", "Private one", "--private",
              "--breach", "1:1", NULL));
  g_free (ok (f, "contacts", "add", "--when", "2026-03-02T18:30", "--how", "101", "--reference",
              "13/12345/26", "--said", "An officer will call", "--entry", "1", "--entry", "2",
              NULL));
  /* Only about the private entry: left out of a report without it. */
  g_free (ok (f, "contacts", "add", "--when", "2026-03-03T18:30", "--how", "999", "--reference",
              "13/99999/26", "--entry", "3", NULL));

  g_free (ok (f, "report", "-o", pdf, NULL));
  text = pdf_text (pdf);
  daybook_test_rm_rf (tmp);
  /* Lines of the layout, with runs of spaces made one. */
  {
    g_autoptr (GRegex) spaces = g_regex_new ("[ \t]+", 0, 0, NULL);
    flat = g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);
  }

  g_assert_nonnull (strstr (flat, "Possible breaches of orders"));
  g_assert_nonnull (strstr (flat, "Order 1, term 1 1 entry (2)"));
  g_assert_nonnull (strstr (flat, "Order 1, term 2 2 entries (1, 2)"));
  g_assert_nonnull (strstr (flat, "Orders and breaches"));
  g_assert_nonnull (
      strstr (flat, "Order 1: Non-molestation order, Leeds County Court, ref. LS12 3AB"));
  g_assert_nonnull (strstr (flat, "Term 1: Must not contact the applicant"));
  g_assert_nonnull (strstr (flat, "Possible breaches recorded in 2 entries: 1, 2"));
  g_assert_nonnull (strstr (flat, "Expires 5 Jan 2027"));
  g_assert_nonnull (strstr (flat, "Police contacts"));
  g_assert_nonnull (strstr (flat, "13/12345/26"));
  g_assert_nonnull (strstr (flat, "Entries reported 1, 2"));
  /* The private entry's contact and marks stay out. */
  g_assert_null (strstr (flat, "13/99999/26"));
  g_assert_null (strstr (flat, "(2, 3)"));
  g_assert_nonnull (strstr (flat, "1 police contact is left out"));
}

static void
test_bundle (Fixture *f, gconstpointer data)
{
  g_autofree char *tmp = daybook_test_make_tmpdir ();
  g_autofree char *bundle = g_build_filename (tmp, "bundle", NULL);
  g_autofree char *json = NULL;
  g_autofree char *pass = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *err = NULL;
  g_autoptr (JsonNode) info = NULL;
  g_autoptr (JsonNode) list = NULL;
  JsonObject *contact;

  add_order (f);
  g_free (ok (f, "orders", "add", "--kind", "bail", "--term", "Not to enter Leeds", NULL));
  g_free (ok (f, "orders", "delete", "2", NULL));
  g_free (ok (f, "add", "--when", "2026-03-01T10:00", "--title", "Waited", NULL));
  g_free (
      ok (f, "add", "--when", "2026-03-05T10:00", "--title", "Followed", "--breach", "1:1", NULL));
  g_free (ok (f, "contacts", "add", "--when", "2026-03-05T18:30", "--how", "101", "--entry", "1",
              "--entry", "2", NULL));
  g_free (ok (f, "contacts", "add", "--when", "2026-03-01T18:30", "--how", "999", "--entry", "1",
              NULL));

  json = ok (f, "bundle", "--from", "2026-03-04", "--json", bundle, NULL);
  info = parse_json (json);
  pass = g_strconcat (json_object_get_string_member (json_node_get_object (info), "passphrase"),
                      "\n", NULL);

  g_assert_cmpint (daybook_test_cli (pass, &verify, &err, "--diary", bundle, "--passphrase-fd", "0",
                                     "verify", NULL),
                   ==, 0);
  daybook_test_make_fast (bundle, pass);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli (pass, &orders, &err, "--diary", bundle, "--passphrase-fd", "0",
                                     "orders", "--json", NULL),
                   ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli (pass, &contacts, &err, "--diary", bundle, "--passphrase-fd",
                                     "0", "contacts", "--json", NULL),
                   ==, 0);
  daybook_test_rm_rf (tmp);

  /* The order in force, not the deleted one nothing bundled marks. */
  g_assert_nonnull (strstr (orders, "Must not contact the applicant"));
  g_assert_null (strstr (orders, "Not to enter Leeds"));
  /* Only the contact about a bundled entry, naming only that entry. */
  list = parse_json (contacts);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  contact = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (contact, "how"), ==, "101");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (contact, "entries")), ==,
                    1);
  g_assert_cmpint (
      json_array_get_int_element (json_object_get_array_member (contact, "entries"), 0), ==, 2);
}

/* A backup holds the whole database: restored, the registers and marks are
 * the same, and verify holds. */
static void
test_backup (Fixture *f, gconstpointer data)
{
  g_autofree char *tmp = daybook_test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (tmp, "diary.bak", NULL);
  g_autofree char *restored = g_build_filename (tmp, "restored", NULL);
  g_autofree char *orders = NULL, *contacts = NULL, *show = NULL;
  g_autofree char *orders2 = NULL, *contacts2 = NULL, *show2 = NULL, *err = NULL;

  add_order (f);
  g_free (
      ok (f, "add", "--when", "2026-03-01T10:00", "--title", "Waited", "--breach", "1:1", NULL));
  g_free (ok (f, "contacts", "add", "--when", "2026-03-01T18:30", "--how", "999", "--entry", "1",
              NULL));
  orders = ok (f, "orders", "--json", NULL);
  contacts = ok (f, "contacts", "--json", NULL);
  show = ok (f, "show", "1", "--json", NULL);
  g_free (ok (f, "backup", backup, NULL));

  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--passphrase-fd", "0", "restore", backup,
                                     restored, NULL),
                   ==, 0);
  g_assert_cmpint (daybook_test_cli (PASS, &orders2, NULL, "--diary", restored, "--passphrase-fd",
                                     "0", "orders", "--json", NULL),
                   ==, 0);
  g_assert_cmpint (daybook_test_cli (PASS, &contacts2, NULL, "--diary", restored, "--passphrase-fd",
                                     "0", "contacts", "--json", NULL),
                   ==, 0);
  g_assert_cmpint (daybook_test_cli (PASS, &show2, NULL, "--diary", restored, "--passphrase-fd",
                                     "0", "show", "1", "--json", NULL),
                   ==, 0);
  g_assert_cmpint (daybook_test_cli (PASS, NULL, NULL, "--diary", restored, "--passphrase-fd", "0",
                                     "verify", NULL),
                   ==, 0);
  daybook_test_rm_rf (tmp);
  g_assert_cmpstr (orders2, ==, orders);
  g_assert_cmpstr (contacts2, ==, contacts);
  g_assert_cmpstr (show2, ==, show);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, set_up, fn, tear_down)
  ADD ("/registers/orders/round-trip", test_orders_round_trip);
  ADD ("/registers/contacts/round-trip", test_contacts_round_trip);
  ADD ("/registers/breach/removed-term", test_breach_of_removed_term);
  ADD ("/registers/bad-input", test_bad_input);
  ADD ("/registers/verify/tamper", test_verify_tamper);
  ADD ("/registers/report", test_report);
  ADD ("/registers/bundle", test_bundle);
  ADD ("/registers/backup", test_backup);

  return g_test_run ();
}
