/* daybook-key-sheet.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-signature"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include "daybook-i18n.h"
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "daybook-diary.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-signature.h"

/* The hand-over sheet: one page that gives the police the diary's report
 * key, apart from any report, with a place for the officer to sign for
 * it, and the same key as a minisign `.pub` file beside it. Reports then
 * name only the key id; the key to check them with comes from here. */

#define FAMILY "Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, DejaVu Sans, Symbola"
#define MONO "DejaVu Sans Mono, Noto Sans Mono"
/* An Arabic sheet's face first, as the report's (daybook-report-page.c). */
#define FAMILY_RTL "Noto Naskh Arabic, Noto Sans, Noto Sans Arabic, DejaVu Sans, Symbola"
#define MM(mm) ((mm)*72.0 / 25.4)
#define PAGE_WIDTH 595.2756
#define PAGE_HEIGHT 841.8898
#define MARGIN MM (20)

typedef struct
{
  cairo_t *cr;
  PangoContext *context; /* of a font map of the sheet's own, as the report's */
  double y;
  double width;
  gboolean rtl; /* an Arabic sheet: mirrored, labels at the right */
} Sheet;

/* Returns: the width of the text drawn, in points */
static double
sheet_add (Sheet *sheet, const char *family, double size, gboolean bold, double space_before,
           double indent, const char *markup)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (sheet->context);
  PangoFontDescription *desc = pango_font_description_new ();
  int width, height;

  pango_font_description_set_family (desc, sheet->rtl && strcmp (family, FAMILY) == 0 ? FAMILY_RTL
                                                                                      : family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int)((sheet->width - indent) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* Right to left, @indent is from the right margin and every paragraph
   * starts there (Latin values and commands are isolated in it). */
  if (sheet->rtl)
    {
      pango_layout_set_auto_dir (layout, FALSE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
    }
  pango_layout_set_markup (layout, markup, -1);

  sheet->y += space_before;
  cairo_move_to (sheet->cr, sheet->rtl ? MARGIN : MARGIN + indent, sheet->y);
  pango_cairo_show_layout (sheet->cr, layout);
  pango_layout_get_size (layout, &width, &height);
  sheet->y += (double)height / PANGO_SCALE;
  return (double)width / PANGO_SCALE;
}

static void
sheet_text (Sheet *sheet, double space_before, const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  sheet_add (sheet, FAMILY, 10, FALSE, space_before, 0, markup);
}

static void
sheet_heading (Sheet *sheet, const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  sheet_add (sheet, FAMILY, 11.5, TRUE, 14, 0, markup);
}

/* How a value is isolated in a right-to-left sheet: right to left if it
 * holds an Arabic or Hebrew letter, else left to right (a name, a key, a
 * reference). */
static const char *
isolate (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_ARABIC:
      case G_UNICODE_SCRIPT_HEBREW:
      case G_UNICODE_SCRIPT_SYRIAC:
      case G_UNICODE_SCRIPT_THAANA:
        return "\u2067";
      default:
        break;
      }
  return "\u2066";
}

/* A label, and its value beside it. */
static void
sheet_row (Sheet *sheet, const char *label, const char *value, gboolean mono)
{
  g_autofree char *escaped_label = g_markup_escape_text (label, -1);
  g_autofree char *escaped_value = g_markup_escape_text (value, -1);
  double top = sheet->y + 5;
  double after_label, after_value;

  sheet->y = top;
  sheet_add (sheet, FAMILY, 10, TRUE, 0, 0, escaped_label);
  after_label = sheet->y;
  sheet->y = top;
  if (sheet->rtl)
    {
      /* The value isolated and set against the labels, whatever its own
       * direction: a Latin name or key beside an Arabic label. */
      g_autofree char *isolated = g_strdup_printf ("%s%s\u2069", isolate (value), escaped_value);

      sheet_add (sheet, mono ? MONO : FAMILY, mono ? 9.5 : 10, FALSE, mono ? 0.5 : 0, MM (38),
                 isolated);
    }
  else
    sheet_add (sheet, mono ? MONO : FAMILY, mono ? 9.5 : 10, FALSE, mono ? 0.5 : 0, MM (38),
               escaped_value);
  after_value = sheet->y;
  sheet->y = MAX (after_label, after_value);
}

