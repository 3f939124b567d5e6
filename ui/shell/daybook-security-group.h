/* daybook-security-group.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_SECURITY_GROUP (daybook_security_group_get_type ())

G_DECLARE_FINAL_TYPE (DaybookSecurityGroup, daybook_security_group, DAYBOOK, SECURITY_GROUP,
                      AdwPreferencesGroup)

void daybook_security_group_set_diary (DaybookSecurityGroup *self, DaybookDiary *diary);

G_END_DECLS
