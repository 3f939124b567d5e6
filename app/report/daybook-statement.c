/* daybook-statement.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <archive.h>
#include <archive_entry.h>
#include "daybook-i18n.h"

#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-incident.h"
#include "daybook-attachment-exhibits.h"
#include "daybook-report-exhibits.h"
#include "daybook-statement.h"

/* Statement drafts for an advocate, as OpenDocument text (ODT): a zip,
 * written with libarchive, whose first entry is "mimetype", stored
 * uncompressed, then META-INF/manifest.xml, content.xml, styles.xml and
 * meta.xml, deflated. The file is written without a name and named once
 * complete (DaybookNewFile), so a crash leaves no plaintext behind.
 *
 * Limits: libarchive adds its usual extra fields (times, owner) to every
 * zip entry, "mimetype" included, which the ODF packaging rules advise
 * against; office programs read the file by its manifest. Statement
 * drafts are not recorded in the register of exports: its kinds are
 * report, backup, bundle and key. */

#define MIMETYPE "application/vnd.oasis.opendocument.text"
#define ODF_NS                                                                                     \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                             \
  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                               \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                                 \
  "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "                      \
  "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "                                 \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

typedef struct
{
  GString *xml;
} Doc;

static void
doc_paragraph (Doc *doc, const char *style, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  g_string_append_printf (doc->xml, "<text:p text:style-name=\"%s\">", style);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

      if (i > 0)
        g_string_append (doc->xml, "<text:line-break/>");
      g_string_append (doc->xml, escaped);
    }
  g_string_append (doc->xml, "</text:p>\n");
}

static void
doc_heading (Doc *doc, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (
      doc->xml, "<text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">%s</text:h>\n",
      escaped);
}

/* "Entry 4" or "Entry 4; exhibits AB/1, AB/2" */
static char *
citation (DaybookExhibitProvider *exhibits, gint64 number)
{
  g_autoptr (GPtrArray) list = exhibits->list_for_entry (exhibits, number);
  g_autoptr (GString) marks = g_string_new (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      DaybookExhibit *exhibit = g_ptr_array_index (list, i);

      g_string_append_printf (marks, "%s%s", marks->len ? ", " : "", exhibit->mark);
    }
  if (marks->len == 0)
    /* TRANSLATORS: cites an entry in a statement draft */
    return g_strdup_printf (_ ("[Entry %u]"), (guint)number);
  /* TRANSLATORS: cites an entry and its exhibit marks in a statement draft */
  return g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "[Entry %u; exhibit %s]", "[Entry %u; exhibits %s]", list->len),
      (guint)number, marks->str);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static void
add_preamble (Doc *doc, DaybookDiary *diary, const char *title, GPtrArray *incidents)
{
  g_autofree char *owner = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_OWNER_NAME);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  g_autofree char *today = daybook_date_time_format (now, _ ("%-d %B %Y"));
  g_autofree char *made = NULL;

  doc_paragraph (doc, "Title", title);
  if (nonempty (owner) != NULL)
    {
      /* TRANSLATORS: under the title of a statement draft: whose it is */
      g_autofree char *of = g_strdup_printf (_ ("Of %s"), owner);

      doc_paragraph (doc, "Subtitle", of);
    }
  doc_paragraph (doc, "Draft",
                 _ ("DRAFT for the victim and their advocate to check and rewrite. Daybook put it "
                    "together from diary entries; it is not a statement until the person making "
                    "it has checked every word, put it in their own words and signed it. Remove "
                    "this note and the entry citations as you see fit."));
  made = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Drafted on %s from %u diary entry.",
                                       "Drafted on %s from %u diary entries.", incidents->len),
                          today, incidents->len);
  doc_paragraph (doc, "Citation", made);
}

/* When an entry happened, in the draft's language, as the report says it. */
static char *
format_when (const DaybookWhen *when, DaybookPrecision precision)
{
  return daybook_format_when_in_language (when, precision, NULL);
}

