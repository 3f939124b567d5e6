/* daybook-conduct.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <stdlib.h>
#include "daybook-i18n.h"

#include "daybook-conduct-private.h"
#include "daybook-incident.h"

/* The course of conduct of a selection, as facts with entry numbers: the
 * stalking behaviours of the Protection from Harassment Act 1997 s2A(3),
 * the facts under the FOUR headings, and the facts an officer screening
 * risk asks about. Every fact is found from behaviour types and fields the
 * victim set on the entry, except "visits to home or work", which reads the
 * location's words (daybook_conduct_get_place_words()). Nothing here weighs
 * the facts: Daybook computes no risk score and no risk level. */

#define WINDOW_DAYS 28
#define FIRST_THREAT_DAYS 14
#define VISITS_PER_WEEK 3

typedef struct
{
  gint64 number;
  guint32 day;
  DaybookBehaviour types;
  char *place; /* casefolded, trimmed, or NULL */
  gboolean fear;
  gboolean distress;
} Entry;

typedef struct
{
  DaybookConductPerson person;
  GArray *suspect; /* numbers of the entries naming them as suspect */
  gint64 last;     /* the last entry counted, so two mentions count once */
} Person;

struct _DaybookConductBuilder
{
  GArray *entries; /* Entry, in the order of the selection (time order) */
  GHashTable *people;
  GHashTable *places;
  guint n_private_left_out;
};

static const struct
{
  const char *label;
  const char *law;
} groups[DAYBOOK_CONDUCT_N_GROUPS] = {
  { N_ ("Following"), N_ ("following a person") },
  { N_ ("Contacting"), N_ ("contacting, or attempting to contact, a person by any means") },
  { N_ ("Publishing"), N_ ("publishing any statement or other material relating or purporting to "
                           "relate to a person, or purporting to originate from a person") },
  { N_ ("Monitoring"),
    N_ ("monitoring the use by a person of the internet, email or any other form "
        "of electronic communication") },
  { N_ ("Loitering"), N_ ("loitering in any place (whether public or private)") },
  { N_ ("Interfering with property"),
    N_ ("interfering with any property in the possession of a person") },
  { N_ ("Watching or spying"), N_ ("watching or spying on a person") },
  { N_ ("Other behaviour"), N_ ("behaviour types that are none of the above") },
};

static const char *four_labels[DAYBOOK_FOUR_N] = {
  N_ ("Fixated"),
  N_ ("Obsessive"),
  N_ ("Unwanted"),
  N_ ("Repeated"),
};

/* Whole words of a location, compared ignoring case. English only. */
static const char *const place_words[] = {
  "home", "house", "flat", "work", "workplace", "office", NULL,
};

/**
 * daybook_conduct_group_of:
 *
 * Returns: the s2A(3) group a behaviour type belongs to. Threats, violence,
 *   contact through others, breaches, gifts and "other" are
 *   %DAYBOOK_CONDUCT_OTHER: the Act's list does not name them.
 */
DaybookConductGroup
daybook_conduct_group_of (DaybookBehaviour behaviour)
{
  switch (behaviour)
    {
    case DAYBOOK_BEHAVIOUR_FOLLOWING:
      return DAYBOOK_CONDUCT_FOLLOWING;
    case DAYBOOK_BEHAVIOUR_CONTACT:
      return DAYBOOK_CONDUCT_CONTACTING;
    case DAYBOOK_BEHAVIOUR_PUBLISHING:
      return DAYBOOK_CONDUCT_PUBLISHING;
    case DAYBOOK_BEHAVIOUR_MONITORING:
      return DAYBOOK_CONDUCT_MONITORING;
    case DAYBOOK_BEHAVIOUR_LOITERING:
      return DAYBOOK_CONDUCT_LOITERING;
    case DAYBOOK_BEHAVIOUR_PROPERTY:
      return DAYBOOK_CONDUCT_PROPERTY;
    case DAYBOOK_BEHAVIOUR_WATCHING:
      return DAYBOOK_CONDUCT_WATCHING;
    default:
      return DAYBOOK_CONDUCT_OTHER;
    }
}

/**
 * daybook_conduct_group_get_label:
 *
 * Returns: a short name for @group, translated
 */
const char *
daybook_conduct_group_get_label (DaybookConductGroup group)
{
  g_return_val_if_fail (group < DAYBOOK_CONDUCT_N_GROUPS, NULL);
  return _ (groups[group].label);
}

/**
 * daybook_conduct_group_get_law:
 *
 * Returns: the words of s2A(3) for @group, translated
 */
const char *
daybook_conduct_group_get_law (DaybookConductGroup group)
{
  g_return_val_if_fail (group < DAYBOOK_CONDUCT_N_GROUPS, NULL);
  return _ (groups[group].law);
}

