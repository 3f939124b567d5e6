/* test-scaling.c — the window with text at 200 %: nothing clipped
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (a 1280×800 screen). GNOME's "Large Text" and its text
 * scaling factor reach a GTK 4 program on X11 as the XSettings value
 * Xft/DPI, which GTK reads into GtkSettings:gtk-xft-dpi; Xvfb has no
 * settings daemon, so the test sets gtk-xft-dpi itself to 2 × 96 dpi (in
 * 1024ths), as a desktop at 200 % text would, and checks that each label's
 * Pango context really is at 192 dpi.
 *
 * Then it walks every page (first run, unlock, each page of the main view,
 * the preferences with the backup page, the passphrase, restore and
 * history dialogs, the shortcuts window) in a 1280×800 window and fails on:
 *   - a window whose minimum size is larger than the screen (content falls
 *     off the screen);
 *   - a shown label that neither wraps nor ellipsizes and is allocated less
 *     than its natural width, or any label given less height than it needs
 *     for the width it has (its text is cut);
 *   - a shown label that reaches outside an ancestor that clips (overflow
 *     hidden, or the window itself) without a scrolled window in between to
 *     bring it into view.
 *
 * With DAYBOOK_SCALING_SHOTS=DIR it also saves each page as DIR/NAME.png,
 * drawn by the window's own renderer, to look at.
 */

#include "config.h"

#include <pango/pangocairo.h>

#include "daybook-bundle-dialog.h"
#include "daybook-attachment-viewer.h"
#include "daybook-attachment.h"
#include "daybook-history-window.h"
#include "daybook-import-dialog.h"
#include "daybook-main-view.h"
#include "daybook-passphrase-dialog.h"
#include "daybook-restore-dialog.h"
#include "daybook-security-group.h"
#include "daybook-ui-test-util.h"
#include "daybook-window.h"

#define SCREEN_WIDTH 1280
#define SCREEN_HEIGHT 800
#define DPI_200 (2 * 96 * 1024)

static DaybookApplication *app;
static const char *import_data; /* tests/data/import, the first argument */

typedef struct
{
  DaybookTestWindowFixture w; /* first: the shared set-up and teardown */
  GString *problems;
  guint labels;
  guint truncated; /* ellipsized labels that do show "…" */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  daybook_test_window_fixture_setup (&f->w, data);
  f->problems = g_string_new (NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_window_fixture_teardown (&f->w, data);
  g_string_free (f->problems, TRUE);
}

static DaybookWindow *
window_new (const char *dir)
{
  DaybookWindow *window = daybook_window_new (app, dir);

  gtk_window_set_default_size (GTK_WINDOW (window), SCREEN_WIDTH, SCREEN_HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  daybook_test_spin (300);
  return window;
}

/* Where the label sits, for a message: its text and its ancestors' types. */
static char *
describe (GtkWidget *label)
{
  GString *s = g_string_new (NULL);
  g_autofree char *text = g_strdup (gtk_label_get_text (GTK_LABEL (label)));

  if (g_utf8_strlen (text, -1) > 50)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, 50);

      g_free (text);
      text = g_strconcat (cut, "…", NULL);
    }
  g_string_append_printf (s, "“%s” in ", text);
  for (GtkWidget *w = gtk_widget_get_parent (label), *n = 0; w != NULL && n < (GtkWidget *)4;
       w = gtk_widget_get_parent (w), n++)
    g_string_append_printf (s, "%s%s", n ? " < " : "", G_OBJECT_TYPE_NAME (w));
  return g_string_free (s, FALSE);
}

static gboolean
scrolls (GtkWidget *w)
{
  return GTK_IS_SCROLLED_WINDOW (w) || GTK_IS_SCROLLABLE (w);
}

/* Where @label draws its text, in @to's coordinates. */
static gboolean
text_bounds (GtkWidget *label, GtkWidget *to, graphene_rect_t *out)
{
  PangoRectangle logical;
  int x, y;
  graphene_point_t a, b;

  pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (label)), NULL, &logical);
  gtk_label_get_layout_offsets (GTK_LABEL (label), &x, &y);
  if (!gtk_widget_compute_point (label, to, &GRAPHENE_POINT_INIT (x + logical.x, y + logical.y), &a)
      || !gtk_widget_compute_point (
          label, to,
          &GRAPHENE_POINT_INIT (x + logical.x + logical.width, y + logical.y + logical.height), &b))
    return FALSE;
  graphene_rect_init (out, MIN (a.x, b.x), MIN (a.y, b.y), ABS (b.x - a.x), ABS (b.y - a.y));
  return TRUE;
}

