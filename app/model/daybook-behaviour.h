/* daybook-behaviour.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookBehaviour:
 *
 * Behaviour types, after the stalking behaviours listed in the Protection
 * from Harassment Act 1997 s2A(3) and what advocates record besides. Their
 * identifiers (daybook_behaviour_get_id()) are stable: the CLI, JSON and
 * the database use them.
 */
typedef enum /*< flags >*/
{
  DAYBOOK_BEHAVIOUR_NONE = 0,
  DAYBOOK_BEHAVIOUR_FOLLOWING = 1 << 0,
  DAYBOOK_BEHAVIOUR_CONTACT = 1 << 1,
  DAYBOOK_BEHAVIOUR_PUBLISHING = 1 << 2,
  DAYBOOK_BEHAVIOUR_MONITORING = 1 << 3,
  DAYBOOK_BEHAVIOUR_LOITERING = 1 << 4,
  DAYBOOK_BEHAVIOUR_PROPERTY = 1 << 5,
  DAYBOOK_BEHAVIOUR_WATCHING = 1 << 6,
  DAYBOOK_BEHAVIOUR_THREAT = 1 << 7,
  DAYBOOK_BEHAVIOUR_VIOLENCE = 1 << 8,
  DAYBOOK_BEHAVIOUR_THIRD_PARTY = 1 << 9,
  DAYBOOK_BEHAVIOUR_BREACH = 1 << 10,
  DAYBOOK_BEHAVIOUR_GIFT = 1 << 11,
  DAYBOOK_BEHAVIOUR_OTHER = 1 << 12,
} DaybookBehaviour;

#define DAYBOOK_N_BEHAVIOURS 13
#define DAYBOOK_BEHAVIOUR_ALL ((1u << DAYBOOK_N_BEHAVIOURS) - 1)

DaybookBehaviour daybook_behaviour_nth (guint n);
const char *daybook_behaviour_get_id (DaybookBehaviour behaviour);
const char *daybook_behaviour_get_label (DaybookBehaviour behaviour);
const char *daybook_behaviour_get_explanation (DaybookBehaviour behaviour);
gboolean daybook_behaviour_from_id (const char *id, DaybookBehaviour *behaviour);

const char *daybook_precision_get_id (DaybookPrecision precision);
gboolean daybook_precision_from_id (const char *id, DaybookPrecision *precision);
const char *daybook_role_get_id (DaybookRole role);
const char *daybook_role_get_label (DaybookRole role);
gboolean daybook_role_from_id (const char *id, DaybookRole *role);

G_END_DECLS