const char *
daybook_four_get_label (DaybookFour four)
{
  g_return_val_if_fail (four < DAYBOOK_FOUR_N, NULL);
  return _ (four_labels[four]);
}

/**
 * daybook_conduct_get_place_words:
 *
 * Returns: (transfer none): the words that make a location "home or work",
 *   matched as whole words ignoring case
 */
const char *const *
daybook_conduct_get_place_words (void)
{
  return place_words;
}

/**
 * daybook_conduct_get_no_score_sentence:
 *
 * Returns: the one sentence, translated, that the report and the window
 *   print with the facts
 */
const char *
daybook_conduct_get_no_score_sentence (void)
{
  return _ ("These are facts from the entries, each with the entries behind it; Daybook does not "
            "compute a risk score or a risk level, and assessing risk is for the police and the "
            "advocate.");
}

/**
 * daybook_conduct_format_numbers:
 * @numbers: entry numbers (gint64), ascending
 *
 * Returns: "entry 4" or "entries 1–3, 7", or "" when empty
 */
char *
daybook_conduct_format_numbers (GArray *numbers)
{
  g_autoptr (GString) s = g_string_new (NULL);

  if (numbers == NULL || numbers->len == 0)
    return g_strdup ("");
  for (guint i = 0; i < numbers->len;)
    {
      gint64 from = g_array_index (numbers, gint64, i);
      guint j = i;

      while (j + 1 < numbers->len && g_array_index (numbers, gint64, j + 1) == from + (j + 1 - i))
        j++;
      if (s->len > 0)
        g_string_append (s, ", ");
      if (j >= i + 2)
        g_string_append_printf (s, "%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, from,
                                g_array_index (numbers, gint64, j));
      else
        {
          g_string_append_printf (s, "%" G_GINT64_FORMAT, from);
          if (j == i + 1)
            g_string_append_printf (s, ", %" G_GINT64_FORMAT, g_array_index (numbers, gint64, j));
        }
      i = j + 1;
    }
  /* TRANSLATORS: the entry numbers behind a fact: "entry 4" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "entry %s", "entries %s", numbers->len),
                          s->str);
}

static void
entry_clear (gpointer data)
{
  g_free (((Entry *)data)->place);
}

static void
person_free (gpointer data)
{
  Person *person = data;

  g_free (person->person.name);
  g_array_unref (person->suspect);
  g_free (person);
}

static void
conduct_person_free (gpointer data)
{
  DaybookConductPerson *person = data;

  g_free (person->name);
  g_free (person);
}

static void
place_free (gpointer data)
{
  DaybookConductPlace *place = data;

  g_free (place->location);
  g_array_unref (place->numbers);
  g_free (place);
}

static void
fact_clear (DaybookConductFact *fact)
{
  g_clear_pointer (&fact->label, g_free);
  g_clear_pointer (&fact->text, g_free);
  g_clear_pointer (&fact->numbers, g_array_unref);
}

static void
fact_free (gpointer data)
{
  fact_clear (data);
  g_free (data);
}

static GArray *
numbers_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * daybook_conduct_free:
 */
void
daybook_conduct_free (DaybookConduct *conduct)
{
  if (conduct == NULL)
    return;
  g_clear_pointer (&conduct->weeks, g_array_unref);
  for (guint g = 0; g < DAYBOOK_CONDUCT_N_GROUPS; g++)
    g_clear_pointer (&conduct->groups[g], g_array_unref);
  g_clear_pointer (&conduct->people, g_ptr_array_unref);
  g_clear_pointer (&conduct->places, g_ptr_array_unref);
  for (guint f = 0; f < DAYBOOK_FOUR_N; f++)
    g_clear_pointer (&conduct->four[f], g_ptr_array_unref);
  for (guint s = 0; s < DAYBOOK_SCREENING_N; s++)
    fact_clear (&conduct->screening[s]);
  g_free (conduct);
}

DaybookConductBuilder *
_daybook_conduct_builder_new (void)
{
  DaybookConductBuilder *b = g_new0 (DaybookConductBuilder, 1);

  b->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (b->entries, entry_clear);
  b->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, person_free);
  b->places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, place_free);
  return b;
}

void
_daybook_conduct_builder_free (DaybookConductBuilder *b)
{
  if (b == NULL)
    return;
  g_array_unref (b->entries);
  g_hash_table_unref (b->people);
  g_hash_table_unref (b->places);
  g_free (b);
}

static guint32
local_day (const DaybookWhen *when)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
  return g_date_get_julian (&date);
}

static guint32
monday_of (guint32 day)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, day);
  return day - (g_date_get_weekday (&d) - G_DATE_MONDAY);
}

