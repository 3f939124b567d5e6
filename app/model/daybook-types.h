/* daybook-types.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _DaybookDiary DaybookDiary;
typedef struct _DaybookIncident DaybookIncident;
typedef struct _DaybookIncidentList DaybookIncidentList;
typedef struct _DaybookPerson DaybookPerson;
typedef struct _DaybookQuery DaybookQuery;
typedef struct _DaybookRevision DaybookRevision;
typedef struct _DaybookWhen DaybookWhen;

/**
 * DaybookPrecision:
 * @DAYBOOK_PRECISION_EXACT: the time is known to the minute
 * @DAYBOOK_PRECISION_APPROXIMATE: "about" that time
 * @DAYBOOK_PRECISION_DAY: only the date is known
 */
typedef enum
{
  DAYBOOK_PRECISION_EXACT,
  DAYBOOK_PRECISION_APPROXIMATE,
  DAYBOOK_PRECISION_DAY,
} DaybookPrecision;

/**
 * DaybookRole:
 *
 * The part a person played, in an incident or in the case.
 */
typedef enum
{
  DAYBOOK_ROLE_SUSPECT,
  DAYBOOK_ROLE_WITNESS,
  DAYBOOK_ROLE_OTHER,
} DaybookRole;

G_END_DECLS