static void
build_narrative (Doc *doc, DaybookDiary *diary, GPtrArray *incidents,
                 DaybookExhibitProvider *exhibits, gboolean include_private)
{
  add_preamble (doc, diary, _ ("Statement draft"), incidents);
  for (guint i = 0; i < incidents->len; i++)
    {
      DaybookIncident *incident = g_ptr_array_index (incidents, i);
      gint64 number = daybook_incident_get_number (incident);
      g_autofree char *when = format_when (daybook_incident_get_start (incident),
                                           daybook_incident_get_precision (incident));
      const char *location = nonempty (daybook_incident_get_location (incident));
      const char *title = nonempty (daybook_incident_get_title (incident));
      const char *narrative = nonempty (daybook_incident_get_narrative (incident));
      const char *notes = nonempty (daybook_incident_get_private_notes (incident));
      g_autofree char *cite = citation (exhibits, number);
      g_autofree char *opening = NULL;
      g_autofree char *para = NULL;

      opening = location != NULL
                    /* TRANSLATORS: opens a paragraph of a statement draft: when, where */
                    ? g_strdup_printf (_ ("On %s, at %s:"), when, location)
                    /* TRANSLATORS: opens a paragraph of a statement draft: when */
                    : g_strdup_printf (_ ("On %s:"), when);
      /* The account as written; its title only when there is no account. */
      para = g_strjoin (" ", opening,
                        narrative != NULL ? narrative
                        : title != NULL   ? title
                                          : _ ("(no account written)"),
                        cite, NULL);
      doc_paragraph (doc, "Statement", para);
      if (include_private && notes != NULL)
        {
          /* TRANSLATORS: the private notes of an entry, in a statement draft */
          g_autofree char *text
              = g_strdup_printf (_ ("Private note (entry %u): %s"), (guint)number, notes);

          doc_paragraph (doc, "Private", text);
        }
    }
  doc_paragraph (doc, "Prompt",
                 _ ("[The statement of truth, the date and the signature are for the person "
                    "making the statement to add.]"));
}