/* Is any whole word of @place (casefolded) one of place_words? */
static gboolean
names_home_or_work (const char *place)
{
  g_autoptr (GString) word = g_string_new (NULL);

  if (place == NULL)
    return FALSE;
  for (const char *p = place;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0 && g_strv_contains (place_words, word->str))
        return TRUE;
      g_string_truncate (word, 0);
      if (c == 0)
        return FALSE;
    }
}

void
_daybook_conduct_builder_left_out (DaybookConductBuilder *b)
{
  b->n_private_left_out++;
}

/* Adds one selected entry. Entries come in time order. */
void
_daybook_conduct_builder_add (DaybookConductBuilder *b, DaybookIncident *incident)
{
  Entry e = { 0 };
  const char *location = daybook_incident_get_location (incident);

  e.number = daybook_incident_get_number (incident);
  e.day = local_day (daybook_incident_get_start (incident));
  e.types = daybook_incident_get_types (incident);
  e.fear = daybook_incident_get_fear_of_violence (incident);
  e.distress = daybook_incident_get_alarm_distress (incident);
  if (location != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (location));

      if (trimmed[0] != '\0')
        {
          DaybookConductPlace *place;

          e.place = g_utf8_casefold (trimmed, -1);
          place = g_hash_table_lookup (b->places, e.place);
          if (place == NULL)
            {
              place = g_new0 (DaybookConductPlace, 1);
              place->location = g_steal_pointer (&trimmed);
              place->numbers = numbers_new ();
              g_hash_table_insert (b->places, g_strdup (e.place), place);
            }
          g_array_append_val (place->numbers, e.number);
        }
    }

  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      const DaybookInvolvement *inv = daybook_incident_get_person (incident, i);
      g_autofree char *key = g_utf8_casefold (inv->name, -1);
      Person *person = g_hash_table_lookup (b->people, key);

      if (person == NULL)
        {
          person = g_new0 (Person, 1);
          person->person.name = g_strdup (inv->name);
          person->suspect = numbers_new ();
          g_hash_table_insert (b->people, g_steal_pointer (&key), person);
        }
      person->person.roles |= 1u << inv->role;
      if (inv->role == DAYBOOK_ROLE_SUSPECT
          && (person->suspect->len == 0
              || g_array_index (person->suspect, gint64, person->suspect->len - 1) != e.number))
        g_array_append_val (person->suspect, e.number);
      /* Named twice in one entry counts once. */
      if (person->last != e.number || person->person.count == 0)
        person->person.count++;
      person->last = e.number;
    }
  g_array_append_val (b->entries, e);
}

static int
compare_people (gconstpointer a, gconstpointer b)
{
  const DaybookConductPerson *pa = *(DaybookConductPerson *const *)a;
  const DaybookConductPerson *pb = *(DaybookConductPerson *const *)b;

  if (pa->count != pb->count)
    return pa->count > pb->count ? -1 : 1;
  return g_utf8_collate (pa->name, pb->name);
}

static int
compare_places (gconstpointer a, gconstpointer b)
{
  const DaybookConductPlace *pa = *(DaybookConductPlace *const *)a;
  const DaybookConductPlace *pb = *(DaybookConductPlace *const *)b;
  gint64 fa, fb;

  if (pa->numbers->len != pb->numbers->len)
    return pa->numbers->len > pb->numbers->len ? -1 : 1;
  fa = g_array_index (pa->numbers, gint64, 0);
  fb = g_array_index (pb->numbers, gint64, 0);
  return fa < fb ? -1 : fa > fb;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static void
sort_numbers (GArray *numbers)
{
  g_array_sort (numbers, compare_gint64);
}

static char *
format_day (guint32 day)
{
  GDate d;
  g_autoptr (GDateTime) dt = NULL;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, day);
  dt = g_date_time_new_utc (g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d), 0, 0,
                            0);
  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  return daybook_date_time_format (dt, _ ("%-d %B %Y"));
}

/* Takes @text; @numbers may be NULL (none). */
static DaybookConductFact *
fact_new (const char *label, char *text, GArray *numbers)
{
  DaybookConductFact *fact = g_new0 (DaybookConductFact, 1);

  fact->label = g_strdup (label);
  fact->text = text;
  fact->numbers = numbers != NULL ? numbers : numbers_new ();
  sort_numbers (fact->numbers);
  return fact;
}

static void
set_fact (DaybookConductFact *fact, const char *label, char *text, GArray *numbers)
{
  fact->label = g_strdup (label);
  fact->text = text;
  fact->numbers = numbers != NULL ? numbers : numbers_new ();
  sort_numbers (fact->numbers);
}

static GArray *
entries_with (GArray *entries, DaybookBehaviour types)
{
  GArray *numbers = numbers_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);

      if (e->types & types)
        g_array_append_val (numbers, e->number);
    }
  return numbers;
}

/* The count of @numbers, or @none when there are none. @format is a
 * g_dngettext() of @numbers->len, with one %u. */
