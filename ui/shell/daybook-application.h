/* daybook-application.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_APPLICATION (daybook_application_get_type ())

G_DECLARE_FINAL_TYPE (DaybookApplication, daybook_application, DAYBOOK, APPLICATION, AdwApplication)

DaybookApplication *daybook_application_new (const char *diary_dir, GApplicationFlags flags);
const char *daybook_application_get_diary_dir (DaybookApplication *self);

G_END_DECLS