/* A label and a line to write on. */
static void
sheet_blank (Sheet *sheet, const char *label)
{
  g_autofree char *escaped = g_markup_escape_text (label, -1);
  double width;

  sheet->y += 16;
  width = sheet_add (sheet, FAMILY, 10, FALSE, 0, 0, escaped);
  cairo_set_line_width (sheet->cr, 0.6);
  if (sheet->rtl)
    {
      cairo_move_to (sheet->cr, MARGIN, sheet->y);
      cairo_line_to (sheet->cr, MARGIN + sheet->width - MAX (MM (38), width + MM (4)), sheet->y);
    }
  else
    {
      cairo_move_to (sheet->cr, MARGIN + MAX (MM (38), width + MM (4)), sheet->y);
      cairo_line_to (sheet->cr, MARGIN + sheet->width, sheet->y);
    }
  cairo_stroke (sheet->cr);
}

static char *
format_date (gint64 utc)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (utc);

  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  return daybook_date_time_format (when, _ ("%-d %B %Y, %H:%M"));
}

static void
draw_sheet (DaybookDiary *diary, const DaybookReportKey *key, const char *given_to, gint64 given_at,
            cairo_t *cr)
{
  /* Not Pango's default font map, which lives as long as the thread: this
   * one goes with the sheet (as daybook-report-page.c does). */
  g_autoptr (PangoFontMap) font_map = pango_cairo_font_map_new ();
  g_autoptr (GObject) context_object = G_OBJECT (pango_font_map_create_context (font_map));
  PangoContext *context = PANGO_CONTEXT (context_object);
  const DaybookCatalog *catalog = daybook_i18n_get_thread_catalog ();
  Sheet sheet = { cr, context, MARGIN, PAGE_WIDTH - 2 * MARGIN,
                  catalog != NULL && daybook_catalog_is_rtl (catalog) };
  g_autofree char *owner = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_OWNER_NAME);
  g_autofree char *case_ref = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_CASE_REF);
  g_autofree char *crime_ref = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_CRIME_REF);
  g_autofree char *made = format_date (key->created_at);
  g_autofree char *given = format_date (given_at);
  g_autofree char *command = NULL;
  g_autofree char *markup = NULL;

  pango_cairo_context_set_resolution (context, 72);
  pango_cairo_update_context (cr, context);
  pango_context_set_base_dir (context, sheet.rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  if (sheet.rtl)
    {
      /* Unhinted, as the report's: hinted advances split Arabic words into
       * letters for anyone who copies the text out of the PDF. */
      cairo_font_options_t *options = cairo_font_options_create ();

      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      pango_cairo_context_set_font_options (context, options);
      cairo_font_options_destroy (options);
      pango_context_set_round_glyph_positions (context, FALSE);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  markup = g_markup_escape_text (_ ("Daybook report key: hand-over sheet"), -1);
  sheet_add (&sheet, FAMILY, 20, TRUE, 0, 0, markup);

  sheet_text (&sheet, 10,
              _ ("The diary keeper gives this sheet, and the public key file (.pub) made with it, "
                 "to the police, apart from any report. Daybook signs reports with this key; a "
                 "report names only the key id. To check a report, use the key on this sheet or "
                 "in that file, never a key printed in the report itself: whoever edits a report "
                 "can print a key of their own in it."));

  sheet_heading (&sheet, _ ("The key"));
  if (owner != NULL && owner[0] != '\0')
    sheet_row (&sheet, _ ("Diary keeper"), owner, FALSE);
  if (case_ref != NULL && case_ref[0] != '\0')
    sheet_row (&sheet, _ ("Case ref."), case_ref, FALSE);
  if (crime_ref != NULL && crime_ref[0] != '\0')
    sheet_row (&sheet, _ ("Crime ref."), crime_ref, FALSE);
  sheet_row (&sheet, _ ("Key id"), key->key_id, TRUE);
  sheet_row (&sheet, _ ("Public key"), key->public_key, TRUE);
  sheet_row (&sheet, _ ("Key made"), made, FALSE);
  sheet_row (&sheet, _ ("Sheet made"), given, FALSE);
  if (given_to != NULL && given_to[0] != '\0')
    sheet_row (&sheet, _ ("Given to"), given_to, FALSE);
  sheet_text (&sheet, 6,
              _ ("Both dates come from the diary keeper’s computer clock, which may be wrong."));

  sheet_heading (&sheet, _ ("Checking a report"));
  sheet_text (&sheet, 4,
              _ ("A signed report comes with a file of the same name ending in “.minisig”. "
                 "The free tool minisign checks it against this key, typed in or from the .pub "
                 "file:"));
  /* Commands read left to right in any sheet. */
  command = g_markup_printf_escaped ("\u2066minisign -Vm report.pdf -P %s\u2069", key->public_key);
  sheet_add (&sheet, MONO, 8.5, FALSE, 5, MM (6), command);
  sheet_add (&sheet, MONO, 8.5, FALSE, 3, MM (6), "\u2066minisign -Vm report.pdf -p KEY.pub\u2069");
  sheet_text (&sheet, 5,
              _ ("The key id the report names must be the key id above. A good signature "
                 "shows that the PDF is unchanged, byte for byte, since this diary’s key signed "
                 "it. It does not show that what the report says is true, nor when the report "
                 "was made. Anyone who can open the diary can sign with its key."));

  sheet_heading (&sheet, _ ("Received by"));
  sheet_blank (&sheet, _ ("Name and number"));
  sheet_blank (&sheet, _ ("Police force"));
  sheet_blank (&sheet, _ ("Signature"));
  sheet_blank (&sheet, _ ("Date"));
  sheet_heading (&sheet, _ ("Given by"));
  sheet_blank (&sheet, _ ("Diary keeper’s signature"));
}

static cairo_status_t
append_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_sheet (DaybookDiary *diary, const DaybookReportKey *key, const char *given_to,
              gint64 given_at, GError **error)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface
      = cairo_pdf_surface_create_for_stream (append_cb, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (given_at);
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  cairo_status_t status;
  cairo_t *cr;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _ ("Daybook report key: hand-over sheet"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, key->key_id);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Daybook " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cr = cairo_create (surface);
  draw_sheet (diary, key, given_to, given_at, cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (bytes);
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, _ ("Could not make the PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}

static gboolean
io_error (GError **error, int saved_errno, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), _ ("Could not write %s: %s"),
               display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
refuse_existing (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
               _ ("%s already exists. Choose another name, or allow replacing it."), display);
  return FALSE;
}

/* Writes @data to @path as a file without a name until it is complete
 * (daybook_new_file_open(), as reports are written), so a crash leaves
 * nothing beside @path; never replaces a file unless @force, not even one
 * that appeared meanwhile. */
static gboolean
write_file (const char *path, const void *data, gsize size, int mode, gboolean force,
            GError **error)
{
  DaybookNewFile out = { 0 };
  int saved = 0;

  if (daybook_new_file_open (&out, path, O_RDWR) < 0)
    return io_error (error, errno, path);
  if (!daybook_write_full (out.fd, data, size) || fchmod (out.fd, mode) != 0 || fsync (out.fd) != 0)
    saved = errno != 0 ? errno : EIO;
  else
    saved = daybook_new_file_install (&out, force);
  daybook_new_file_clear (&out);
  if (saved == EEXIST)
    return refuse_existing (path, error);
  if (saved != 0)
    return io_error (error, saved, path);
  return TRUE;
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

static void
sync_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * daybook_report_key_write_handover:
 * @path: the PDF to write; the `.pub` file goes beside it, its name
 *   ending in `.pub` instead of `.pdf`
 * @given_to: (nullable): the officer's name or number, printed and
 *   remembered
 * @language: (nullable): the sheet's language, one of the report's (its
 *   words, dates and direction), or %NULL for this thread's language
 * @force: replace existing files
 *
 * Writes the report key's hand-over sheet and its minisign `.pub` file,
 * making the key first if the diary has none, and remembers the hand-over
 * (`key_handovers`). Blocking. Without @force an existing file at either
 * path is an error with %DAYBOOK_ERROR_EXISTS; nothing is left behind on
 * failure.
 */
gboolean
daybook_report_key_write_handover (DaybookDiary *diary, const char *path, const char *given_to,
                                   const char *language, gboolean force, GCancellable *cancellable,
                                   GError **error)
{
  const DaybookCatalog *catalog = daybook_i18n_get_thread_catalog ();
  const DaybookCatalog *previous;
  g_autoptr (DaybookReportKey) key = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *name = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (language != NULL && (catalog = daybook_catalog_get (language, error)) == NULL)
    return FALSE;
  if (given_to != NULL && !g_utf8_validate (given_to, -1, NULL))
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("The officer’s name must be UTF-8 text."));
      return FALSE;
    }
  name = g_strstrip (g_strdup (given_to != NULL ? given_to : ""));
  pub_path = pub_path_for (path);
  if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
    return refuse_existing (path, error);
  if (!force && g_file_test (pub_path, G_FILE_TEST_EXISTS))
    return refuse_existing (pub_path, error);

  key = daybook_report_key_load (diary, error);
  if (key == NULL)
    return FALSE;
  /* The sheet in its own language; what goes wrong in the user's. */
  previous = daybook_i18n_push_language (catalog);
  pdf = render_sheet (diary, key, name, now, error);
  daybook_i18n_pop_language (previous);
  if (pdf == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  pub = daybook_report_key_format_pub (key);
  if (!write_file (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), 0644, force, error))
    return FALSE;
  if (!write_file (pub_path, pub, strlen (pub), 0644, force, error)
      || !daybook_report_key_record_handover (diary, key, name, now, error))
    {
      g_unlink (path);
      if (g_file_test (pub_path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *written = NULL;

          /* Only the file this call wrote. */
          if (g_file_get_contents (pub_path, &written, NULL, NULL) && g_str_equal (written, pub))
            g_unlink (pub_path);
        }
      return FALSE;
    }
  sync_dir (path);
  return TRUE;
}

typedef struct
{
  char *path;
  char *given_to;
  char *language;
  gboolean force;
} HandoverData;

static void
handover_data_free (HandoverData *data)
{
  g_free (data->path);
  g_free (data->given_to);
  g_free (data->language);
  g_free (data);
}

static void
handover_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  HandoverData *data = task_data;
  GError *error = NULL;

  if (daybook_report_key_write_handover (source, data->path, data->given_to, data->language,
                                         data->force, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
daybook_report_key_write_handover_async (DaybookDiary *diary, const char *path,
                                         const char *given_to, const char *language, gboolean force,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  HandoverData *data = g_new0 (HandoverData, 1);

  g_return_if_fail (DAYBOOK_IS_DIARY (diary));
  g_return_if_fail (path != NULL);

  data->path = g_strdup (path);
  data->given_to = g_strdup (given_to);
  data->language = g_strdup (language);
  data->force = force;
  g_task_set_source_tag (task, daybook_report_key_write_handover_async);
  g_task_set_task_data (task, data, (GDestroyNotify)handover_data_free);
  g_task_run_in_thread (task, handover_thread);
}

gboolean
daybook_report_key_write_handover_finish (DaybookDiary *diary, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, diary), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
