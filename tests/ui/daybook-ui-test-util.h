/* daybook-ui-test-util.h — waiting for the window in widget tests
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*DaybookTestCondition) (gpointer data);

void daybook_test_wait_for (DaybookTestCondition condition,
                            gpointer             data,
                            const char          *what);
void daybook_test_spin     (guint                ms);

G_END_DECLS