static void
build_impact (Doc *doc, DaybookDiary *diary, GPtrArray *incidents, gboolean include_private)
{
  static const struct
  {
    const char *heading;
    const char *prompt;
  } prompts[] = {
    { N_ ("Changes to my routine"),
      N_ ("[Write how you have changed the way you live: the routes you take, where you go, when "
          "you go out, who you see.]") },
    { N_ ("Work and money"),
      N_ ("[Write about time off work, a job you changed or lost, and what it has cost you.]") },
    /* TRANSLATORS: a heading in a witness statement draft: effects on health */
    { N_ ("Health"),
      N_ ("[Write about your sleep, your physical and mental health, and any treatment.]") },
    { N_ ("Family and friends"),
      N_ ("[Write how it has affected your children, family, friends and relationships.]") },
    { N_ ("Safety measures I have taken"),
      N_ ("[Write what you have done to keep safe: locks, cameras, moving, changing your number "
          "or accounts.]") },
    { N_ ("Support I need"),
      N_ ("[Write what support or protection you need now, and what you would like the court to "
          "know.]") },
  };
  guint n_impact = 0;

  add_preamble (doc, diary, _ ("Personal statement draft"), incidents);

  doc_heading (doc, _ ("Fear and distress"));
  /* Plural forms picked by hand: the format strings are literals here. */
  {
    g_autoptr (GString) list = g_string_new (NULL);
    guint n = 0;

    for (guint i = 0; i < incidents->len; i++)
      {
        DaybookIncident *incident = g_ptr_array_index (incidents, i);
        g_autofree char *when = NULL;

        if (!daybook_incident_get_fear_of_violence (incident))
          continue;
        when = format_when (daybook_incident_get_start (incident),
                            daybook_incident_get_precision (incident));
        if (list->len > 0)
          g_string_append (list, "; ");
        /* TRANSLATORS: a date in a list, then its entry number */
        g_string_append_printf (list, _ ("%s (entry %u)"), when,
                                (guint)daybook_incident_get_number (incident));
        n++;
      }
    if (n == 0)
      doc_paragraph (doc, "Statement",
                     _ ("None of these entries records that I feared violence would be used "
                        "against me."));
    else
      {
        g_autofree char *text = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "On %u occasion I recorded that I feared violence would be used against "
                         "me: %s.",
                         "On %u occasions I recorded that I feared violence would be used against "
                         "me: %s.",
                         n),
            n, list->str);

        doc_paragraph (doc, "Statement", text);
      }
  }
  {
    g_autoptr (GString) list = g_string_new (NULL);
    guint n = 0;

    for (guint i = 0; i < incidents->len; i++)
      {
        DaybookIncident *incident = g_ptr_array_index (incidents, i);
        g_autofree char *when = NULL;

        if (!daybook_incident_get_alarm_distress (incident))
          continue;
        when = format_when (daybook_incident_get_start (incident),
                            daybook_incident_get_precision (incident));
        if (list->len > 0)
          g_string_append (list, "; ");
        /* TRANSLATORS: a date in a list, then its entry number */
        g_string_append_printf (list, _ ("%s (entry %u)"), when,
                                (guint)daybook_incident_get_number (incident));
        n++;
      }
    if (n == 0)
      doc_paragraph (doc, "Statement",
                     _ ("None of these entries records that it caused me alarm or distress."));
    else
      {
        g_autofree char *text = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "On %u occasion I recorded that it caused me alarm or distress: %s.",
                         "On %u occasions I recorded that it caused me alarm or distress: %s.", n),
            n, list->str);

        doc_paragraph (doc, "Statement", text);
      }
  }

  doc_heading (doc, _ ("How it affected me, in my words at the time"));
  for (guint i = 0; i < incidents->len; i++)
    {
      DaybookIncident *incident = g_ptr_array_index (incidents, i);
      const char *impact = nonempty (daybook_incident_get_impact (incident));
      const char *notes = nonempty (daybook_incident_get_private_notes (incident));
      g_autofree char *when = NULL;
      g_autofree char *text = NULL;

      if (impact == NULL)
        continue;
      when = format_when (daybook_incident_get_start (incident),
                          daybook_incident_get_precision (incident));
      /* TRANSLATORS: date, entry number, then what the victim wrote about its impact */
      text = g_strdup_printf (_ ("%s (entry %u): %s"), when,
                              (guint)daybook_incident_get_number (incident), impact);
      doc_paragraph (doc, "Statement", text);
      n_impact++;
      if (include_private && notes != NULL)
        {
          g_autofree char *note
              = g_strdup_printf (_ ("Private note (entry %u): %s"),
                                 (guint)daybook_incident_get_number (incident), notes);

          doc_paragraph (doc, "Private", note);
        }
    }
  if (n_impact == 0)
    doc_paragraph (doc, "Statement",
                   _ ("None of these entries has anything written under its impact."));

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      doc_heading (doc, _ (prompts[i].heading));
      doc_paragraph (doc, "Prompt", _ (prompts[i].prompt));
    }
  doc_paragraph (doc, "Prompt",
                 _ ("[Daybook does not record these separately: the entries above may mention "
                    "them. The statement of truth, the date and the signature are for the person "
                    "making the statement to add.]"));
}

static char *
content_xml (Doc *doc)
{
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<office:document-content " ODF_NS " office:version=\"1.2\">\n"
                      "<office:body>\n<office:text>\n",
                      doc->xml->str, "</office:text>\n</office:body>\n</office:document-content>\n",
                      NULL);
}

/* The styles, with the draft's language (%s: its fo:language and
 * fo:country attributes) and its writing mode (%s: lr-tb, or rl-tb for
 * Arabic) filled in by styles_xml(). */