static gboolean
outside (const graphene_rect_t *r, int width, int height)
{
  return r->origin.x < -1 || r->origin.y < -1 || r->origin.x + r->size.width > width + 1
         || r->origin.y + r->size.height > height + 1;
}

/* The label's text must fit its own box (or it spills over its
 * neighbours) and every ancestor that clips, up to the first that scrolls
 * (which can bring it into view), the window included. */
static void
check_label (Fixture *f, GtkWidget *label, GtkWidget *root, const char *page)
{
  GtkLabel *l = GTK_LABEL (label);
  const char *text = gtk_label_get_text (l);
  PangoContext *context = gtk_widget_get_pango_context (label);
  graphene_rect_t r;

  if (text == NULL || text[0] == '\0')
    return;
  f->labels++;
  if (pango_cairo_context_get_resolution (context) < 191.5)
    g_error ("%s: a label's text is at %.0f dpi, not 192: the 200 %% setting did not reach it",
             page, pango_cairo_context_get_resolution (context));
  if (pango_layout_is_ellipsized (gtk_label_get_layout (l)))
    {
      g_autofree char *where = describe (label);

      f->truncated++;
      g_test_message ("%s: shortened with “…”: %s", page, where);
    }

  g_assert_true (text_bounds (label, label, &r));
  if (outside (&r, gtk_widget_get_width (label), gtk_widget_get_height (label)))
    {
      g_autofree char *where = describe (label);

      g_string_append_printf (
          f->problems, "\n  %s: %s does not fit its box: text %.0f×%.0f at %.0f,%.0f in %d×%d",
          page, where, r.size.width, r.size.height, r.origin.x, r.origin.y,
          gtk_widget_get_width (label), gtk_widget_get_height (label));
      return;
    }
  for (GtkWidget *a = gtk_widget_get_parent (label); a != NULL; a = gtk_widget_get_parent (a))
    {
      if (scrolls (a))
        break;
      if (a != root && gtk_widget_get_overflow (a) != GTK_OVERFLOW_HIDDEN)
        continue;
      if (text_bounds (label, a, &r)
          && outside (&r, gtk_widget_get_width (a), gtk_widget_get_height (a)))
        {
          g_autofree char *where = describe (label);

          g_string_append_printf (
              f->problems, "\n  %s: %s is cut by its %s: text %.0f×%.0f at %.0f,%.0f in %d×%d",
              page, where, a == root ? "window" : G_OBJECT_TYPE_NAME (a), r.size.width,
              r.size.height, r.origin.x, r.origin.y, gtk_widget_get_width (a),
              gtk_widget_get_height (a));
          break;
        }
      if (a == root)
        break;
    }
}

static void
walk (Fixture *f, GtkWidget *w, GtkWidget *root, const char *page)
{
  if (!gtk_widget_get_mapped (w))
    return;
  if (GTK_IS_LABEL (w))
    check_label (f, w, root, page);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    walk (f, c, root, page);
}