#define COUNT_TEXT(numbers, none, format)                                                          \
  ((numbers)->len == 0 ? g_strdup (none) : g_strdup_printf (format, (numbers)->len))

static void
build_four (DaybookConduct *c, DaybookConductBuilder *b, Person *suspect)
{
  GArray *entries = b->entries;
  guint32 first = g_array_index (entries, Entry, 0).day;
  guint32 last = g_array_index (entries, Entry, entries->len - 1).day;

  for (guint f = 0; f < DAYBOOK_FOUR_N; f++)
    c->four[f] = g_ptr_array_new_with_free_func (fact_free);

  /* Fixated: the same places, the same person. */
  for (guint i = 0; i < c->places->len; i++)
    {
      DaybookConductPlace *place = g_ptr_array_index (c->places, i);

      g_ptr_array_add (
          c->four[DAYBOOK_FOUR_FIXATED],
          fact_new (_ ("Same place"),
                    /* TRANSLATORS: a location, then on how many entries */
                    g_strdup_printf (
                        g_dngettext (GETTEXT_PACKAGE, "“%s” is the location of %u entry.",
                                     "“%s” is the location of %u entries.", place->numbers->len),
                        place->location, place->numbers->len),
                    g_array_copy (place->numbers)));
    }
  if (suspect != NULL)
    g_ptr_array_add (
        c->four[DAYBOOK_FOUR_FIXATED],
        fact_new (_ ("Same person"),
                  g_strdup_printf (
                      g_dngettext (GETTEXT_PACKAGE, "%s is named as suspect in %u entry.",
                                   "%s is named as suspect in %u entries.", suspect->suspect->len),
                      suspect->person.name, suspect->suspect->len),
                  g_array_copy (suspect->suspect)));
  if (c->four[DAYBOOK_FOUR_FIXATED]->len == 0)
    g_ptr_array_add (c->four[DAYBOOK_FOUR_FIXATED],
                     fact_new (_ ("Same place"),
                               g_strdup (_ ("No location is written on more than one entry, and "
                                            "no one is named as suspect in more than one entry.")),
                               NULL));

  /* Obsessive: how long it has gone on without stopping, how many ways. */
  {
    GArray *numbers = numbers_new ();
    guint32 from = g_date_get_julian (&c->longest_run_from);
    guint32 to = from + 7 * c->longest_run;
    g_autofree char *day = format_day (from);

    for (guint i = 0; i < entries->len; i++)
      {
        Entry *e = &g_array_index (entries, Entry, i);

        if (e->day >= from && e->day < to)
          g_array_append_val (numbers, e->number);
      }
    g_ptr_array_add (
        c->four[DAYBOOK_FOUR_OBSESSIVE],
        fact_new (_ ("Weeks in a row"),
                  /* TRANSLATORS: weeks, then the Monday they start on */
                  g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The longest run of consecutive weeks (Monday to "
                                                "Sunday) each with an entry is %u week, from the "
                                                "week of %s.",
                                                "The longest run of consecutive weeks (Monday to "
                                                "Sunday) each with an entry is %u weeks, from the "
                                                "week of %s.",
                                                c->longest_run),
                                   c->longest_run, day),
                  numbers));
  }
  {
    GArray *numbers = numbers_new ();
    g_autoptr (GString) kinds = g_string_new (NULL);
    DaybookBehaviour seen = 0;

    for (guint i = 0; i < entries->len; i++)
      {
        Entry *e = &g_array_index (entries, Entry, i);

        if (e->types & ~seen)
          g_array_append_val (numbers, e->number);
        seen |= e->types;
      }
    for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
      if (seen & daybook_behaviour_nth (t))
        g_string_append_printf (kinds, "%s%s", kinds->len ? ", " : "",
                                daybook_behaviour_get_label (daybook_behaviour_nth (t)));
    g_ptr_array_add (
        c->four[DAYBOOK_FOUR_OBSESSIVE],
        fact_new (_ ("Kinds of behaviour"),
                  c->n_kinds == 0 ? g_strdup (_ ("No behaviour types are marked on these entries."))
                                  /* TRANSLATORS: how many kinds, then their names */
                                  : g_strdup_printf (
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "%u kind of behaviour is recorded (%s); the "
                                                   "entries listed are where it first appears.",
                                                   "%u kinds of behaviour are recorded (%s); the "
                                                   "entries listed are where each first appears.",
                                                   c->n_kinds),
                                      c->n_kinds, kinds->str),
                  numbers));
  }

  /* Unwanted: what the victim recorded it did to them. */
  {
    GArray *distress = numbers_new ();
    GArray *fear = numbers_new ();

    for (guint i = 0; i < entries->len; i++)
      {
        Entry *e = &g_array_index (entries, Entry, i);

        if (e->distress)
          g_array_append_val (distress, e->number);
        if (e->fear)
          g_array_append_val (fear, e->number);
      }
    g_ptr_array_add (
        c->four[DAYBOOK_FOUR_UNWANTED],
        fact_new (_ ("Alarm or distress"),
                  COUNT_TEXT (distress, _ ("No entry is marked as causing alarm or distress."),
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u entry is marked as causing alarm or distress.",
                                           "%u entries are marked as causing alarm or distress.",
                                           distress->len)),
                  distress));
    g_ptr_array_add (
        c->four[DAYBOOK_FOUR_UNWANTED],
        fact_new (
            _ ("Fear of violence"),
            COUNT_TEXT (
                fear, _ ("No entry is marked as causing fear that violence would be used."),
                g_dngettext (GETTEXT_PACKAGE,
                             "%u entry is marked as causing fear that violence would be used.",
                             "%u entries are marked as causing fear that violence would be "
                             "used.",
                             fear->len)),
            fear));
  }

  /* Repeated: how many times, on how many days, over how long. */
  {
    GArray *numbers = numbers_new ();
    g_autofree char *from = format_day (first);
    g_autofree char *to = format_day (last);
    g_autofree char *entries_text = NULL;
    g_autofree char *days_text = NULL;

    for (guint i = 0; i < entries->len; i++)
      g_array_append_val (numbers, g_array_index (entries, Entry, i).number);
    entries_text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", c->n_entries), c->n_entries);
    days_text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u different day", "%u different days", c->n_days),
        c->n_days);
    g_ptr_array_add (c->four[DAYBOOK_FOUR_REPEATED],
                     fact_new (_ ("Days with incidents"),
                               /* TRANSLATORS: "12 entries on 9 different days, from 1 March 2026
                                  to 30 April 2026." */
                               g_strdup_printf (_ ("%s on %s, from %s to %s."), entries_text,
                                                days_text, from, to),
                               numbers));
  }
}

