/* test-report-key.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-exports.h"
#include "daybook-test-util.h"
#include "report/daybook-signature.h"

/* The report key as the people on both sides of a report meet it: the
 * diary keeper hands its public half to the police on a printed sheet; an
 * abuser who edits a report and signs it again with a key of their own
 * must not get past an officer who checks with the key they were given.
 * Everything is read back with the outside tools: pdftotext, minisign. */

#define PASS_INPUT TEST_PASSPHRASE "\n"

typedef struct
{
  char *dir; /* a folder for the files each test writes */
  char *diary;
} Fixture;

static void
add_entry (const char *diary_dir, const char *title)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  DaybookWhen when = { 0 };

  daybook_when_parse ("2026-03-28T22:00", london, &when, NULL, &error);
  g_assert_no_error (error);
  daybook_incident_set_start (incident, &when);
  daybook_when_clear (&when);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_narrative (incident, "He stood outside the house.");
  daybook_incident_set_types (incident, DAYBOOK_BEHAVIOUR_LOITERING);
  daybook_diary_save_incident (diary, incident, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_make_tmpdir ();
  f->diary = daybook_test_copy_fast_template ();
  add_entry (f->diary, "Outside the house");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_rm_rf (f->dir);
  daybook_test_rm_copy (f->diary);
  g_free (f->dir);
  g_free (f->diary);
}

static int
cli (const char *diary, char **out, char **err, ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = daybook_test_cli_diary_valist (diary, PASS_INPUT, out, err, args);
  va_end (args);
  return status;
}

static int
tool (char **out, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ignored = NULL;
  va_list ap;
  int status;

  /* Captured either way: the tools' output must not reach the TAP stream. */
  if (out == NULL)
    out = &ignored;
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (err != NULL && err[0] != '\0')
    g_test_message ("%s: %s", first, err);
  return g_spawn_check_wait_status (status, NULL)
             ? 0
             : (WIFEXITED (status) ? WEXITSTATUS (status) : -1);
}

static char *
pdf_text (const char *pdf)
{
  char *out = NULL;

  g_assert_cmpint (tool (&out, "pdftotext", pdf, "-", NULL), ==, 0);
  return out;
}

/* pdftotext breaks lines; the sentences are checked with every run of
 * white space as one space. */
static char *
flat (const char *text)
{
  g_auto (GStrv) words = g_regex_split_simple ("\\s+", text, 0, 0);

  return g_strjoinv (" ", words);
}

