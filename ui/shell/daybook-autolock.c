/* daybook-autolock.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-autolock"

#include "config.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

#include "daybook-autolock.h"

/* Asks for the diary to be locked when nobody has touched the window for
 * a while, when the desktop locks its screen and before the computer
 * sleeps: someone who opens the laid-down laptop must find it locked.
 *
 * Every desktop service is optional. A missing session or system bus, or
 * a desktop without org.gnome.ScreenSaver or logind, only leaves the idle
 * timer, and is no reason to complain on stderr. */

#define LOGIN1_NAME "org.freedesktop.login1"
#define LOGIN1_PATH "/org/freedesktop/login1"
#define LOGIN1_MANAGER LOGIN1_NAME ".Manager"

struct _DaybookAutolock
{
  GObject parent_instance;

  GtkEventController *input;

  gboolean running;
  gint64 idle_usec;
  gint64 last_input;
  guint timeout_id;

  GCancellable *cancellable;
  GDBusConnection *session_bus;
  guint screensaver_ids[2];
  GDBusConnection *system_bus;
  guint sleep_id;
  guint session_lock_id;
  char *session_path;
  int sleep_inhibitor;
};

G_DEFINE_FINAL_TYPE (DaybookAutolock, daybook_autolock, G_TYPE_OBJECT)

enum
{
  LOCK_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint test_timeout_seconds;

static gboolean check_idle_cb (gpointer user_data);

static void
request_lock (DaybookAutolock *self)
{
  if (self->running)
    g_signal_emit (self, signals[LOCK_REQUESTED], 0);
}

static void
schedule_check (DaybookAutolock *self, gint64 delay_usec)
{
  guint ms = (guint)MAX ((delay_usec + 999) / 1000, 1);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (ms, check_idle_cb, self);
}

static gboolean
check_idle_cb (gpointer user_data)
{
  DaybookAutolock *self = user_data;
  gint64 idle = g_get_monotonic_time () - self->last_input;

  self->timeout_id = 0;
  if (idle >= self->idle_usec)
    request_lock (self);
  else
    schedule_check (self, self->idle_usec - idle);
  return G_SOURCE_REMOVE;
}

/* Only notes the time: a timer that is moved on every pointer motion
 * would cost more than the motion itself. */
static gboolean
input_event_cb (DaybookAutolock *self, GdkEvent *event)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      self->last_input = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Desktop signals */

static void
screensaver_active_changed_cb (GDBusConnection *connection, const char *sender, const char *path,
                               const char *interface, const char *signal, GVariant *parameters,
                               gpointer user_data)
{
  gboolean active = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &active);
  if (active)
    request_lock (user_data);
}

static void
session_lock_cb (GDBusConnection *connection, const char *sender, const char *path,
                 const char *interface, const char *signal, GVariant *parameters,
                 gpointer user_data)
{
  DaybookAutolock *self = user_data;

  /* Until logind has said which session is ours, any lock counts: locking
   * once too often is the safe mistake. */
  if (self->session_path == NULL || g_strcmp0 (path, self->session_path) == 0)
    request_lock (self);
}

static void
release_sleep_inhibitor (DaybookAutolock *self)
{
  if (self->sleep_inhibitor >= 0)
    close (self->sleep_inhibitor);
  self->sleep_inhibitor = -1;
}

static void
inhibit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GUnixFDList) fds = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  DaybookAutolock *self;
  int handle;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds, result,
                                                           &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (reply == NULL || fds == NULL)
    {
      g_debug ("No sleep delay from logind: %s", error != NULL ? error->message : "no handle");
      return;
    }
  g_variant_get (reply, "(h)", &handle);
  release_sleep_inhibitor (self);
  self->sleep_inhibitor = g_unix_fd_list_get (fds, handle, NULL);
}

/* A delay lock gives us the moment between "about to sleep" and sleep
 * to save and close the diary. */
