/* daybook-behaviour.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-behaviour"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-behaviour.h"

typedef struct
{
  const char *id;
  const char *label;
  const char *explanation;
} BehaviourInfo;

/* The labels carry the context "behaviour type": "Contact" and "Other" mean
 * other things elsewhere (a police contact, a person's role). */
static const BehaviourInfo behaviours[DAYBOOK_N_BEHAVIOURS] = {
  { "following", NC_ ("behaviour type", "Following"),
    N_ ("Following me, on foot, by car or online") },
  { "contact", NC_ ("behaviour type", "Contact"),
    N_ ("Contacting or trying to contact me by any means") },
  { "publishing", NC_ ("behaviour type", "Publishing"),
    N_ ("Publishing material about me, or pretending to be me") },
  { "monitoring", NC_ ("behaviour type", "Monitoring"),
    N_ ("Monitoring my phone, e-mail, internet or accounts") },
  { "loitering", NC_ ("behaviour type", "Loitering"),
    N_ ("Loitering near my home, work or places I go") },
  { "property", NC_ ("behaviour type", "Property"),
    N_ ("Interfering with or damaging my property") },
  { "watching", NC_ ("behaviour type", "Watching"), N_ ("Watching or spying on me") },
  { "threat", NC_ ("behaviour type", "Threat"), N_ ("Threatening me or people close to me") },
  { "violence", NC_ ("behaviour type", "Violence"), N_ ("Violence or physical harm") },
  { "third-party", NC_ ("behaviour type", "Through others"),
    N_ ("Contact or pressure through friends, family or others") },
  { "breach", NC_ ("behaviour type", "Breach of order"),
    N_ ("Breaking a court order, bail condition or injunction") },
  { "gift", NC_ ("behaviour type", "Unwanted gift"),
    N_ ("Sending or leaving unwanted gifts or items") },
  { "other", NC_ ("behaviour type", "Other"),
    N_ ("Anything else that frightened or distressed me") },
};

static const char *precision_ids[] = { "exact", "approximate", "day" };
static const char *role_ids[] = { "suspect", "witness", "other" };
/* TRANSLATORS: a person's role in an entry (the window's role list uses the same context). */
static const char *role_labels[]
    = { NC_ ("person's role", "Suspect"), NC_ ("person's role", "Witness"),
        NC_ ("person's role", "Other") };

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
  return g_dpgettext2 (GETTEXT_PACKAGE, "behaviour type", behaviours[i].label);
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
  return g_dpgettext2 (GETTEXT_PACKAGE, "person's role", role_labels[role]);
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