static DaybookReportKey *
load_key (const char *diary_dir)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (GError) error = NULL;
  DaybookReportKey *key = daybook_report_key_load (diary, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* The key id as the report's last page names it. */
static char *
report_key_id (const char *text)
{
  g_autoptr (GRegex) regex = g_regex_new ("report key, whose id is ([0-9A-F]{16})\\.", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *flattened = flat (text);

  g_assert_true (g_regex_match (regex, flattened, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
assert_honest (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autofree char *flattened = flat (lower);
  static const char *claims[] = {
    "cannot be edited", "can't be edited",   "tamper-proof", "tamperproof",
    "tamper proof",     "cannot be changed", "proves that",  "proof that",
  };

  for (guint i = 0; i < G_N_ELEMENTS (claims); i++)
    if (strstr (flattened, claims[i]) != NULL)
      g_error ("The PDF claims “%s”", claims[i]);
}

static char *
today (void)
{
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GDateTime) now = g_date_time_new_now (london);

  return g_date_time_format (now, "%-d %b %Y");
}

/* The officer holds the key from the hand-over sheet. A report edited and
 * signed again, by minisign with a key of the abuser's own or by another
 * diary, fails against it; the real report passes. */
static void
test_forged (Fixture *f, gconstpointer data)
{
  g_autofree char *sheet = g_build_filename (f->dir, "key.pdf", NULL);
  g_autofree char *pub = g_build_filename (f->dir, "key.pub", NULL);
  g_autofree char *real = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *real_sig = g_build_filename (f->dir, "report.pdf.minisig", NULL);
  g_autofree char *forged = g_build_filename (f->dir, "forged.pdf", NULL);
  g_autofree char *forged_sig = g_build_filename (f->dir, "forged.pdf.minisig", NULL);
  g_autofree char *evil_pub = g_build_filename (f->dir, "evil.pub", NULL);
  g_autofree char *evil_key = g_build_filename (f->dir, "evil.key", NULL);
  g_autofree char *other_pdf = g_build_filename (f->dir, "other.pdf", NULL);
  g_autofree char *other = daybook_test_copy_fast_template ();
  g_autoptr (DaybookReportKey) key = NULL;
  g_autoptr (DaybookReportKey) other_key = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flattened = NULL;
  g_autofree char *sheet_text = NULL;
  g_autofree char *pub_text = NULL;
  g_autofree char *id_on_page = NULL;
  g_autofree char *named = NULL;
  g_autofree char *date = today ();

  g_assert_cmpint (cli (f->diary, &out, NULL, "pubkey", "--handover", "-o", sheet, "--given-to",
                        "PC 1234", NULL),
                   ==, 0);
  key = load_key (f->diary);
  g_assert_nonnull (strstr (out, key->key_id));

  /* The sheet carries the key and its id; the .pub file is that key. */
  sheet_text = pdf_text (sheet);
  g_assert_nonnull (strstr (sheet_text, key->key_id));
  g_assert_nonnull (strstr (sheet_text, key->public_key));
  g_assert_nonnull (strstr (sheet_text, "PC 1234"));
  assert_honest (sheet_text);
  g_assert_true (g_file_get_contents (pub, &pub_text, NULL, NULL));
  g_assert_nonnull (strstr (pub_text, key->public_key));
  g_assert_true (g_str_has_prefix (pub_text, "untrusted comment: minisign public key "));

  g_assert_cmpint (cli (f->diary, NULL, NULL, "report", "-o", real, "--sign", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (tool (&out, "minisign", "-Vm", real, "-p", pub, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Signature and comment signature verified"));

  /* The report names the key id and the hand-over, never the key itself. */
  text = pdf_text (real);
  flattened = flat (text);
  assert_honest (text);
  g_assert_null (strstr (text, key->public_key));
  g_assert_null (strstr (flattened, "-P RW"));
  id_on_page = report_key_id (text);
  g_assert_cmpstr (id_on_page, ==, key->key_id);
  named = g_strdup_printf ("This key was given to PC 1234 on %s", date);
  g_assert_nonnull (strstr (flattened, named));
  g_assert_nonnull (strstr (flattened, "does not show that what the report says is true"));
  g_assert_nonnull (strstr (flattened, "computer clock"));
  g_assert_nonnull (strstr (flattened, "daybook-cli verify --since"));

  /* The abuser edits the PDF and signs it with a minisign key of their own. */
  bytes = daybook_test_read (real);
  g_assert_true (g_file_set_contents (forged, g_bytes_get_data (bytes, NULL),
                                      (gssize)g_bytes_get_size (bytes), NULL));
  daybook_test_flip_byte (forged, (goffset)g_bytes_get_size (bytes) / 2);
  g_assert_cmpint (tool (NULL, "minisign", "-G", "-W", "-p", evil_pub, "-s", evil_key, NULL), ==,
                   0);
  g_assert_cmpint (tool (NULL, "minisign", "-S", "-s", evil_key, "-m", forged, "-t",
                         "daybook-report:forged", NULL),
                   ==, 0);
  g_assert_true (g_file_test (forged_sig, G_FILE_TEST_EXISTS));
  g_assert_cmpint (tool (NULL, "minisign", "-Vm", forged, "-p", evil_pub, NULL), ==, 0);
  g_assert_cmpint (tool (NULL, "minisign", "-Vm", forged, "-p", pub, NULL), !=, 0);
  /* Nor does the real signature cover the edited bytes. */
  g_assert_true (g_rename (real_sig, forged_sig) == 0);
  g_assert_cmpint (tool (NULL, "minisign", "-Vm", forged, "-p", pub, NULL), !=, 0);

  /* Another diary (another key) makes a report of its own and signs it:
   * its page names another key id, and the handed-over key rejects it. */
  add_entry (other, "Outside the house");
  g_assert_cmpint (cli (other, NULL, NULL, "report", "-o", other_pdf, "--sign", NULL), ==, 0);
  other_key = load_key (other);
  g_assert_cmpstr (other_key->key_id, !=, key->key_id);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&id_on_page, g_free);
  text = pdf_text (other_pdf);
  id_on_page = report_key_id (text);
  g_assert_cmpstr (id_on_page, ==, other_key->key_id);
  g_assert_cmpstr (id_on_page, !=, key->key_id);
  g_assert_nonnull (strstr (text, "not been handed over"));
  g_assert_cmpint (tool (NULL, "minisign", "-Vm", other_pdf, "-p", pub, NULL), !=, 0);

  daybook_test_rm_copy (other);
}

/* Made once, lazily, without a link in the chain; the same after a
 * passphrase change; kept only in the encrypted database. */
static void
test_lifetime (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookReportKey) first = NULL;
  g_autoptr (DaybookReportKey) again = NULL;
  g_autoptr (DaybookReportKey) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) old_pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookSecret) new_pass = daybook_test_secret ("a new passphrase");
  g_autofree char *fingerprint = NULL;
  g_autofree char *out = NULL;
  g_autofree char *printed = NULL;
  gint64 revisions;

  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);

    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM report_keys"), ==, 0);
    revisions = daybook_test_sql_count (diary, "SELECT count(*) FROM revisions");
    fingerprint = daybook_diary_dup_fingerprint (diary);
    first = daybook_report_key_load (diary, &error);
    g_assert_no_error (error);
    again = daybook_report_key_load (diary, &error);
    g_assert_no_error (error);
    g_assert_cmpint (first->row, ==, again->row);
    g_assert_cmpstr (first->public_key, ==, again->public_key);
    g_assert_null (first->given_to);
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM report_keys"), ==, 1);
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT length(seed) FROM report_keys"), ==,
                     32);
    /* Bookkeeping: the history is untouched. */
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM revisions"), ==,
                     revisions);
    {
      g_autofree char *now = daybook_diary_dup_fingerprint (diary);

      g_assert_cmpstr (now, ==, fingerprint);
    }
  }
  g_assert_cmpint (cli (f->diary, &out, NULL, "verify", NULL), ==, 0);

  /* Not the key derived from the master key that reports used before. */
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);
    guint8 *seed = sodium_malloc (crypto_sign_SEEDBYTES);
    guint8 *sk = sodium_malloc (crypto_sign_SECRETKEYBYTES);
    guint8 blob[2 + 8 + crypto_sign_PUBLICKEYBYTES];
    g_autofree char *derived = NULL;

    g_assert_true (
        daybook_diary_derive_key (diary, 2, "dbsign__", seed, crypto_sign_SEEDBYTES, &error));
    crypto_sign_seed_keypair (blob + 10, sk, seed);
    sodium_free (seed);
    sodium_free (sk);
    derived = g_base64_encode (blob + 10, crypto_sign_PUBLICKEYBYTES);
    g_assert_null (strstr (first->public_key, derived));
  }

  g_assert_true (
      daybook_change_passphrase (f->diary, DAYBOOK_SLOT_PASSPHRASE, old_pass, new_pass, &error));
  g_assert_no_error (error);
  {
    g_autoptr (DaybookDiary) diary = daybook_diary_open (f->diary, new_pass, &error);

    g_assert_no_error (error);
    after = daybook_report_key_load (diary, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (after->row, ==, first->row);
  g_assert_cmpstr (after->key_id, ==, first->key_id);
  g_assert_cmpstr (after->public_key, ==, first->public_key);

  /* `pubkey` prints the same key. */
  g_assert_cmpint (daybook_test_cli ("a new passphrase\n", &printed, NULL, "--diary", f->diary,
                                     "--passphrase-fd", "0", "pubkey", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (printed, first->public_key));
  g_assert_nonnull (strstr (printed, first->key_id));
}

/* A diary from before schema 4 has no report key: it gets a new random
 * one on first use. */
static void
test_old_diary (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookReportKey) key = NULL;
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);

    _daybook_diary_lock (diary);
    g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (diary),
                                      /* schema 8's indexes and trigger back as they
                                       * were, schema 6's search tables, schema 5's
                                       * tables, then schema 4's */
                                      "DROP TRIGGER people_name_kept_in_entries; "
                                      "CREATE INDEX incident_types_by_type ON incident_types "
                                      "(type, number); CREATE INDEX incident_people_by_person "
                                      "ON incident_people (person_id, number); "
                                      "DROP TABLE incidents_fts; DROP VIEW incidents_fts_source; "
                                      "CREATE VIRTUAL TABLE incidents_fts USING fts4 (title, "
                                      "narrative, location, people, impact, police, notes); "
                                      "DROP TABLE message_links; DROP TABLE messages_fts; "
                                      "DROP TABLE messages; DROP TABLE message_sources; "
                                      "DROP TABLE person_identifiers; "
                                      "DROP TABLE contact_incidents; DROP TABLE police_contacts; "
                                      "DROP TABLE incident_breaches; DROP TABLE order_terms; "
                                      "DROP TABLE orders; "
                                      "DROP TABLE key_handovers; DROP TABLE report_keys; "
                                      "DROP TABLE exports; PRAGMA user_version = 3",
                                      &error));
    _daybook_diary_unlock (diary);
    g_assert_no_error (error);
  }
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);

    g_assert_cmpint (daybook_test_sql_count (diary, "PRAGMA user_version"), ==,
                     _daybook_schema_latest ());
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM report_keys"), ==, 0);
  }
  key = load_key (f->diary);
  g_assert_cmpuint (strlen (key->key_id), ==, 16);
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);

    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM report_keys"), ==, 1);
  }
}

