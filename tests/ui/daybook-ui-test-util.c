/* daybook-ui-test-util.c — finding, driving and waiting for the window in
 * widget tests
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "daybook-main-view.h"
#include "daybook-ui-test-util.h"

/**
 * daybook_test_wait_for:
 * @what: what is awaited, for the failure message
 *
 * Runs the main loop until @condition holds; a minute at most, then fails
 * the test rather than hanging it.
 */
void
daybook_test_wait_for (DaybookTestCondition condition, gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/**
 * daybook_test_spin:
 *
 * Runs the main loop for @ms milliseconds.
 */
void
daybook_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find (GtkWidget *root, Match match, gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_id (GtkWidget *widget, gconstpointer id)
{
  const char *this_id
      = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;

  return g_strcmp0 (this_id, id) == 0;
}

static gboolean
has_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
has_css_class (GtkWidget *widget, gconstpointer css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

static gboolean
has_action (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_ACTIONABLE (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
shows_text (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0
         && gtk_widget_is_visible (widget);
}

/* The widget whose template (buildable) id is @id, or NULL. */
GtkWidget *
daybook_test_find_id (GtkWidget *root, const char *id)
{
  return find (root, has_id, id);
}

/* Like daybook_test_find_id(), but fails the test when there is none. */
GtkWidget *
daybook_test_need (GtkWidget *root, const char *id)
{
  GtkWidget *w = daybook_test_find_id (root, id);

  if (w == NULL)
    g_error ("No widget with id %s", id);
  return w;
}

/* The first widget of @type, or NULL. */
GtkWidget *
daybook_test_find_type (GtkWidget *root, GType type)
{
  return find (root, has_type, GSIZE_TO_POINTER (type));
}

/* Appends every widget of @type to @out, in order. */
void
daybook_test_collect_type (GtkWidget *root, GType type, GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    daybook_test_collect_type (child, type, out);
}

/* The first widget with @css_class, or NULL. */
GtkWidget *
daybook_test_find_css (GtkWidget *root, const char *css_class)
{
  return find (root, has_css_class, css_class);
}

/* The first button (or item) that activates @action, or NULL. */
GtkWidget *
daybook_test_find_action (GtkWidget *root, const char *action)
{
  return find (root, has_action, action);
}

/* Whether a visible label below @root says exactly @text. */
gboolean
daybook_test_shows_label (GtkWidget *root, const char *text)
{
  return find (root, shows_text, text) != NULL;
}

/* The newest visible toplevel of @type, or NULL. */
GtkWindow *
daybook_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = w;
    }
  return found;
}

/* Sets the text of an editable or a text view. */
void
daybook_test_set_text (GtkWidget *root, const char *id, const char *text)
{
  GtkWidget *w = daybook_test_need (root, id);

  if (GTK_IS_TEXT_VIEW (w))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (w)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (w), text);
}

const char *
daybook_test_get_text (GtkWidget *root, const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (daybook_test_need (root, id)));
}

/**
 * daybook_test_application_new:
 *
 * Returns: (transfer full): a registered, non-unique application whose
 *   default diary does not exist
 */
DaybookApplication *
daybook_test_application_new (void)
{
  g_autoptr (GError) error = NULL;
  DaybookApplication *app = daybook_application_new ("/nonexistent", G_APPLICATION_NON_UNIQUE);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* A window on the diary in @dir, shown and drawn once. */
DaybookWindow *
daybook_test_window_new (DaybookApplication *app, const char *dir)
{
  DaybookWindow *window = daybook_window_new (app, dir);

  gtk_window_present (GTK_WINDOW (window));
  daybook_test_spin (100);
  return window;
}

/* Hands @diary to @window the way its unlock page does once the passphrase
 * was right. */
void
daybook_test_window_unlocked (DaybookWindow *window, DaybookDiary *diary)
{
  g_signal_emit_by_name (daybook_window_get_page (window, "unlock"), "unlocked", diary);
  g_assert_cmpstr (daybook_window_get_page_name (window), ==, "main");
}

/* Destroys *@window if there is one and lets the main loop settle. */
void
daybook_test_window_destroy (DaybookWindow **window)
{
  if (*window != NULL)
    gtk_window_destroy (GTK_WINDOW (*window));
  *window = NULL;
  daybook_test_spin (50);
}

/* The page @name of the unlocked window's main view. */
GtkWidget *
daybook_test_main_page (DaybookWindow *window, const char *name)
{
  DaybookMainView *view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (window, "main"));

  return daybook_main_view_get_page (view, name);
}

gboolean
daybook_test_window_is_unlocked (gpointer window)
{
  return g_strcmp0 (daybook_window_get_page_name (DAYBOOK_WINDOW (window)), "main") == 0;
}

gboolean
daybook_test_window_is_damaged (gpointer window)
{
  return g_strcmp0 (daybook_window_get_page_name (DAYBOOK_WINDOW (window)), "damaged") == 0;
}

/* Copies the template diary and opens it; the window is the test's. */
void
daybook_test_window_fixture_setup (DaybookTestWindowFixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->diary = daybook_test_open (f->dir);
  f->window = NULL;
}

void
daybook_test_window_fixture_teardown (DaybookTestWindowFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  daybook_test_window_destroy (&f->window);
  g_clear_object (&f->diary);
  daybook_test_rm_rf (parent);
  g_clear_pointer (&f->dir, g_free);
}

/* The pages of the main view, the entry editor last: once open, it stays in
 * front of the others when the view is folded (as it is at 200 % text). */
static const char *const main_pages[] = {
  "timeline", "overview", "people",   "orders", "contacts",
  "case",     "evidence", "messages", "report", "editor",
};

/* Whether @page (a widget) is on screen: mapped, and not hidden by its
 * stack or leaflet. */
gboolean
daybook_test_page_shown (gpointer page)
{
  return gtk_widget_get_mapped (page) && gtk_widget_get_child_visible (page);
}

/**
 * daybook_test_walk_main_pages:
 *
 * Shows each page of the unlocked @window's main view in turn (the editor
 * on entry 1, which must exist), waits until it is on screen and calls
 * @func with it; fails if a page never shows.
 */
void
daybook_test_walk_main_pages (DaybookWindow *window, DaybookTestPageFunc func, gpointer data)
{
  DaybookMainView *view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (window, "main"));

  for (guint i = 0; i < G_N_ELEMENTS (main_pages); i++)
    {
      GtkWidget *page = daybook_main_view_get_page (view, main_pages[i]);

      g_assert_nonnull (page);
      if (g_str_equal (main_pages[i], "editor"))
        daybook_main_view_open_incident (view, 1);
      else
        daybook_main_view_show_page (view, main_pages[i]);
      daybook_test_wait_for (daybook_test_page_shown, page, main_pages[i]);
      func (page, main_pages[i], data);
    }
}

/**
 * daybook_test_screenshot:
 *
 * With DAYBOOK_SCREENSHOTS=DIR in the environment, saves what @window
 * shows as the PNG DIR/@name, after half a second for it to settle;
 * without it, does nothing (the README's pictures are made this way).
 */
void
daybook_test_screenshot (GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("DAYBOOK_SCREENSHOTS");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w, h;

  if (dir == NULL)
    return;
  daybook_test_spin (500);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
