/* daybook-report-pdf.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include "daybook-i18n.h"
#include <glib/gstdio.h>

#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-report-private.h"
#include "daybook-signature.h"

/* Writing the PDF: page by page into a temporary file beside the target,
 * then moved into place, so a crash or a full disk never leaves half a
 * report under the name the user chose. */

typedef struct
{
  int fd;
  int error;
} Sink;

static cairo_status_t
sink_write_cb (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *sink = closure;

  while (length > 0 && sink->error == 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->error = n < 0 ? errno : EIO;
          break;
        }
      data += n;
      length -= (unsigned int)n;
    }
  return sink->error == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
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

static void
set_metadata (DaybookReport *self, cairo_surface_t *surface)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (self->generated_at);
  g_autofree char *date = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
  const char *owner = _daybook_report_get_setting (self, DAYBOOK_REPORT_OWNER);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  if (owner != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, owner);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, self->report_id);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Daybook " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static gboolean
render (DaybookReport *self, int fd, const char *path, GCancellable *cancellable, GError **error)
{
  Sink sink = { fd, 0 };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean ok = TRUE;

  surface = cairo_pdf_surface_create_for_stream (sink_write_cb, &sink, self->page_width,
                                                 self->page_height);
  set_metadata (self, surface);
  cr = cairo_create (surface);

  self->outline_surface = surface;
  self->outline_parent = CAIRO_PDF_OUTLINE_ROOT;
  /* Every page in order: the items ahead are laid out on other threads
   * while this one draws. */
  _daybook_report_start_measurers (self, TRUE);
  for (guint i = 0; i < self->pages->len && ok; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      else
        {
          self->current_page = i;
          daybook_report_draw_page (self, cr, i);
          cairo_show_page (cr);
          ok = sink.error == 0;
        }
    }
  _daybook_report_stop_measurers (self);
  self->outline_surface = NULL;

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!ok && sink.error == 0)
    return FALSE;
  if (sink.error != 0)
    return io_error (error, sink.error, path);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, _ ("Could not make the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (fsync (fd) != 0)
    return io_error (error, errno, path);
  return TRUE;
}

/**
 * daybook_report_write_pdf:
 * @path: where to write the PDF
 * @flags: %DAYBOOK_REPORT_FORCE to replace an existing file,
 *   %DAYBOOK_REPORT_SIGN to write `@path.minisig` as well
 *
 * Writes the prepared report. Blocking. A file already at @path (or at
 * the signature's path) is an error with %DAYBOOK_ERROR_EXISTS unless
 * forced; nothing is left behind on failure or cancellation.
 */
gboolean
daybook_report_write_pdf (DaybookReport *self, const char *path, DaybookReportFlags flags,
                          GCancellable *cancellable, GError **error)
{
  gboolean force = (flags & DAYBOOK_REPORT_FORCE) != 0;
  gboolean sign = (flags & DAYBOOK_REPORT_SIGN) != 0;
  DaybookNewFile out = { 0 };
  g_autofree char *sig_path = NULL;
  g_autofree char *signature = NULL;
  gboolean ok;
  int err;

  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), FALSE);
  g_return_val_if_fail (self->prepared, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (sign && self->key == NULL)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY,
                           _ ("This hand-over bundle has no report key of its own, so its reports "
                              "cannot be signed. Ask the diary keeper for a signed report."));
      return FALSE;
    }
  sig_path = g_strconcat (path, ".minisig", NULL);
  if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
    return refuse_existing (path, error);
  if (!force && sign && g_file_test (sig_path, G_FILE_TEST_EXISTS))
    return refuse_existing (sig_path, error);

  /* Owner-only: the report is as sensitive as the diary until handed
   * over. Written without a name, and named once complete (and signed):
   * a crash leaves nothing beside @path (daybook_new_file_open()). */
  if (daybook_new_file_open (&out, path, O_RDWR) < 0)
    return io_error (error, errno, path);

  {
    /* The pages, outline and metadata in the report's language. */
    const DaybookCatalog *previous = daybook_i18n_push_language (self->catalog);

    ok = render (self, out.fd, path, cancellable, error);
    daybook_i18n_pop_language (previous);
  }

  /* A lock while the pages were drawn stops here, before any signing. */
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && sign)
    {
      g_autofree char *comment = daybook_report_dup_trusted_comment (self);

      signature = daybook_signature_sign_file (
          self->diary, daybook_new_file_get_readable_path (&out), comment, error);
      ok = signature != NULL;
    }
  if (ok && (err = daybook_new_file_install (&out, force)) != 0)
    ok = err == EEXIST ? refuse_existing (path, error) : io_error (error, err, path);
  daybook_new_file_clear (&out);
  if (!ok)
    return FALSE;

  if (sign
      && !g_file_set_contents_full (sig_path, signature, -1,
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    0644, error))
    return FALSE;

  /* The register keeps no content: only what lets a later
   * "verify --since" find this report's fingerprint in the chain. */
  if (!_daybook_report_register (self, sign, error))
    {
      g_prefix_error (error, _ ("The report %s was written, but the diary could not record it: "),
                      path);
      return FALSE;
    }
  return TRUE;
}