static void
build_screening (DaybookConduct *c, DaybookConductBuilder *b)
{
  GArray *entries = b->entries;
  guint32 first = g_array_index (entries, Entry, 0).day;
  guint32 last = g_array_index (entries, Entry, entries->len - 1).day;
  guint32 window_from = last >= WINDOW_DAYS - 1 ? last - (WINDOW_DAYS - 1) : 0;
  guint32 prev_from = window_from >= WINDOW_DAYS ? window_from - WINDOW_DAYS : 0;
  DaybookConductFact *s = c->screening;
  GArray *numbers;

  numbers = entries_with (entries, DAYBOOK_BEHAVIOUR_THREAT);
  set_fact (&s[DAYBOOK_SCREENING_THREATS], _ ("Threats"),
            COUNT_TEXT (numbers, _ ("No entry records a threat."),
                        g_dngettext (GETTEXT_PACKAGE, "%u entry records a threat (type “Threat”).",
                                     "%u entries record a threat (type “Threat”).", numbers->len)),
            numbers);
  numbers = entries_with (entries, DAYBOOK_BEHAVIOUR_VIOLENCE);
  set_fact (
      &s[DAYBOOK_SCREENING_VIOLENCE], _ ("Violence"),
      COUNT_TEXT (numbers, _ ("No entry records violence."),
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u entry records violence or physical harm (type “Violence”).",
                               "%u entries record violence or physical harm (type “Violence”).",
                               numbers->len)),
      numbers);
  numbers = numbers_new ();
  for (guint i = 0; i < entries->len; i++)
    if (g_array_index (entries, Entry, i).fear)
      g_array_append_val (numbers, g_array_index (entries, Entry, i).number);
  set_fact (
      &s[DAYBOOK_SCREENING_FEAR], _ ("Fear of violence"),
      COUNT_TEXT (numbers, _ ("No entry is marked as causing fear that violence would be used."),
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u entry is marked as causing fear that violence would be used.",
                               "%u entries are marked as causing fear that violence would be used.",
                               numbers->len)),
      numbers);
  numbers = entries_with (entries, DAYBOOK_BEHAVIOUR_PROPERTY);
  set_fact (
      &s[DAYBOOK_SCREENING_PROPERTY], _ ("Property"),
      COUNT_TEXT (numbers, _ ("No entry records interference with or damage to property."),
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u entry records interference with or damage to property (type "
                               "“Property”, which does not tell the two apart).",
                               "%u entries record interference with or damage to property (type "
                               "“Property”, which does not tell the two apart).",
                               numbers->len)),
      numbers);

  /* Visits to home or work: more than three in one week. */
  {
    GArray *visits = numbers_new ();
    guint n_weeks = 0;
    DaybookBehaviour presence
        = DAYBOOK_BEHAVIOUR_FOLLOWING | DAYBOOK_BEHAVIOUR_LOITERING | DAYBOOK_BEHAVIOUR_WATCHING;

    for (guint i = 0; i < entries->len;)
      {
        guint32 week = monday_of (g_array_index (entries, Entry, i).day);
        guint j = i, n = 0;

        for (; j < entries->len && monday_of (g_array_index (entries, Entry, j).day) == week; j++)
          {
            Entry *e = &g_array_index (entries, Entry, j);

            if ((e->types & presence) && names_home_or_work (e->place))
              n++;
          }
        if (n > VISITS_PER_WEEK)
          {
            n_weeks++;
            for (guint k = i; k < j; k++)
              {
                Entry *e = &g_array_index (entries, Entry, k);

                if ((e->types & presence) && names_home_or_work (e->place))
                  g_array_append_val (visits, e->number);
              }
          }
        i = j;
      }
    set_fact (&s[DAYBOOK_SCREENING_VISITS], _ ("Visits to home or work"),
              n_weeks == 0
                  ? g_strdup (_ ("No week (Monday to Sunday) has more than three entries of "
                                 "following, loitering or watching at a location naming home or "
                                 "work."))
                  : g_strdup_printf (
                      g_dngettext (GETTEXT_PACKAGE,
                                   "%u week (Monday to Sunday) has more than three entries of "
                                   "following, loitering or watching at a location naming home "
                                   "or work.",
                                   "%u weeks (Monday to Sunday) have more than three entries of "
                                   "following, loitering or watching at a location naming home "
                                   "or work.",
                                   n_weeks),
                      n_weeks),
              visits);
  }

  numbers = entries_with (entries, DAYBOOK_BEHAVIOUR_THIRD_PARTY);
  set_fact (&s[DAYBOOK_SCREENING_THIRD_PARTIES], _ ("Third parties contacted or used"),
            COUNT_TEXT (
                numbers, _ ("No entry records contact or pressure through others."),
                g_dngettext (GETTEXT_PACKAGE,
                             "%u entry records contact or pressure through others (type “Through "
                             "others”).",
                             "%u entries record contact or pressure through others (type “Through "
                             "others”).",
                             numbers->len)),
            numbers);

  /* Escalation: more often in the last 28 days than in the 28 before. */
  {
    GArray *recent = numbers_new ();
    guint n_prev = 0;
    gboolean earlier = first < window_from;
    g_autofree char *to = format_day (last);

    for (guint i = 0; i < entries->len; i++)
      {
        Entry *e = &g_array_index (entries, Entry, i);

        if (e->day >= window_from)
          g_array_append_val (recent, e->number);
        else if (e->day >= prev_from)
          n_prev++;
      }
    if (!earlier)
      {
        g_array_set_size (recent, 0);
        set_fact (&s[DAYBOOK_SCREENING_MORE_OFTEN], _ ("More often"),
                  g_strdup (_ ("All the selected entries are within 28 days of the last one, so "
                               "there is no earlier period to compare.")),
                  recent);
      }
    else
      {
        guint n_recent = recent->len;
        g_autofree char *recent_text = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n_recent), n_recent);
        g_autofree char *prev_text = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n_prev), n_prev);

        if (n_recent <= n_prev)
          g_array_set_size (recent, 0);
        set_fact (&s[DAYBOOK_SCREENING_MORE_OFTEN], _ ("More often"),
                  n_recent > n_prev
                      /* TRANSLATORS: the last day, then the two counts */
                      ? g_strdup_printf (_ ("More often: the 28 days to %s have %s, the 28 days "
                                            "before them %s."),
                                         to, recent_text, prev_text)
                      : g_strdup_printf (_ ("Not more often: the 28 days to %s have %s, the 28 "
                                            "days before them %s."),
                                         to, recent_text, prev_text),
                  recent);
      }
  }

  /* Escalation: kinds of behaviour new in the last 28 days. */
  {
    GArray *found_numbers = numbers_new ();
    DaybookBehaviour before = 0, found = 0;
    gboolean earlier = first < window_from;
    g_autoptr (GString) kinds = g_string_new (NULL);

    for (guint i = 0; i < entries->len; i++)
      {
        Entry *e = &g_array_index (entries, Entry, i);

        if (e->day < window_from)
          before |= e->types;
        else if (earlier && (e->types & ~before & ~found))
          {
            found |= e->types & ~before;
            g_array_append_val (found_numbers, e->number);
          }
      }
    for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
      if (found & daybook_behaviour_nth (t))
        g_string_append_printf (kinds, "%s%s", kinds->len ? ", " : "",
                                daybook_behaviour_get_label (daybook_behaviour_nth (t)));
    set_fact (&s[DAYBOOK_SCREENING_NEW_KINDS], _ ("New kinds of behaviour"),
              !earlier ? g_strdup (_ ("All the selected entries are within 28 days of the last "
                                      "one, so no kind of behaviour is new against an earlier "
                                      "period."))
              : found == 0
                  ? g_strdup (_ ("No kind of behaviour in the last 28 days is new: each was "
                                 "recorded before."))
                  /* TRANSLATORS: behaviour type names */
                  : g_strdup_printf (_ ("First recorded in the last 28 days: %s."), kinds->str),
              found_numbers);
  }

  /* Escalation: a first threat after weeks of conduct. */
  {
    GArray *found_numbers = numbers_new ();
    Entry *threat = NULL;

    for (guint i = 0; i < entries->len && threat == NULL; i++)
      if (g_array_index (entries, Entry, i).types & DAYBOOK_BEHAVIOUR_THREAT)
        threat = &g_array_index (entries, Entry, i);
    if (threat == NULL)
      set_fact (&s[DAYBOOK_SCREENING_FIRST_THREAT], _ ("First threat"),
                g_strdup (_ ("No entry records a threat.")), found_numbers);
    else
      {
        guint days = threat->day - first;
        g_autofree char *day = format_day (threat->day);

        if (days >= FIRST_THREAT_DAYS)
          g_array_append_val (found_numbers, threat->number);
        set_fact (&s[DAYBOOK_SCREENING_FIRST_THREAT], _ ("First threat"),
                  days >= FIRST_THREAT_DAYS
                      /* TRANSLATORS: entry number, its date, then days after the first entry */
                      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "The first threat recorded (entry %u, %s) "
                                                      "came %u day after the first entry.",
                                                      "The first threat recorded (entry %u, %s) "
                                                      "came %u days after the first entry.",
                                                      days),
                                         (guint)threat->number, day, days)
                      : g_strdup_printf (_ ("The first threat recorded (entry %u, %s) came within "
                                            "14 days of the first entry."),
                                         (guint)threat->number, day),
                  found_numbers);
      }
  }
}