static void
take_sleep_inhibitor (DaybookAutolock *self)
{
  if (self->system_bus == NULL || self->sleep_inhibitor >= 0)
    return;
  g_dbus_connection_call_with_unix_fd_list (
      self->system_bus, LOGIN1_NAME, LOGIN1_PATH, LOGIN1_MANAGER, "Inhibit",
      g_variant_new ("(ssss)", "sleep", "Daybook", "Lock the diary before sleeping", "delay"),
      G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, self->cancellable, inhibit_done_cb,
      self);
}

static void
prepare_for_sleep_cb (GDBusConnection *connection, const char *sender, const char *path,
                      const char *interface, const char *signal, GVariant *parameters,
                      gpointer user_data)
{
  DaybookAutolock *self = user_data;
  gboolean sleeping = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &sleeping);
  if (!sleeping)
    {
      take_sleep_inhibitor (self);
      return;
    }
  request_lock (self);
  release_sleep_inhibitor (self);
}

static void
get_session_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  DaybookAutolock *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (reply == NULL)
    {
      g_debug ("logind does not know this session: %s", error->message);
      return;
    }
  g_free (self->session_path);
  g_variant_get (reply, "(o)", &self->session_path);
}

static void
system_bus_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  GDBusConnection *bus;
  DaybookAutolock *self;

  bus = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (bus == NULL)
    {
      g_debug ("No system bus, so no lock before sleep: %s", error->message);
      return;
    }

  self->system_bus = bus;
  self->sleep_id = g_dbus_connection_signal_subscribe (
      bus, LOGIN1_NAME, LOGIN1_MANAGER, "PrepareForSleep", LOGIN1_PATH, NULL,
      G_DBUS_SIGNAL_FLAGS_NONE, prepare_for_sleep_cb, self, NULL);
  self->session_lock_id = g_dbus_connection_signal_subscribe (
      bus, LOGIN1_NAME, LOGIN1_NAME ".Session", "Lock", NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
      session_lock_cb, self, NULL);
  g_dbus_connection_call (bus, LOGIN1_NAME, LOGIN1_PATH, LOGIN1_MANAGER, "GetSession",
                          g_variant_new ("(s)", "auto"), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, get_session_done_cb, self);
  take_sleep_inhibitor (self);
}

static void
watch_desktop (DaybookAutolock *self)
{
  static const char *screensavers[] = { "org.gnome.ScreenSaver", "org.freedesktop.ScreenSaver" };
  GApplication *app = g_application_get_default ();

  self->cancellable = g_cancellable_new ();

  /* The application's own connection: asking for a session bus of our own
   * could start one where there is none. Any sender will do, since a false
   * alarm only locks. */
  if (app != NULL && g_application_get_dbus_connection (app) != NULL)
    {
      self->session_bus = g_object_ref (g_application_get_dbus_connection (app));
      for (guint i = 0; i < G_N_ELEMENTS (screensavers); i++)
        self->screensaver_ids[i] = g_dbus_connection_signal_subscribe (
            self->session_bus, NULL, screensavers[i], "ActiveChanged", NULL, NULL,
            G_DBUS_SIGNAL_FLAGS_NONE, screensaver_active_changed_cb, self, NULL);
    }

  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, self);
}

static void
unwatch_desktop (DaybookAutolock *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  for (guint i = 0; i < G_N_ELEMENTS (self->screensaver_ids); i++)
    if (self->screensaver_ids[i] != 0)
      {
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->screensaver_ids[i]);
        self->screensaver_ids[i] = 0;
      }
  g_clear_object (&self->session_bus);

  if (self->system_bus != NULL)
    {
      g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_id);
      g_dbus_connection_signal_unsubscribe (self->system_bus, self->session_lock_id);
      self->sleep_id = self->session_lock_id = 0;
    }
  g_clear_object (&self->system_bus);
  g_clear_pointer (&self->session_path, g_free);
  release_sleep_inhibitor (self);
}

