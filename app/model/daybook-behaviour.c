/* daybook-behaviour.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-behaviour"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "daybook-behaviour.h"

typedef struct
{
  const char *id;
  const char *label;
  const char *explanation;
} BehaviourInfo;

static const BehaviourInfo behaviours[DAYBOOK_N_BEHAVIOURS] = {
  { "following", N_ ("Following"), N_ ("Following me, on foot, by car or online") },
  { "contact", N_ ("Contact"), N_ ("Contacting or trying to contact me by any means") },
  { "publishing", N_ ("Publishing"), N_ ("Publishing material about me, or pretending to be me") },
  { "monitoring", N_ ("Monitoring"), N_ ("Monitoring my phone, e-mail, internet or accounts") },
  { "loitering", N_ ("Loitering"), N_ ("Loitering near my home, work or places I go") },
  { "property", N_ ("Property"), N_ ("Interfering with or damaging my property") },
  { "watching", N_ ("Watching"), N_ ("Watching or spying on me") },
  { "threat", N_ ("Threat"), N_ ("Threatening me or people close to me") },
  { "violence", N_ ("Violence"), N_ ("Violence or physical harm") },
  { "third-party", N_ ("Through others"),
    N_ ("Contact or pressure through friends, family or others") },
  { "breach", N_ ("Breach of order"), N_ ("Breaking a court order, bail condition or injunction") },
  { "gift", N_ ("Unwanted gift"), N_ ("Sending or leaving unwanted gifts or items") },
  { "other", N_ ("Other"), N_ ("Anything else that frightened or distressed me") },
};

static const char *precision_ids[] = { "exact", "approximate", "day" };
static const char *role_ids[] = { "suspect", "witness", "other" };
static const char *role_labels[] = { N_ ("Suspect"), N_ ("Witness"), N_ ("Other") };

static int
behaviour_index (DaybookBehaviour behaviour)
{
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (behaviour == (1u << i))
      return (int)i;
  return -1;
}

/**
 * daybook_behaviour_nth:
 *
 * Returns: the @n-th behaviour in display order, for iterating them all
 */
DaybookBehaviour
daybook_behaviour_nth (guint n)
{
  g_return_val_if_fail (n < DAYBOOK_N_BEHAVIOURS, DAYBOOK_BEHAVIOUR_NONE);

  return 1u << n;
}

const char *
daybook_behaviour_get_id (DaybookBehaviour behaviour)
{
  int i = behaviour_index (behaviour);

  g_return_val_if_fail (i >= 0, NULL);
  return behaviours[i].id;
}

const char *
daybook_behaviour_get_label (DaybookBehaviour behaviour)
{
  int i = behaviour_index (behaviour);

  g_return_val_if_fail (i >= 0, NULL);
  return _ (behaviours[i].label);
}

const char *
daybook_behaviour_get_explanation (DaybookBehaviour behaviour)
{
  int i = behaviour_index (behaviour);

  g_return_val_if_fail (i >= 0, NULL);
  return _ (behaviours[i].explanation);
}

gboolean
daybook_behaviour_from_id (const char *id, DaybookBehaviour *behaviour)
{
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (g_strcmp0 (id, behaviours[i].id) == 0)
      {
        *behaviour = 1u << i;
        return TRUE;
      }
  return FALSE;
}

const char *
daybook_precision_get_id (DaybookPrecision precision)
{
  g_return_val_if_fail (precision <= DAYBOOK_PRECISION_DAY, NULL);
  return precision_ids[precision];
}

gboolean
daybook_precision_from_id (const char *id, DaybookPrecision *precision)
{
  for (guint i = 0; i < G_N_ELEMENTS (precision_ids); i++)
    if (g_strcmp0 (id, precision_ids[i]) == 0)
      {
        *precision = i;
        return TRUE;
      }
  return FALSE;
}

const char *
daybook_role_get_id (DaybookRole role)
{
  g_return_val_if_fail (role <= DAYBOOK_ROLE_OTHER, NULL);
  return role_ids[role];
}

const char *
daybook_role_get_label (DaybookRole role)
{
  g_return_val_if_fail (role <= DAYBOOK_ROLE_OTHER, NULL);
  return _ (role_labels[role]);
}

gboolean
daybook_role_from_id (const char *id, DaybookRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_ids); i++)
    if (g_strcmp0 (id, role_ids[i]) == 0)
      {
        *role = i;
        return TRUE;
      }
  return FALSE;
}