/* Everything added so far, as facts. Frees @b. */
DaybookConduct *
_daybook_conduct_builder_finish (DaybookConductBuilder *b)
{
  DaybookConduct *c = g_new0 (DaybookConduct, 1);
  g_autoptr (GHashTable) days = g_hash_table_new (NULL, NULL);
  GArray *entries = b->entries;
  Person *suspect = NULL;
  GHashTableIter iter;
  gpointer key, value;

  c->n_entries = entries->len;
  c->n_private_left_out = b->n_private_left_out;
  g_date_clear (&c->first_week, 1);
  g_date_clear (&c->longest_run_from, 1);
  c->weeks = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint g = 0; g < DAYBOOK_CONDUCT_N_GROUPS; g++)
    c->groups[g] = numbers_new ();
  c->people = g_ptr_array_new_with_free_func (conduct_person_free);
  c->places = g_ptr_array_new_with_free_func (place_free);

  if (entries->len == 0)
    {
      for (guint f = 0; f < DAYBOOK_FOUR_N; f++)
        c->four[f] = g_ptr_array_new_with_free_func (fact_free);
      for (guint s = 0; s < DAYBOOK_SCREENING_N; s++)
        set_fact (&c->screening[s], "", g_strdup (_ ("No entries are selected.")), NULL);
      _daybook_conduct_builder_free (b);
      return c;
    }

  {
    guint32 origin = monday_of (g_array_index (entries, Entry, 0).day);
    guint32 best_from = origin;
    guint run = 0;

    /* Entries come in time order, but local days may go back a little
     * across time zones: take the earliest. */
    for (guint i = 0; i < entries->len; i++)
      origin = MIN (origin, monday_of (g_array_index (entries, Entry, i).day));
    g_date_set_julian (&c->first_week, origin);
    for (guint i = 0; i < entries->len; i++)
      {
        Entry *e = &g_array_index (entries, Entry, i);
        guint w = (e->day - origin) / 7;
        DaybookBehaviour group_seen = 0;

        if (w >= c->weeks->len)
          g_array_set_size (c->weeks, w + 1);
        g_array_index (c->weeks, guint, w)++;
        g_hash_table_add (days, GUINT_TO_POINTER (e->day));
        for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
          if (e->types & daybook_behaviour_nth (t))
            {
              DaybookConductGroup g = daybook_conduct_group_of (daybook_behaviour_nth (t));

              c->type_counts[t]++;
              if (!(group_seen & (1u << g)))
                {
                  g_array_append_val (c->groups[g], e->number);
                  group_seen |= 1u << g;
                }
            }
      }
    for (guint w = 0; w < c->weeks->len; w++)
      {
        run = g_array_index (c->weeks, guint, w) > 0 ? run + 1 : 0;
        if (run > c->longest_run)
          {
            c->longest_run = run;
            best_from = origin + 7 * (w + 1 - run);
          }
      }
    g_date_set_julian (&c->longest_run_from, best_from);
  }
  c->n_days = g_hash_table_size (days);
  for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
    if (c->type_counts[t] > 0)
      c->n_kinds++;
  for (guint g = 0; g < DAYBOOK_CONDUCT_N_GROUPS; g++)
    sort_numbers (c->groups[g]);

  g_hash_table_iter_init (&iter, b->people);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Person *person = value;
      DaybookConductPerson *out = g_new0 (DaybookConductPerson, 1);

      *out = person->person;
      out->name = g_strdup (person->person.name);
      g_ptr_array_add (c->people, out);
      if (person->suspect->len >= 2
          && (suspect == NULL || person->suspect->len > suspect->suspect->len
              || (person->suspect->len == suspect->suspect->len
                  && g_utf8_collate (person->person.name, suspect->person.name) < 0)))
        suspect = person;
    }
  g_ptr_array_sort (c->people, compare_people);

  g_hash_table_iter_init (&iter, b->places);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DaybookConductPlace *place = value;

      if (place->numbers->len < 2)
        continue;
      g_hash_table_iter_steal (&iter);
      g_free (key);
      sort_numbers (place->numbers);
      g_ptr_array_add (c->places, place);
    }
  g_ptr_array_sort (c->places, compare_places);

  build_four (c, b, suspect);
  build_screening (c, b);
  _daybook_conduct_builder_free (b);
  return c;
}

