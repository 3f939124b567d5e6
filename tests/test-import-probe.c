/* test-import-probe.c — what the window asks the parsing helper before an import
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A probe (DaybookImportOptions.probe) goes through the real helper and
 * daybook_import_parse(): it names the format and sends nothing of a chat,
 * a backup or a mailbox; of a table it sends only the header row, its
 * columns' names and the mapping their names give. A file of no known
 * format is refused as without a probe.
 */

#include "config.h"

#include <string.h>

#include "daybook-error.h"
#include "daybook-import-parse.h"
#include "daybook-test-util.h"

typedef struct
{
  GPtrArray *records;
  guint media;
} Collected;

static gboolean
take_record (GVariant *record, gpointer user_data, GError **error)
{
  g_ptr_array_add (((Collected *)user_data)->records, g_variant_ref (record));
  return TRUE;
}

static gboolean
take_media (GVariant *media, gpointer user_data, GError **error)
{
  ((Collected *)user_data)->media++;
  return TRUE;
}

static const DaybookImportSink sink = { take_record, take_media };

/* Probes @bytes; returns the format the helper named, or NULL (@error). */
static char *
probe (GBytes *bytes, DaybookImportFormat format, Collected *c, GError **error)
{
  g_autoptr (GInputStream) input = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr (GVariant) summary = NULL;
  DaybookImportOptions options = { 0 };
  const char *name = NULL;
  guint32 records = 0;

  options.format = format;
  options.probe = TRUE;
  c->records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  c->media = 0;
  if (!daybook_import_parse (input, &options, &sink, c, &summary, NULL, error))
    return NULL;
  g_assert_nonnull (summary);
  g_variant_get_child (summary, 0, "&s", &name);
  g_variant_get_child (summary, 2, "u", &records);
  g_assert_cmpuint (records, ==, c->records->len);
  return g_strdup (name);
}

static char *
probe_fixture (const char *name, Collected *c, GError **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
  g_autoptr (GBytes) bytes = daybook_test_read (path);

  return probe (bytes, DAYBOOK_IMPORT_FORMAT_AUTO, c, error);
}

static const char *
header (GVariant *record, const char *key)
{
  g_autoptr (GVariant) headers = g_variant_get_child_value (record, 14);
  const char *value = NULL;

  /* The value lives as long as @record. */
  if (!g_variant_lookup (headers, key, "&s", &value))
    return NULL;
  return value;
}

static void
test_formats (void)
{
  static const struct
  {
    const char *fixture;
    const char *format;
  } cases[] = {
    { "whatsapp-android-dmy-24h.txt", "whatsapp" },
    /* Its dates do not prove their order: a probe does not ask. */
    { "whatsapp-ambiguous.txt", "whatsapp" },
    { "telegram-single.json", "telegram" },
    { "sms-mms.xml", "sms" },
    { "calls.xml", "calls" },
    { "mail-one.eml", "eml" },
    { "mail-mboxrd.mbox", "mbox" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Collected c;
      g_autoptr (GError) error = NULL;
      g_autofree char *format = probe_fixture (cases[i].fixture, &c, &error);

      g_test_message ("%s: %s", cases[i].fixture, format);
      g_assert_no_error (error);
      g_assert_cmpstr (format, ==, cases[i].format);
      /* Nothing of the file itself. */
      g_assert_cmpuint (c.records->len, ==, 0);
      g_assert_cmpuint (c.media, ==, 0);
      g_ptr_array_unref (c.records);
    }
}

static void
test_table (void)
{
  Collected c;
  g_autoptr (GError) error = NULL;
  g_autofree char *format = probe_fixture ("csv-comma-utf8.csv", &c, &error);
  GVariant *row;
  const char *kind = NULL;
  g_autofree char *printed = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (format, ==, "csv");
  g_assert_cmpuint (c.records->len, ==, 1);
  row = g_ptr_array_index (c.records, 0);
  g_variant_get_child (row, 0, "&s", &kind);
  g_assert_cmpstr (kind, ==, "system");
  g_assert_cmpstr (header (row, "1"), ==, "date");
  g_assert_cmpstr (header (row, "4"), ==, "description");
  g_assert_cmpstr (header (row, "5"), ==, "location");
  g_assert_null (header (row, "6"));
  g_assert_cmpstr (header (row, "mapping"), ==, "date=1,time=2,title=3,text=4,where=5");
  /* No cell of a row under the header. */
  printed = g_variant_print (row, FALSE);
  g_assert_null (strstr (printed, "followed"));
  g_ptr_array_unref (c.records);
}

/* "Notes" twice: neither is taken; no name says "date". Asked as a table
 * (its header names no date, so detection cannot tell). */
static void
test_table_unknown_names (void)
{
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "data", "import", "csv-unknown-columns.csv", NULL);
  g_autoptr (GBytes) bytes = daybook_test_read (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *format = NULL;
  Collected c;

  g_assert_null (probe (bytes, DAYBOOK_IMPORT_FORMAT_AUTO, &c, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_ptr_array_unref (c.records);
  g_clear_error (&error);

  format = probe (bytes, DAYBOOK_IMPORT_FORMAT_CSV, &c, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (format, ==, "csv");
  g_assert_cmpuint (c.records->len, ==, 1);
  g_assert_cmpstr (header (g_ptr_array_index (c.records, 0), "3"), ==, "Notes");
  g_assert_cmpstr (header (g_ptr_array_index (c.records, 0), "4"), ==, "Notes");
  g_assert_cmpstr (header (g_ptr_array_index (c.records, 0), "mapping"), ==, "");
  g_ptr_array_unref (c.records);
}

/* A header of 300 columns: the names of the first 60 only, within the
 * record's checks. */
static void
test_table_wide (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *format = NULL;
  Collected c;

  for (guint i = 1; i <= 300; i++)
    g_string_append_printf (text, "%sc%u", i > 1 ? "," : "", i);
  g_string_append (text, "\n");
  for (guint i = 1; i <= 300; i++)
    g_string_append_printf (text, "%s1", i > 1 ? "," : "");
  g_string_append (text, "\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  format = probe (bytes, DAYBOOK_IMPORT_FORMAT_CSV, &c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c.records->len, ==, 1);
  g_assert_cmpstr (header (g_ptr_array_index (c.records, 0), "60"), ==, "c60");
  g_assert_null (header (g_ptr_array_index (c.records, 0), "61"));
  g_ptr_array_unref (c.records);
}

static void
test_unknown (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr (GError) error = NULL;
  Collected c;

  g_assert_null (probe (bytes, DAYBOOK_IMPORT_FORMAT_AUTO, &c, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_cmpuint (c.records->len, ==, 0);
  g_ptr_array_unref (c.records);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-probe/formats", test_formats);
  g_test_add_func ("/import-probe/table", test_table);
  g_test_add_func ("/import-probe/table-unknown-names", test_table_unknown_names);
  g_test_add_func ("/import-probe/table-wide", test_table_wide);
  g_test_add_func ("/import-probe/unknown", test_unknown);
  return g_test_run ();
}
