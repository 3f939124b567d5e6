/* daybook-application.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "daybook-application.h"
#include "daybook-accessible.h"
#include "daybook-clipboard.h"
#include "daybook-diary.h"
#include "daybook-renderer.h"
#include "daybook-window.h"

struct _DaybookApplication
{
  AdwApplication parent_instance;

  char *diary_dir;
  DaybookClipboard *clipboard;
};

G_DEFINE_FINAL_TYPE (DaybookApplication, daybook_application, ADW_TYPE_APPLICATION)

enum
{
  PROP_0,
  PROP_DIARY_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.quick-hide", { "<Control><Shift>h", NULL } },
  { "win.lock", { "<Control>l", NULL } },
  { "win.new-incident", { "<Control>n", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.preferences", { "<Control>comma", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
daybook_application_about (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Daybook authors", NULL };
  GtkWindow *about;

  about = g_object_new (
      ADW_TYPE_ABOUT_WINDOW, "transient-for", gtk_application_get_active_window (app), "modal",
      TRUE, "application-name", _ ("Daybook"), "application-icon", APP_ID, "version",
      PACKAGE_VERSION, "developer-name", _ ("The Daybook authors"), "developers", developers,
      "copyright", "© 2026 The Daybook authors", "license-type", GTK_LICENSE_GPL_3_0, "comments",
      _ ("An encrypted diary of incidents, for people who are being stalked or harassed. "
         "Everything stays on this computer."),
      /* TRANSLATORS: put your names here, one per line */
      "translator-credits", _ ("translator-credits"), NULL);
  gtk_window_present (about);
}

static void
daybook_application_quit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Locking saves what is being edited: quitting never loses a word. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (DAYBOOK_IS_WINDOW (l->data))
      daybook_window_lock (DAYBOOK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (app));
}

/* Someone has come into the room: lock and take everything of Daybook
 * off the screen at once, asking nothing. Launching Daybook again shows
 * the unlock page. */
static void
daybook_application_quick_hide (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autolist (GtkWindow) toplevels = NULL;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  for (GList *l = windows; l != NULL; l = l->next)
    if (DAYBOOK_IS_WINDOW (l->data))
      daybook_window_lock (DAYBOOK_WINDOW (l->data));

  /* Dialogs, the about and shortcuts windows, file choosers. */
  toplevels = g_list_copy_deep (gtk_window_list_toplevels (), (GCopyFunc)g_object_ref, NULL);
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      g_autoptr (GList) current = gtk_window_list_toplevels ();

      if (DAYBOOK_IS_WINDOW (l->data))
        gtk_widget_set_visible (l->data, FALSE);
      else if (g_list_find (current, l->data) != NULL)
        gtk_window_destroy (l->data);
    }
}

/* A logout, a shutdown or `kill` ends Daybook as the quit action does:
 * what is being edited is saved, the diary closed (its log checkpointed
 * into the database) and the keys wiped. Without this, SIGTERM ended the
 * process on the spot. */
static gboolean
terminate_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "about", daybook_application_about },
  { "quit", daybook_application_quit },
  { "quick-hide", daybook_application_quick_hide },
};

static int
daybook_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  DaybookApplication *self = DAYBOOK_APPLICATION (app);
  g_autofree char *dir = NULL;

  if (g_variant_dict_lookup (options, "diary", "^ay", &dir))
    {
      g_free (self->diary_dir);
      self->diary_dir = g_canonicalize_filename (dir, NULL);
    }

  return G_APPLICATION_CLASS (daybook_application_parent_class)
      ->handle_local_options (app, options);
}

static void
daybook_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (daybook_application_parent_class)->startup (app);

  /* Before the first window is drawn. */
  daybook_renderer_choose (gdk_display_get_default ());
  /* Names GTK 4.8 reads out wrongly ("_Unlock Unlock", "GtkImage"). */
  daybook_accessible_install ();

  /* The file chooser would otherwise remember evidence files and their
   * names in ~/.local/share/recently-used.xbel for anyone to read. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  DAYBOOK_APPLICATION (app)->clipboard = daybook_clipboard_new (gdk_display_get_default ());

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  g_unix_signal_add (SIGTERM, terminate_cb, app);
  g_unix_signal_add (SIGHUP, terminate_cb, app);
  g_unix_signal_add (SIGINT, terminate_cb, app);
}

static void
daybook_application_activate (GApplication *app)
{
  DaybookApplication *self = DAYBOOK_APPLICATION (app);
  GtkWindow *window = NULL;

  /* The diary's window, not a dialog that was active last. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (DAYBOOK_IS_WINDOW (l->data))
      {
        window = l->data;
        break;
      }
  if (window == NULL)
    window = GTK_WINDOW (daybook_window_new (self, self->diary_dir));
  gtk_window_present (window);
}

static void
daybook_application_finalize (GObject *object)
{
  DaybookApplication *self = DAYBOOK_APPLICATION (object);

  g_free (self->diary_dir);
  g_clear_object (&self->clipboard);

  G_OBJECT_CLASS (daybook_application_parent_class)->finalize (object);
}

static void
daybook_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaybookApplication *self = DAYBOOK_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DIARY_DIR:
      g_value_set_string (value, self->diary_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daybook_application_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  DaybookApplication *self = DAYBOOK_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DIARY_DIR:
      g_free (self->diary_dir);
      self->diary_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daybook_application_class_init (DaybookApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = daybook_application_finalize;
  object_class->get_property = daybook_application_get_property;
  object_class->set_property = daybook_application_set_property;

  app_class->handle_local_options = daybook_application_handle_local_options;
  app_class->startup = daybook_application_startup;
  app_class->activate = daybook_application_activate;

  properties[PROP_DIARY_DIR]
      = g_param_spec_string ("diary-dir", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
daybook_application_init (DaybookApplication *self)
{
  static const GOptionEntry options[] = { { "diary", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
                                            N_ ("Open the diary in DIR"), N_ ("DIR") },
                                          { NULL } };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

/**
 * daybook_application_new:
 * @diary_dir: (nullable): the diary to open, or %NULL for `DAYBOOK_DIARY`
 *   or else the default
 */
DaybookApplication *
daybook_application_new (const char *diary_dir, GApplicationFlags flags)
{
  g_autofree char *dir = NULL;
  const char *env = g_getenv ("DAYBOOK_DIARY");

  if (diary_dir != NULL)
    dir = g_strdup (diary_dir);
  else if (env != NULL && *env != '\0')
    dir = g_canonicalize_filename (env, NULL);
  else
    dir = daybook_diary_default_dir ();

  return g_object_new (DAYBOOK_TYPE_APPLICATION, "application-id", APP_ID, "flags", flags,
                       "resource-base-path", "/org/daybook/Daybook", "diary-dir", dir, NULL);
}

const char *
daybook_application_get_diary_dir (DaybookApplication *self)
{
  g_return_val_if_fail (DAYBOOK_IS_APPLICATION (self), NULL);

  return self->diary_dir;
}
