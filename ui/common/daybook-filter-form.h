/* daybook-filter-form.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-filter.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_FILTER_FORM (daybook_filter_form_get_type ())

G_DECLARE_FINAL_TYPE (DaybookFilterForm, daybook_filter_form, DAYBOOK, FILTER_FORM, GtkWidget)

GtkWidget *daybook_filter_form_new (gboolean compact);
void daybook_filter_form_get_filter (DaybookFilterForm *self, DaybookFilter *filter);
gboolean daybook_filter_form_build_query (DaybookFilterForm *self, GTimeZone *zone,
                                          DaybookQuery **query, GError **error);
void daybook_filter_form_show_error (DaybookFilterForm *self, const char *message);
void daybook_filter_form_set_people (DaybookFilterForm *self, GListModel *people);
void daybook_filter_form_set_person (DaybookFilterForm *self, const char *person);
void daybook_filter_form_set_types (DaybookFilterForm *self, DaybookBehaviour types);
void daybook_filter_form_clear (DaybookFilterForm *self);
void daybook_filter_form_reset (DaybookFilterForm *self);

G_END_DECLS