static const char styles_template[]
    = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<office:document-styles " ODF_NS " office:version=\"1.2\">\n"
      "<office:styles>\n"
      "<style:default-style style:family=\"paragraph\">"
      "<style:paragraph-properties fo:margin-bottom=\"0.25cm\" style:writing-mode=\"%s\"/>"
      "<style:text-properties fo:font-size=\"12pt\" %s/>"
      "</style:default-style>\n"
      "<style:style style:name=\"Standard\" style:family=\"paragraph\"/>\n"
      "<style:style style:name=\"Title\" style:family=\"paragraph\">"
      "<style:text-properties fo:font-size=\"18pt\" fo:font-weight=\"bold\"/></style:style>\n"
      "<style:style style:name=\"Subtitle\" style:family=\"paragraph\">"
      "<style:text-properties fo:font-size=\"13pt\"/></style:style>\n"
      "<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" "
      "style:family=\"paragraph\" style:default-outline-level=\"2\">"
      "<style:paragraph-properties fo:margin-top=\"0.4cm\"/>"
      "<style:text-properties fo:font-size=\"14pt\" fo:font-weight=\"bold\"/></style:style>\n"
      "<style:style style:name=\"Draft\" style:family=\"paragraph\">"
      "<style:paragraph-properties fo:background-color=\"#fff2cc\" fo:padding=\"0.2cm\" "
      "fo:border=\"0.5pt solid #b38f00\"/>"
      "<style:text-properties fo:font-weight=\"bold\"/></style:style>\n"
      "<style:style style:name=\"Statement\" style:family=\"paragraph\">"
      "<style:paragraph-properties fo:line-height=\"130%%\" fo:text-align=\"justify\"/>"
      "</style:style>\n"
      "<style:style style:name=\"Citation\" style:family=\"paragraph\">"
      "<style:text-properties fo:font-size=\"10pt\" fo:font-style=\"italic\"/></style:style>\n"
      "<style:style style:name=\"Private\" style:family=\"paragraph\">"
      "<style:paragraph-properties fo:margin-left=\"1cm\"/>"
      "<style:text-properties fo:font-style=\"italic\"/></style:style>\n"
      "<style:style style:name=\"Prompt\" style:family=\"paragraph\">"
      "<style:text-properties fo:color=\"#555555\" fo:font-style=\"italic\"/></style:style>\n"
      "</office:styles>\n"
      "</office:document-styles>\n";

static char *
styles_xml (const char *language)
{
  const char *text = "fo:language=\"en\" fo:country=\"GB\"";

  if (g_strcmp0 (language, "cy") == 0)
    text = "fo:language=\"cy\" fo:country=\"GB\"";
  else if (g_strcmp0 (language, "pl") == 0)
    text = "fo:language=\"pl\" fo:country=\"PL\"";
  else if (g_strcmp0 (language, "ar") == 0)
    /* Arabic is a "complex" script to an office suite: its language goes
     * in the complex attributes, and Latin text in it stays English. */
    text = "fo:language=\"en\" fo:country=\"GB\" style:language-complex=\"ar\"";
  return g_strdup_printf (styles_template, g_strcmp0 (language, "ar") == 0 ? "rl-tb" : "lr-tb",
                          text);
}

static const char manifest_xml[]
    = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
      "manifest:version=\"1.2\">\n"
      " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" "
      "manifest:media-type=\"" MIMETYPE "\"/>\n"
      " <manifest:file-entry manifest:full-path=\"content.xml\" "
      "manifest:media-type=\"text/xml\"/>\n"
      " <manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>\n"
      " <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\n"
      "</manifest:manifest>\n";

static char *
meta_xml (const char *title)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<office:document-meta " ODF_NS " office:version=\"1.2\">\n"
                          "<office:meta><meta:generator>Daybook/%s</meta:generator>"
                          "<dc:title>%s</dc:title><meta:creation-date>%s</meta:creation-date>"
                          "</office:meta>\n</office:document-meta>\n",
                          PACKAGE_VERSION, escaped, date);
}

static gboolean
archive_fail (struct archive *a, const char *path, GError **error)
{
  int err = archive_errno (a);

  if (err > 0)
    {
      g_autofree char *what = g_strdup_printf (_ ("Could not write %s"), path);

      daybook_set_io_error (error, err, what);
    }
  else
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, _ ("Could not write %s: %s."), path,
                 archive_error_string (a) ? archive_error_string (a) : "?");
  return FALSE;
}

static gboolean
add_member (struct archive *a, const char *name, const char *data, gsize len, gboolean store,
            const char *path, GError **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean ok = FALSE;

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0600);
  archive_entry_set_size (entry, len);
  archive_entry_set_mtime (entry, now, 0);
  if ((store ? archive_write_zip_set_compression_store (a)
             : archive_write_zip_set_compression_deflate (a))
          != ARCHIVE_OK
      || archive_write_header (a, entry) != ARCHIVE_OK
      || archive_write_data (a, data, len) != (la_ssize_t)len
      || archive_write_finish_entry (a) != ARCHIVE_OK)
    archive_fail (a, path, error);
  else
    ok = TRUE;
  archive_entry_free (entry);
  return ok;
}

