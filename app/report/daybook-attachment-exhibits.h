/* daybook-attachment-exhibits.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-types.h"
#include "report/daybook-report-exhibits.h"

G_BEGIN_DECLS

DaybookExhibitProvider *daybook_exhibit_provider_new_for_diary (DaybookDiary *diary);

G_END_DECLS