static void
daybook_autolock_dispose (GObject *object)
{
  DaybookAutolock *self = DAYBOOK_AUTOLOCK (object);

  daybook_autolock_stop (self);
  g_clear_weak_pointer (&self->input);

  G_OBJECT_CLASS (daybook_autolock_parent_class)->dispose (object);
}

static void
daybook_autolock_class_init (DaybookAutolockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = daybook_autolock_dispose;

  /**
   * DaybookAutolock::lock-requested:
   *
   * The diary should be locked now: idle time ran out, the screen
   * locked, or the computer is about to sleep. Emitted only while running.
   */
  signals[LOCK_REQUESTED] = g_signal_new ("lock-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
daybook_autolock_init (DaybookAutolock *self)
{
  self->sleep_inhibitor = -1;
}

/**
 * daybook_autolock_new:
 * @window: the window whose key and pointer input counts as activity
 */
DaybookAutolock *
daybook_autolock_new (GtkWindow *window)
{
  DaybookAutolock *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  self = g_object_new (DAYBOOK_TYPE_AUTOLOCK, NULL);
  self->input = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->input, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (self->input, "daybook-autolock");
  g_signal_connect_object (self->input, "event", G_CALLBACK (input_event_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_add_weak_pointer (G_OBJECT (self->input), (gpointer *)&self->input);
  gtk_widget_add_controller (GTK_WIDGET (window), self->input);
  return self;
}

/**
 * daybook_autolock_start:
 * @idle_minutes: lock after this many minutes without input; 0 never
 *
 * Starts watching, from now. The screen lock and sleep are watched even
 * when @idle_minutes is 0.
 */
void
daybook_autolock_start (DaybookAutolock *self, guint idle_minutes)
{
  g_return_if_fail (DAYBOOK_IS_AUTOLOCK (self));

  daybook_autolock_stop (self);
  self->running = TRUE;
  self->last_input = g_get_monotonic_time ();
  self->idle_usec = (gint64)idle_minutes * 60 * G_USEC_PER_SEC;
  if (test_timeout_seconds > 0)
    self->idle_usec = (gint64)test_timeout_seconds * G_USEC_PER_SEC;
  if (self->idle_usec > 0)
    schedule_check (self, self->idle_usec);
  watch_desktop (self);
}

void
daybook_autolock_stop (DaybookAutolock *self)
{
  g_return_if_fail (DAYBOOK_IS_AUTOLOCK (self));

  if (!self->running)
    return;
  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  unwatch_desktop (self);
}

gboolean
daybook_autolock_is_running (DaybookAutolock *self)
{
  g_return_val_if_fail (DAYBOOK_IS_AUTOLOCK (self), FALSE);

  return self->running;
}

/**
 * daybook_autolock_reset:
 *
 * Counts as input: the idle time starts again from now.
 */
void
daybook_autolock_reset (DaybookAutolock *self)
{
  g_return_if_fail (DAYBOOK_IS_AUTOLOCK (self));

  self->last_input = g_get_monotonic_time ();
}

/**
 * daybook_autolock_parse_minutes:
 * @setting: (nullable): the diary's DAYBOOK_SETTING_AUTOLOCK value
 *
 * Returns: the idle minutes it means; the default when unset or not a
 *   number, 0 (never) only when it says 0
 */
guint
daybook_autolock_parse_minutes (const char *setting)
{
  g_autofree char *text = g_strstrip (g_strdup (setting != NULL ? setting : ""));
  guint64 minutes;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 24 * 60, &minutes, NULL))
    return DAYBOOK_AUTOLOCK_DEFAULT_MINUTES;
  return (guint)minutes;
}

/**
 * daybook_autolock_set_test_timeout:
 * @seconds: idle seconds for every autolock started from now on; 0 to
 *   go back to the diary's minutes
 *
 * For tests only, which cannot wait minutes.
 */
void
daybook_autolock_set_test_timeout (guint seconds)
{
  test_timeout_seconds = seconds;
}
