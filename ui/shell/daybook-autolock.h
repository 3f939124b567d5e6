/* daybook-autolock.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_AUTOLOCK (daybook_autolock_get_type ())

G_DECLARE_FINAL_TYPE (DaybookAutolock, daybook_autolock, DAYBOOK, AUTOLOCK, GObject)

/* Minutes of idle time before locking when the diary says nothing. */
#define DAYBOOK_AUTOLOCK_DEFAULT_MINUTES 5

DaybookAutolock *daybook_autolock_new (GtkWindow *window);
void daybook_autolock_start (DaybookAutolock *self, guint idle_minutes);
void daybook_autolock_stop (DaybookAutolock *self);
gboolean daybook_autolock_is_running (DaybookAutolock *self);
void daybook_autolock_reset (DaybookAutolock *self);

guint daybook_autolock_parse_minutes (const char *setting);
void daybook_autolock_set_test_timeout (guint seconds);

G_END_DECLS