/* The hand-over: an existing file is refused and nothing is remembered;
 * the latest hand-over is the one reports name. */
static void
test_handover (Fixture *f, gconstpointer data)
{
  g_autofree char *sheet = g_build_filename (f->dir, "key.pdf", NULL);
  g_autofree char *pub = g_build_filename (f->dir, "key.pub", NULL);
  g_autofree char *sheet2 = g_build_filename (f->dir, "again.pdf", NULL);
  g_autofree char *report = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flattened = NULL;
  g_autoptr (DaybookReportKey) key = NULL;

  g_assert_true (g_file_set_contents (pub, "mine", -1, NULL));
  g_assert_cmpint (cli (f->diary, NULL, &err, "pubkey", "--handover", "-o", sheet, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_false (g_file_test (sheet, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (pub, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "mine");
  key = load_key (f->diary);
  g_assert_null (key->given_to);
  g_clear_pointer (&key, daybook_report_key_free);

  g_assert_cmpint (cli (f->diary, NULL, NULL, "pubkey", "-o", sheet, NULL), ==, 2);
  g_assert_cmpint (cli (f->diary, NULL, NULL, "pubkey", "--handover", NULL), ==, 2);

  g_assert_cmpint (cli (f->diary, NULL, NULL, "pubkey", "--handover", "-o", sheet, "--given-to",
                        "PC 1234", "--force", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f->diary, NULL, NULL, "pubkey", "--handover", "-o", sheet2, "--given-to",
                        "DC 99 Smith", NULL),
                   ==, 0);
  key = load_key (f->diary);
  g_assert_cmpstr (key->given_to, ==, "DC 99 Smith");
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);

    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM key_handovers"), ==, 2);
  }
  g_assert_true (g_file_test (sheet2, G_FILE_TEST_EXISTS));
  {
    g_autofree char *pub2 = g_build_filename (f->dir, "again.pub", NULL);

    g_assert_true (g_file_test (pub2, G_FILE_TEST_EXISTS));
  }

  g_assert_cmpint (cli (f->diary, NULL, NULL, "report", "-o", report, NULL), ==, 0);
  text = pdf_text (report);
  flattened = flat (text);
  g_assert_nonnull (strstr (flattened, "This key was given to DC 99 Smith on"));
  g_assert_null (strstr (flattened, "PC 1234"));
}

/* A hand-over is in the register of what left the diary, kind "key", with
 * the chain's tip at that moment and to whom it was given, and adds no link:
 * the fingerprint stays as it was. A refused hand-over registers nothing. */
static void
test_handover_register (Fixture *f, gconstpointer data)
{
  g_autofree char *sheet = g_build_filename (f->dir, "key.pdf", NULL);
  g_autofree char *sheet2 = g_build_filename (f->dir, "again.pdf", NULL);
  g_autofree char *first_head = NULL;
  g_autofree char *second_head = NULL;
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr (DaybookReportKey) key = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  gint64 first_length = 0, second_length = 0, revisions;
  DaybookExport *e;

  g_assert_true (g_file_set_contents (sheet, "not mine to replace", -1, NULL));
  g_assert_cmpint (cli (f->diary, NULL, NULL, "pubkey", "--handover", "-o", sheet, NULL), ==, 1);
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);

    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM exports"), ==, 0);
    daybook_diary_get_tip (diary, &first_head, &first_length, &error);
    g_assert_no_error (error);
    revisions = daybook_test_sql_count (diary, "SELECT count(*) FROM revisions");
  }

  g_assert_cmpint (cli (f->diary, NULL, NULL, "pubkey", "--handover", "-o", sheet, "--given-to",
                        "PC 1234", "--force", NULL),
                   ==, 0);
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);
    g_autofree char *now = daybook_diary_dup_fingerprint (diary);

    g_assert_cmpstr (now, ==, first_head);
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM revisions"), ==,
                     revisions);
  }

  /* Something happens in the diary between the two hand-overs. */
  add_entry (f->diary, "At the school gate");
  g_assert_cmpint (cli (f->diary, NULL, NULL, "pubkey", "--handover", "-o", sheet2, NULL), ==, 0);

  key = load_key (f->diary);
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (f->diary);
    g_autofree char *now = daybook_diary_dup_fingerprint (diary);

    daybook_diary_get_tip (diary, &second_head, &second_length, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (now, ==, second_head);
    g_assert_cmpstr (second_head, !=, first_head);
    g_assert_cmpint (second_length, ==, first_length + 1);
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM exports"), ==, 2);
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM key_handovers"), ==, 2);
    list = daybook_diary_list_exports (diary, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (list->len, ==, 2);
  e = list->pdata[0];
  g_assert_cmpstr (e->kind, ==, DAYBOOK_EXPORT_KEY);
  g_assert_cmpstr (e->ref, ==, key->key_id);
  g_assert_cmpstr (e->fingerprint, ==, first_head);
  g_assert_cmpint (e->length, ==, first_length);
  g_assert_cmpstr (e->selection, ==, "{\"given_to\":\"PC 1234\"}");
  e = list->pdata[1];
  g_assert_cmpstr (e->kind, ==, DAYBOOK_EXPORT_KEY);
  g_assert_cmpstr (e->ref, ==, key->key_id);
  g_assert_cmpstr (e->fingerprint, ==, second_head);
  g_assert_cmpint (e->length, ==, second_length);
  g_assert_cmpstr (e->selection, ==, "{\"given_to\":\"\"}");

  g_assert_cmpint (cli (f->diary, &out, NULL, "reports", NULL), ==, 0);
  g_assert_nonnull (strstr (out, key->key_id));
  g_assert_nonnull (strstr (out, first_head));
  g_assert_nonnull (strstr (out, second_head));
  g_assert_cmpint (cli (f->diary, &json, NULL, "reports", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"kind\" : \"key\""));
  g_assert_nonnull (strstr (json, "\"given_to\" : \"PC 1234\""));
}

/* A diary written by the last version with the derived key (the schema 3
 * fixture): its first report key is new and random, not the derived one
 * its old reports were signed with, and making it adds nothing to the
 * history. */
static void
test_schema3_fixture (Fixture *f, gconstpointer data)
{
  g_autofree char *from = g_test_build_filename (G_TEST_DIST, "data", "schema-3", "diary", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "old", NULL);
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("correct horse fixture staple");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookReportKey) key = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *derived = NULL;
  guint8 *seed = sodium_malloc (crypto_sign_SEEDBYTES);
  guint8 *sk = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  gint64 revisions;

  daybook_test_copy_tree (from, copy);
  diary = daybook_diary_open (copy, pass, &error);
  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM report_keys"), ==, 0);
  before = daybook_diary_dup_fingerprint (diary);
  revisions = daybook_test_sql_count (diary, "SELECT count(*) FROM revisions");

  key = daybook_report_key_load (diary, &error);
  g_assert_no_error (error);
  g_assert_null (key->given_to);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM report_keys"), ==, 1);
  after = daybook_diary_dup_fingerprint (diary);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM revisions"), ==, revisions);

  /* The key that version derived from the master key is not the new one. */
  g_assert_true (
      daybook_diary_derive_key (diary, 2, "dbsign__", seed, crypto_sign_SEEDBYTES, &error));
  crypto_sign_seed_keypair (pk, sk, seed);
  sodium_free (seed);
  sodium_free (sk);
  derived = g_base64_encode (pk, sizeof pk);
  g_assert_null (strstr (key->public_key, derived));
  daybook_diary_close (diary);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/report-key/forged", test_forged);
  ADD ("/report-key/lifetime", test_lifetime);
  ADD ("/report-key/old-diary", test_old_diary);
  ADD ("/report-key/handover", test_handover);
  ADD ("/report-key/handover-register", test_handover_register);
  ADD ("/report-key/schema-3-fixture", test_schema3_fixture);
#undef ADD

  return g_test_run ();
}
