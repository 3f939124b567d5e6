/* daybook-conduct.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-diary.h"
#include "daybook-query.h"
#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookConductGroup:
 * @DAYBOOK_CONDUCT_FOLLOWING: following a person
 * @DAYBOOK_CONDUCT_CONTACTING: contacting, or attempting to contact, by any means
 * @DAYBOOK_CONDUCT_PUBLISHING: publishing statements or material relating or
 *   purporting to relate to the person, or purporting to originate from them
 * @DAYBOOK_CONDUCT_MONITORING: monitoring the use of the internet, e-mail or
 *   any other form of electronic communication
 * @DAYBOOK_CONDUCT_LOITERING: loitering in any place, public or private
 * @DAYBOOK_CONDUCT_PROPERTY: interfering with any property in the person's possession
 * @DAYBOOK_CONDUCT_WATCHING: watching or spying on the person
 * @DAYBOOK_CONDUCT_OTHER: behaviour types that are none of the above
 *
 * The behaviours associated with stalking in the Protection from
 * Harassment Act 1997 s2A(3) (England and Wales), in the Act's order, and
 * "other behaviour". Each Daybook behaviour type belongs to exactly one
 * group (daybook_conduct_group_of()).
 */
typedef enum
{
  DAYBOOK_CONDUCT_FOLLOWING,
  DAYBOOK_CONDUCT_CONTACTING,
  DAYBOOK_CONDUCT_PUBLISHING,
  DAYBOOK_CONDUCT_MONITORING,
  DAYBOOK_CONDUCT_LOITERING,
  DAYBOOK_CONDUCT_PROPERTY,
  DAYBOOK_CONDUCT_WATCHING,
  DAYBOOK_CONDUCT_OTHER,
  DAYBOOK_CONDUCT_N_GROUPS,
} DaybookConductGroup;

/**
 * DaybookFour:
 * @DAYBOOK_FOUR_FIXATED: F, fixated
 * @DAYBOOK_FOUR_OBSESSIVE: O, obsessive
 * @DAYBOOK_FOUR_UNWANTED: U, unwanted
 * @DAYBOOK_FOUR_REPEATED: R, repeated
 *
 * The FOUR headings police use to recognise stalking. Daybook lists facts
 * from the entries under each; it never says whether a heading is met.
 */
typedef enum
{
  DAYBOOK_FOUR_FIXATED,
  DAYBOOK_FOUR_OBSESSIVE,
  DAYBOOK_FOUR_UNWANTED,
  DAYBOOK_FOUR_REPEATED,
  DAYBOOK_FOUR_N,
} DaybookFour;

/**
 * DaybookScreening:
 * @DAYBOOK_SCREENING_THREATS: entries of type "threat"
 * @DAYBOOK_SCREENING_VIOLENCE: entries of type "violence"
 * @DAYBOOK_SCREENING_FEAR: entries marked "feared violence would be used"
 * @DAYBOOK_SCREENING_PROPERTY: entries of type "property" (interfering with
 *   or damaging property: the type does not tell one from the other)
 * @DAYBOOK_SCREENING_VISITS: entries of type following, loitering or
 *   watching whose location names home or work (words, see
 *   daybook_conduct_get_place_words()), in a Monday–Sunday week that has
 *   more than three of them
 * @DAYBOOK_SCREENING_THIRD_PARTIES: entries of type "through others"
 * @DAYBOOK_SCREENING_MORE_OFTEN: more entries in the last 28 days of the
 *   selection (ending on the day of its last entry) than in the 28 days
 *   before; the entries of the last 28 days
 * @DAYBOOK_SCREENING_NEW_KINDS: behaviour types first recorded in the last
 *   28 days, when there are entries before them; the first entry of each
 * @DAYBOOK_SCREENING_FIRST_THREAT: the first entry of type "threat", when it
 *   is 14 days or more after the first entry of the selection; that entry
 *
 * Facts an officer screening risk asks about. Each is present or absent in
 * a selection and carries the entries behind it. None is a risk score or a
 * risk level, and Daybook computes neither.
 */