static gboolean
write_odt (int fd, const char *path, const char *content, const char *styles, const char *meta,
           GError **error)
{
  struct archive *a = archive_write_new ();
  gboolean ok;

  ok = archive_write_set_format_zip (a) == ARCHIVE_OK
       && archive_write_set_bytes_in_last_block (a, 1) == ARCHIVE_OK
       && archive_write_open_fd (a, fd) == ARCHIVE_OK;
  if (!ok)
    archive_fail (a, path, error);
  /* mimetype first and stored, so a reader can tell what the file is. */
  ok = ok && add_member (a, "mimetype", MIMETYPE, strlen (MIMETYPE), TRUE, path, error)
       && add_member (a, "META-INF/manifest.xml", manifest_xml, strlen (manifest_xml), FALSE, path,
                      error)
       && add_member (a, "content.xml", content, strlen (content), FALSE, path, error)
       && add_member (a, "styles.xml", styles, strlen (styles), FALSE, path, error)
       && add_member (a, "meta.xml", meta, strlen (meta), FALSE, path, error);
  if (ok && archive_write_close (a) != ARCHIVE_OK)
    ok = archive_fail (a, path, error);
  archive_write_free (a);
  return ok;
}

static gboolean
refuse_existing (const char *path, GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
               _ ("%s already exists. Use --force to replace it."), path);
  return FALSE;
}

static gboolean
names_anyone (const char *const *people, DaybookIncident *incident)
{
  if (people == NULL || people[0] == NULL)
    return TRUE;
  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      g_autofree char *name = g_utf8_casefold (daybook_incident_get_person (incident, i)->name, -1);

      for (guint j = 0; people[j] != NULL; j++)
        {
          g_autofree char *wanted = g_utf8_casefold (people[j], -1);

          if (g_utf8_collate (name, wanted) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* The selected entries, in time order: the report's selection. */
static GPtrArray *
select_entries (DaybookDiary *diary, const DaybookQuery *query, const char *const *people,
                GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookQuery) q = daybook_query_copy (query);
  g_autoptr (GListModel) list = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);

  q->newest_first = FALSE;
  if (people != NULL && people[0] != NULL && people[1] == NULL)
    daybook_query_set_person (q, people[0]);
  list = daybook_diary_query (diary, q, error);
  if (list == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (DaybookIncident) incident = g_list_model_get_item (list, i);

      if (i % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!names_anyone (people, incident))
        continue;
      if (daybook_incident_get_private (incident) && !query->include_private)
        continue;
      g_ptr_array_add (out, g_steal_pointer (&incident));
    }
  return g_steal_pointer (&out);
}

/**
 * daybook_diary_write_statement:
 * @query: the selection, as for a report; private entries and private
 *   notes only when @query includes private entries
 * @people: (nullable) (array zero-terminated=1): only entries naming any
 *   of these people
 * @language: (nullable): the draft's language, one of the report's
 *   (DAYBOOK_REPORT_LANGUAGES: its words, dates and direction), or %NULL
 *   for this thread's language (the process's unless a report's is pushed)
 * @path: the .odt file to write
 * @n_entries: (out) (optional): how many entries it drew on
 *
 * Writes a statement draft of @kind as an ODT file. An existing @path is
 * refused unless @flags has %DAYBOOK_STATEMENT_FORCE. The file appears only
 * once complete. Not recorded in the register of exports.
 *
 * Returns: %TRUE once written
 */
gboolean
daybook_diary_write_statement (DaybookDiary *diary, DaybookStatementKind kind,
                               const DaybookQuery *query, const char *const *people,
                               const char *language, const char *path, DaybookStatementFlags flags,
                               guint *n_entries, GCancellable *cancellable, GError **error)
{
  gboolean force = (flags & DAYBOOK_STATEMENT_FORCE) != 0;
  g_autoptr (GPtrArray) incidents = NULL;
  g_autoptr (GString) xml = g_string_new (NULL);
  g_autofree char *content = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *styles = NULL;
  const DaybookCatalog *catalog = daybook_i18n_get_thread_catalog ();
  const DaybookCatalog *previous;
  DaybookExhibitProvider *exhibits = NULL;
  DaybookNewFile out = { 0 };
  Doc doc = { xml };
  gboolean ok;
  int err;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (language != NULL && (catalog = daybook_catalog_get (language, error)) == NULL)
    return FALSE;
  if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
    return refuse_existing (path, error);
  incidents = select_entries (diary, query, people, cancellable, error);
  if (incidents == NULL)
    return FALSE;
  if (incidents->len == 0)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                           _ ("No entries match the selection, so there is nothing to draft."));
      return FALSE;
    }

  /* The draft in its own language (the report page's, or the command's
   * --language); what goes wrong is still said in the user's. */
  previous = daybook_i18n_push_language (catalog);
  if (kind == DAYBOOK_STATEMENT_NARRATIVE)
    {
      g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < incidents->len; i++)
        {
          gint64 number = daybook_incident_get_number (g_ptr_array_index (incidents, i));

          g_array_append_val (numbers, number);
        }
      exhibits = daybook_exhibit_provider_new_for_diary (diary);
      if (exhibits->select != NULL
          && !exhibits->select (exhibits, (const gint64 *)numbers->data, numbers->len, error))
        {
          daybook_exhibit_provider_free (exhibits);
          daybook_i18n_pop_language (previous);
          return FALSE;
        }
      build_narrative (&doc, diary, incidents, exhibits, query->include_private);
      daybook_exhibit_provider_free (exhibits);
      meta = meta_xml (_ ("Statement draft"));
    }
  else
    {
      build_impact (&doc, diary, incidents, query->include_private);
      meta = meta_xml (_ ("Personal statement draft"));
    }
  daybook_i18n_pop_language (previous);
  content = content_xml (&doc);
  styles = styles_xml (catalog != NULL ? daybook_catalog_get_language (catalog)
                                       : daybook_language_from_environment ());

  if (daybook_new_file_open (&out, path, O_RDWR) < 0)
    {
      g_autofree char *what = g_strdup_printf (_ ("Could not write %s"), path);

      daybook_set_io_error (error, errno, what);
      return FALSE;
    }
  ok = write_odt (out.fd, path, content, styles, meta, error);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && (err = daybook_new_file_install (&out, force)) != 0)
    {
      if (err == EEXIST)
        ok = refuse_existing (path, error);
      else
        {
          g_autofree char *what = g_strdup_printf (_ ("Could not write %s"), path);

          daybook_set_io_error (error, err, what);
          ok = FALSE;
        }
    }
  daybook_new_file_clear (&out);
  if (ok && n_entries != NULL)
    *n_entries = incidents->len;
  return ok;
}