static gboolean
names_anyone (const char *const *people, DaybookIncident *incident)
{
  if (people == NULL || people[0] == NULL)
    return TRUE;
  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      g_autofree char *name = g_utf8_casefold (daybook_incident_get_person (incident, i)->name, -1);

      for (guint j = 0; people[j] != NULL; j++)
        {
          g_autofree char *wanted = g_utf8_casefold (people[j], -1);

          if (g_utf8_collate (name, wanted) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * daybook_diary_compute_conduct:
 * @query: what to select, as for a report (private entries only when
 *   @query includes them)
 * @people: (nullable) (array zero-terminated=1): only entries naming any of
 *   these people, as daybook_report_set_people()
 *
 * The course of conduct of the selected entries: the same selection and
 * the same facts as the report's summary.
 *
 * Returns: (transfer full): the facts; free with daybook_conduct_free()
 */
DaybookConduct *
daybook_diary_compute_conduct (DaybookDiary *diary, const DaybookQuery *query,
                               const char *const *people, GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookQuery) q = daybook_query_copy (query);
  g_autoptr (GListModel) list = NULL;
  DaybookConductBuilder *b;
  guint n;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  q->include_private = TRUE;
  q->newest_first = FALSE;
  if (people != NULL && people[0] != NULL && people[1] == NULL)
    daybook_query_set_person (q, people[0]);
  list = daybook_diary_query (diary, q, error);
  if (list == NULL)
    return NULL;
  b = _daybook_conduct_builder_new ();
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DaybookIncident) incident = g_list_model_get_item (list, i);

      if (i % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          _daybook_conduct_builder_free (b);
          return NULL;
        }
      if (!names_anyone (people, incident))
        continue;
      if (daybook_incident_get_private (incident) && !query->include_private)
        {
          _daybook_conduct_builder_left_out (b);
          continue;
        }
      _daybook_conduct_builder_add (b, incident);
    }
  return _daybook_conduct_builder_finish (b);
}