typedef enum
{
  DAYBOOK_SCREENING_THREATS,
  DAYBOOK_SCREENING_VIOLENCE,
  DAYBOOK_SCREENING_FEAR,
  DAYBOOK_SCREENING_PROPERTY,
  DAYBOOK_SCREENING_VISITS,
  DAYBOOK_SCREENING_THIRD_PARTIES,
  DAYBOOK_SCREENING_MORE_OFTEN,
  DAYBOOK_SCREENING_NEW_KINDS,
  DAYBOOK_SCREENING_FIRST_THREAT,
  DAYBOOK_SCREENING_N,
} DaybookScreening;

/**
 * DaybookConductFact:
 * @label: (not nullable): a short title, translated ("Threats of violence")
 * @text: (not nullable): one sentence, translated, saying what the entries
 *   show, or that none of the selected entries shows it
 * @numbers: the entry numbers behind it (gint64), ascending; empty when the
 *   fact is absent
 *
 * One fact of a selection, as the report prints it and the window shows it.
 */
typedef struct
{
  char *label;
  char *text;
  GArray *numbers;
} DaybookConductFact;

/**
 * DaybookConductPerson:
 * @name: the name as first written in a selected entry
 * @roles: bit (1 << #DaybookRole) for each role they had
 * @count: in how many selected entries they are named
 */
typedef struct
{
  char *name;
  guint roles;
  guint count;
} DaybookConductPerson;

/**
 * DaybookConductPlace:
 * @location: the location as first written
 * @numbers: the entries (gint64, ascending) whose location is the same text,
 *   compared ignoring case and spaces at either end; at least two
 */
typedef struct
{
  char *location;
  GArray *numbers;
} DaybookConductPlace;

/**
 * DaybookConduct:
 * @n_entries: how many entries are in the selection
 * @n_private_left_out: private entries that matched but were left out
 * @first_week: the Monday of the week of the first entry (local date where
 *   it happened); invalid when @n_entries is 0
 * @weeks: entries per Monday–Sunday week (guint), from @first_week to the
 *   week of the last entry, weeks without entries included as 0
 * @type_counts: entries of each behaviour type, by daybook_behaviour_nth() index
 * @groups: entry numbers (gint64, ascending) in each #DaybookConductGroup
 * @people: #DaybookConductPerson, most often named first
 * @n_days: how many different local days have entries
 * @longest_run: the longest run of consecutive weeks that each have an entry
 * @longest_run_from: the Monday that run starts on
 * @n_kinds: how many behaviour types the entries record
 * @places: #DaybookConductPlace, locations written on two or more entries,
 *   the most repeated first
 * @four: the facts under each FOUR heading, #DaybookConductFact, by #DaybookFour
 * @screening: one fact per #DaybookScreening, in that order
 *
 * The course of conduct of a selection, display-free: what the report's
 * summary prints and the window's Overview page draws. Facts only, each
 * with its entry numbers; never a risk score or level.
 */
typedef struct
{
  guint n_entries;
  guint n_private_left_out;
  GDate first_week;
  GArray *weeks;
  guint type_counts[DAYBOOK_N_BEHAVIOURS];
  GArray *groups[DAYBOOK_CONDUCT_N_GROUPS];
  GPtrArray *people;
  guint n_days;
  guint longest_run;
  GDate longest_run_from;
  guint n_kinds;
  GPtrArray *places;
  GPtrArray *four[DAYBOOK_FOUR_N];
  DaybookConductFact screening[DAYBOOK_SCREENING_N];
} DaybookConduct;

DaybookConductGroup daybook_conduct_group_of (DaybookBehaviour behaviour);
const char *daybook_conduct_group_get_label (DaybookConductGroup group);
const char *daybook_conduct_group_get_law (DaybookConductGroup group);
const char *daybook_four_get_label (DaybookFour four);
const char *const *daybook_conduct_get_place_words (void);
const char *daybook_conduct_get_no_score_sentence (void);

DaybookConduct *daybook_diary_compute_conduct (DaybookDiary *diary, const DaybookQuery *query,
                                               const char *const *people, GCancellable *cancellable,
                                               GError **error);
void daybook_diary_compute_conduct_async (DaybookDiary *diary, const DaybookQuery *query,
                                          const char *const *people, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
DaybookConduct *daybook_diary_compute_conduct_finish (DaybookDiary *diary, GAsyncResult *result,
                                                      GError **error);
void daybook_conduct_free (DaybookConduct *conduct);
char *daybook_conduct_format_numbers (GArray *numbers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookConduct, daybook_conduct_free)

G_END_DECLS