typedef struct
{
  DaybookStatementKind kind;
  DaybookQuery *query;
  GStrv people;
  char *language;
  char *path;
  DaybookStatementFlags flags;
} StatementTask;

static void
statement_task_free (gpointer data)
{
  StatementTask *t = data;

  daybook_query_free (t->query);
  g_strfreev (t->people);
  g_free (t->language);
  g_free (t->path);
  g_free (t);
}

static void
statement_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StatementTask *t = task_data;
  GError *error = NULL;
  guint n = 0;

  if (daybook_diary_write_statement (source, t->kind, t->query, (const char *const *)t->people,
                                     t->language, t->path, t->flags, &n, cancellable, &error))
    g_task_return_int (task, n);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_diary_write_statement_async:
 *
 * daybook_diary_write_statement() in a worker thread, on copies of its
 * arguments.
 */
void
daybook_diary_write_statement_async (DaybookDiary *diary, DaybookStatementKind kind,
                                     const DaybookQuery *query, const char *const *people,
                                     const char *language, const char *path,
                                     DaybookStatementFlags flags, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  StatementTask *t = g_new0 (StatementTask, 1);

  g_return_if_fail (DAYBOOK_IS_DIARY (diary));

  t->kind = kind;
  t->query = daybook_query_copy (query);
  t->people = g_strdupv ((char **)people);
  t->language = g_strdup (language);
  t->path = g_strdup (path);
  t->flags = flags;
  g_task_set_source_tag (task, daybook_diary_write_statement_async);
  g_task_set_task_data (task, t, statement_task_free);
  g_task_run_in_thread (task, statement_thread);
}

/**
 * daybook_diary_write_statement_finish:
 * @n_entries: (out) (optional): how many entries it drew on
 */
gboolean
daybook_diary_write_statement_finish (DaybookDiary *diary, GAsyncResult *result, guint *n_entries,
                                      GError **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, diary), FALSE);
  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_entries != NULL)
    *n_entries = (guint)n;
  return TRUE;
}