static void
save_shot (GtkWidget *toplevel, const char *name)
{
  const char *dir = g_getenv ("DAYBOOK_SCALING_SHOTS");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w = gtk_widget_get_width (toplevel), h = gtk_widget_get_height (toplevel);

  if (dir == NULL || dir[0] == '\0')
    return;
  paintable = gtk_widget_paintable_new (toplevel);
  /* Nothing to draw while a frame is being laid out: try again. */
  for (guint i = 0; i < 20 && node == NULL; i++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        daybook_test_spin (100);
    }
  if (node == NULL)
    g_error ("%s: the window drew nothing to save", name);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (toplevel)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Checks @toplevel as it is shown now, as page @page. */
static void
check_toplevel (Fixture *f, GtkWidget *toplevel, const char *page)
{
  int min_w, min_h;

  daybook_test_spin (400); /* listed, counted or drawn in workers */
  gtk_widget_measure (toplevel, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (toplevel, GTK_ORIENTATION_VERTICAL, MAX (min_w, SCREEN_WIDTH), &min_h, NULL,
                      NULL, NULL);
  g_test_message ("%s: minimum %d×%d, shown %d×%d", page, min_w, min_h,
                  gtk_widget_get_width (toplevel), gtk_widget_get_height (toplevel));
  if (min_w > SCREEN_WIDTH || min_h > SCREEN_HEIGHT)
    g_string_append_printf (f->problems, "\n  %s: needs at least %d×%d, the screen is %d×%d", page,
                            min_w, min_h, SCREEN_WIDTH, SCREEN_HEIGHT);
  walk (f, toplevel, toplevel, page);
  save_shot (toplevel, page);
}

static void
check_done (Fixture *f, guint min_labels)
{
  g_test_message ("%u labels checked, %u ellipsized ones shortened", f->labels, f->truncated);
  g_assert_cmpuint (f->labels, >=, min_labels);
  if (f->problems->len > 0)
    g_error ("Clipped at 200 %% text:%s", f->problems->str);
}

static void
add_data (Fixture *f)
{
  static const DaybookTestEntries entries = {
    .person = "Alexandra Montgomery-Fitzwilliam",
    .title = "Waiting outside the flat again when I came home from work, and followed me to "
             "the door",
    .narrative = "He stood by the bus shelter opposite for an hour, then walked behind me to "
                 "the door of the building.",
    .location = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch railway station "
                "car park",
    .types = DAYBOOK_BEHAVIOUR_LOITERING | DAYBOOK_BEHAVIOUR_WATCHING | DAYBOOK_BEHAVIOUR_FOLLOWING,
    .second_private = TRUE,
  };

  daybook_test_add_entries (f->w.diary, &entries);
}

static void
test_first_run (Fixture *f, gconstpointer data)
{
  g_autofree char *fresh = g_build_filename (f->w.dir, "..", "fresh", NULL);

  f->w.window = window_new (fresh);
  g_assert_cmpstr (daybook_window_get_page_name (f->w.window), ==, "create");
  check_toplevel (f, GTK_WIDGET (f->w.window), "create");
  check_done (f, 5);
}

static void
test_unlock (Fixture *f, gconstpointer data)
{
  f->w.window = window_new (f->w.dir);
  g_assert_cmpstr (daybook_window_get_page_name (f->w.window), ==, "unlock");
  check_toplevel (f, GTK_WIDGET (f->w.window), "unlock");
  check_done (f, 3);
}

static void
check_page (GtkWidget *page, const char *name, gpointer data)
{
  Fixture *f = data;

  check_toplevel (f, GTK_WIDGET (f->w.window), name);
}

static void
test_main_pages (Fixture *f, gconstpointer data)
{
  add_data (f);
  f->w.window = window_new (f->w.dir);
  daybook_test_window_unlocked (f->w.window, f->w.diary);
  daybook_test_walk_main_pages (f->w.window, check_page, f);
  check_done (f, 100);
}

static void
close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  daybook_test_spin (50);
}

static void
test_dialogs (Fixture *f, gconstpointer data)
{
  GtkWindow *w;

  add_data (f);
  f->w.window = window_new (f->w.dir);
  daybook_test_window_unlocked (f->w.window, f->w.diary);

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.preferences", NULL);
  daybook_test_spin (100);
  w = daybook_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (w);
  check_toplevel (f, GTK_WIDGET (w), "preferences");
  for (GtkWidget *page = daybook_test_find_type (GTK_WIDGET (w), ADW_TYPE_PREFERENCES_PAGE);
       page != NULL; page = gtk_widget_get_next_sibling (page))
    if (ADW_IS_PREFERENCES_PAGE (page))
      {
        g_autofree char *name = g_strdup_printf (
            "preferences-%s", adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page)));

        adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (w),
                                                 ADW_PREFERENCES_PAGE (page));
        check_toplevel (f, GTK_WIDGET (w), name);
      }

  {
    GtkWidget *group = daybook_test_find_type (GTK_WIDGET (w), DAYBOOK_TYPE_SECURITY_GROUP);
    GtkWindow *dialog;

    g_assert_nonnull (group);
    gtk_widget_activate_action (group, "security.change-passphrase", NULL);
    daybook_test_spin (100);
    dialog = daybook_test_find_toplevel (DAYBOOK_TYPE_PASSPHRASE_DIALOG);
    g_assert_nonnull (dialog);
    daybook_test_set_text (GTK_WIDGET (dialog), "new_row", "aaaaaaaa");
    daybook_test_set_text (GTK_WIDGET (dialog), "repeat_row", "aaaaaaaa");
    check_toplevel (f, GTK_WIDGET (dialog), "passphrase-dialog");
    close_window (dialog);
  }
  close_window (w);

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.show-help-overlay", NULL);
  daybook_test_spin (200);
  w = daybook_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (w);
  check_toplevel (f, GTK_WIDGET (w), "shortcuts");
  close_window (w);

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.hand-over", NULL);
  daybook_test_spin (200);
  w = daybook_test_find_toplevel (DAYBOOK_TYPE_BUNDLE_DIALOG);
  g_assert_nonnull (w);
  check_toplevel (f, GTK_WIDGET (w), "bundle-dialog");
  close_window (w);

  /* An entry's earlier versions. */
  {
    DaybookMainView *view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->w.window, "main"));
    GtkWidget *editor = daybook_main_view_get_page (view, "editor");

    daybook_main_view_open_incident (view, 1);
    daybook_test_wait_for (daybook_test_page_shown, editor, "the editor");
    gtk_widget_activate_action (editor, "editor.history", NULL);
    daybook_test_spin (200);
    w = daybook_test_find_toplevel (DAYBOOK_TYPE_HISTORY_WINDOW);
    g_assert_nonnull (w);
    check_toplevel (f, GTK_WIDGET (w), "history");
    close_window (w);
  }

  check_done (f, 60);
}