typedef struct
{
  DaybookQuery *query;
  GStrv people;
} ConductTask;

static void
conduct_task_free (gpointer data)
{
  ConductTask *t = data;

  daybook_query_free (t->query);
  g_strfreev (t->people);
  g_free (t);
}

static void
conduct_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ConductTask *t = task_data;
  GError *error = NULL;
  DaybookConduct *conduct = daybook_diary_compute_conduct (
      source, t->query, (const char *const *)t->people, cancellable, &error);

  if (conduct != NULL)
    g_task_return_pointer (task, conduct, (GDestroyNotify)daybook_conduct_free);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_diary_compute_conduct_async:
 *
 * daybook_diary_compute_conduct() in a worker thread, on copies of @query
 * and @people.
 */
void
daybook_diary_compute_conduct_async (DaybookDiary *diary, const DaybookQuery *query,
                                     const char *const *people, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  ConductTask *t = g_new0 (ConductTask, 1);

  g_return_if_fail (DAYBOOK_IS_DIARY (diary));

  t->query = daybook_query_copy (query);
  t->people = g_strdupv ((char **)people);
  g_task_set_source_tag (task, daybook_diary_compute_conduct_async);
  g_task_set_task_data (task, t, conduct_task_free);
  g_task_run_in_thread (task, conduct_thread);
}

/**
 * daybook_diary_compute_conduct_finish:
 *
 * Returns: (transfer full) (nullable): the facts, or %NULL with @error set
 */
DaybookConduct *
daybook_diary_compute_conduct_finish (DaybookDiary *diary, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, diary), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