static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autofree char *fresh = g_build_filename (f->w.dir, "..", "fresh", NULL);
  GtkWindow *dialog;

  f->w.window = window_new (fresh);
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.restore-backup", NULL);
  daybook_test_spin (100);
  dialog = daybook_test_find_toplevel (DAYBOOK_TYPE_RESTORE_DIALOG);
  g_assert_nonnull (dialog);
  check_toplevel (f, GTK_WIDGET (dialog), "restore-dialog");
  close_window (dialog);
  check_done (f, 5);
}

static gboolean
viewer_idle (gpointer data)
{
  return !_daybook_attachment_viewer_is_busy (data);
}

static gboolean
import_idle (gpointer data)
{
  return !daybook_import_dialog_is_busy (data);
}

/* The evidence windows: an exhibit opened in the viewer, and the import
 * assistant's preview of a WhatsApp chat (its parse in the real helper). */
static void
test_evidence (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes
      = g_bytes_new_static ("He sent this at 21:40: I know where you are tonight.\n", 53);
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (GFile) chat = NULL;
  GtkWidget *viewer;
  DaybookImportDialog *dialog;

  add_data (f);
  f->w.window = window_new (f->w.dir);
  daybook_test_window_unlocked (f->w.window, f->w.diary);
  attachment = daybook_diary_import_attachment_bytes (
      f->w.diary, bytes, "Message from the withheld number, Tuesday night.txt", 1, NULL, NULL,
      &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);

  viewer = daybook_attachment_viewer_show (GTK_WIDGET (f->w.window), f->w.diary, attachment);
  daybook_test_wait_for (viewer_idle, viewer, "the exhibit's text");
  g_assert_cmpstr (_daybook_attachment_viewer_get_kind (DAYBOOK_ATTACHMENT_VIEWER (viewer)), ==,
                   "text");
  check_toplevel (f, viewer, "attachment-viewer");
  close_window (GTK_WINDOW (viewer));

  chat = g_file_new_build_filename (import_data, "whatsapp-android-dmy-24h.txt", NULL);
  dialog = daybook_import_dialog_new (GTK_WINDOW (f->w.window), f->w.diary, chat);
  gtk_window_present (GTK_WINDOW (dialog));
  daybook_test_wait_for (import_idle, dialog, "the WhatsApp preview");
  g_assert_cmpstr (daybook_import_dialog_get_format (dialog), ==, "whatsapp");
  check_toplevel (f, GTK_WIDGET (dialog), "import-dialog");
  close_window (GTK_WINDOW (dialog));

  check_done (f, 10);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  import_data = argv[1];
  app = daybook_test_application_new (); /* and GTK with it */
  /* 200 % text, as GNOME's text scaling factor 2.0 sets it over XSettings;
     no animations, so a page is checked once a stack has stopped fading. */
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", DPI_200, "gtk-enable-animations", FALSE,
                NULL);

  g_test_add ("/ui/scaling/first-run", Fixture, NULL, fixture_setup, test_first_run,
              fixture_teardown);
  g_test_add ("/ui/scaling/unlock", Fixture, NULL, fixture_setup, test_unlock, fixture_teardown);
  g_test_add ("/ui/scaling/main-pages", Fixture, NULL, fixture_setup, test_main_pages,
              fixture_teardown);
  g_test_add ("/ui/scaling/dialogs", Fixture, NULL, fixture_setup, test_dialogs, fixture_teardown);
  g_test_add ("/ui/scaling/restore", Fixture, NULL, fixture_setup, test_restore, fixture_teardown);
  g_test_add ("/ui/scaling/evidence", Fixture, NULL, fixture_setup, test_evidence,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
