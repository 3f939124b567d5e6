/* daybook-report-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-i18n.h"

#include <pango/pangocairo.h>

#include "daybook-conduct.h"
#include "daybook-exports.h"
#include "daybook-report.h"
#include "daybook-history.h"
#include "daybook-report-exhibits.h"
#include "daybook-signature.h"

G_BEGIN_DECLS

#define DAYBOOK_MM(mm) ((mm)*72.0 / 25.4)

typedef struct _DaybookFlow DaybookFlow;
typedef struct _DaybookMeasurers DaybookMeasurers;
typedef struct _DaybookLine DaybookLine;

typedef void (*DaybookDrawFunc) (DaybookReport *self, cairo_t *cr, double x, double y, double width,
                                 gpointer data);

typedef enum
{
  DAYBOOK_STYLE_TITLE,
  DAYBOOK_STYLE_HEADING,
  DAYBOOK_STYLE_SUBHEADING,
  DAYBOOK_STYLE_ENTRY,
  DAYBOOK_STYLE_BODY,
  DAYBOOK_STYLE_SMALL,
  DAYBOOK_STYLE_MONO,
  DAYBOOK_STYLE_TABLE,
  DAYBOOK_N_STYLES,
} DaybookStyle;

/* One unit of a page: a text layout that may be split between lines, or a
 * drawing of fixed height that may not. Line geometry is kept so both the
 * pagination pass and the drawing pass split at the same places. */
typedef struct
{
  PangoLayout *layout;
  PangoLayout *built; /* while drawing: the layout @layout replaced (_daybook_flow_measure_in()) */
  char *text;
  DaybookStyle style;
  double indent;
  double space_before;
  double height;
  DaybookDrawFunc draw;
  gpointer data;
  GDestroyNotify destroy;
  char *outline;
  int outline_level;
  guint keep_with_next : 1;
  guint shade : 1;
  guint measured : 1; /* n_lines, line_top, baseline and height are set */
  guint n_lines;
  double *line_top;
  double *baseline;
  DaybookLine *lines; /* n_lines, where they were broken here (daybook-report-lines.c); NULL
                         where Pango broke them */
  GPtrArray *labels;  /* a table's: each row's label, drawn beside it */
} DaybookBlock;

struct _DaybookFlow
{
  DaybookReport *report;
  GPtrArray *blocks;
  char *continued;
};

/* Where a page starts: pages are recomputed from these, so the whole
 * document is never held in memory. */
typedef struct
{
  guint section;
  guint item;
  guint block;
  guint line;
} DaybookCursor;

typedef struct
{
  char *name;
  guint roles;
  guint count;
} DaybookReportPerson;

typedef enum
{
  DAYBOOK_BUCKET_WEEK,
  DAYBOOK_BUCKET_MONTH,
  DAYBOOK_BUCKET_YEAR,
} DaybookBucket;

typedef struct
{
  guint type_counts[DAYBOOK_N_BEHAVIOURS];
  DaybookWhen first;
  DaybookWhen last;
  DaybookPrecision first_precision;
  DaybookPrecision last_precision;
  guint n_gaps;
  gint64 longest_gap;
  gint64 median_gap;
  gint64 gap_from_number;
  gint64 gap_to_number;
  DaybookWhen gap_from;
  DaybookWhen gap_to;
  GArray *days;
  DaybookBucket bucket;
  GDate bucket_origin;
  GArray *buckets;
  GPtrArray *people;
  guint n_private_notes;
  guint n_edited;
  guint n_reported;
} DaybookReportStats;

/* Orders, breach marks and police contacts (daybook-report-registers.c). */
typedef struct
{
  GHashTable *numbers;       /* the report's entry numbers (gint64 keys) */
  GPtrArray *orders;         /* DaybookOrder shown */
  GArray *marks;             /* DaybookBreachMark of the report's entries */
  GPtrArray *contacts;       /* DaybookPoliceContact shown, as they happened */
  guint n_contacts_left_out; /* naming only entries not in the report */
} DaybookReportRegisters;

struct _DaybookReport
{
  GObject parent_instance;

  DaybookDiary *diary;
  DaybookQuery *query;
  GStrv people;
  DaybookPaper paper;
  char *title;
  gint64 generated_at;
  gboolean generated_at_set;
  gboolean deterministic;

  /* filled by prepare */
  gboolean prepared;
  GListModel *incidents;
  guint incident_block; /* which FORGET_EVERY positions were read last */
  GArray *positions;
  GArray *numbers;
  guint n_incidents;
  guint n_in_diary;
  guint n_private_left_out;
  DaybookReportStats stats;
  DaybookConduct *conduct; /* the summary's stalking facts, same selection */
  gboolean history;        /* set_history(): the appendix of earlier versions */
  GPtrArray *histories;    /* GListModel of DaybookRevision per edited entry, in order */
  DaybookExhibitProvider *exhibits;
  char *report_id;
  char *fingerprint;
  GPtrArray *clock_regressions; /* DaybookClockRegression, the whole chain's */
  GHashTable *clock_by_entry;   /* entry number → GPtrArray of its regressions */
  gint64 chain_length;
  char *since_text;        /* set_since(), or NULL */
  DaybookSince *since;     /* filled by prepare when since_text is set */
  char *since_head;        /* the earlier head, 64 hex digits */
  DaybookExport *since_of; /* the register's record it names, or NULL */
  DaybookReportKey *key;   /* NULL: a bundle, which has none and cannot sign */
  DaybookReportRegisters registers;
  DaybookReportMessages messages_mode;
  GPtrArray *messages;        /* DaybookMessage, by time: what the message log and summary show */
  GPtrArray *message_sources; /* DaybookMessageSource with a message in @messages */
  char *generated_text;
  char **settings;
  /* The report's language: its strings, dates and direction while it is
   * prepared and drawn (daybook_i18n_push_language()); set_language() or,
   * at prepare(), the process's language when it is one of the report's. */
  const DaybookCatalog *catalog;
  gboolean rtl; /* the catalogue's language is written right to left: pages mirrored */
  GTimeZone *local_tz;
  GHashTable *zones;

  PangoFontMap *font_map;
  PangoContext *context;
  PangoFontDescription *fonts[DAYBOOK_N_STYLES];
  GHashTable *label_layouts; /* a table label's markup → its layout, in @context */
  PangoLayout *frame_title;  /* the header and footer lines every page shares */
  PangoLayout *frame_refs;   /* NULL without a case or crime reference */
  PangoLayout *frame_footer;
  /* while paginating or writing a PDF: threads that lay out the blocks of the items ahead */
  DaybookMeasurers *measurers;
  double page_width;
  double page_height;
  double margin;
  double body_top;
  double body_bottom;
  GArray *pages;
  DaybookFlow *kept_flow;
  guint kept_section;
  guint kept_item;
  guint kept_block; /* the blocks before it were placed, their layouts let go */

  /* only while writing a PDF */
  cairo_surface_t *outline_surface;
  int outline_parent;
  guint current_page;
};

/* settings[] indexes */
enum
{
  DAYBOOK_REPORT_OWNER,
  DAYBOOK_REPORT_INITIALS,
  DAYBOOK_REPORT_CASE_REF,
  DAYBOOK_REPORT_CRIME_REF,
  DAYBOOK_REPORT_POLICE_FORCE,
  DAYBOOK_REPORT_ORDERS,
  DAYBOOK_REPORT_ADVOCATE,
  DAYBOOK_REPORT_N_SETTINGS,
};

typedef struct
{
  gboolean new_page;
  guint (*n_items) (DaybookReport *self);
  void (*build) (DaybookReport *self, guint item, DaybookFlow *flow);
} DaybookSection;

/* daybook-report.c */
DaybookIncident *_daybook_report_get_incident (DaybookReport *self, guint i);
const char *_daybook_report_get_setting (DaybookReport *self, guint which);
char *_daybook_report_format_time (DaybookReport *self, gint64 utc, const DaybookWhen *zone_of);
gboolean _daybook_report_register (DaybookReport *self, gboolean signed_, GError **error);

/* daybook-report-verify.c */
char *_daybook_report_dup_key_handover (DaybookReport *self);

/* daybook-report-time.c */
char *_daybook_report_format_when (DaybookReport *self, const DaybookWhen *when,
                                   DaybookPrecision precision);
char *_daybook_report_format_day (const DaybookWhen *when);

/* daybook-report-block.c */
DaybookFlow *_daybook_flow_new (DaybookReport *self);
void _daybook_flow_free (DaybookFlow *flow);
DaybookBlock *_daybook_flow_get_block (DaybookFlow *flow, guint i);
void _daybook_flow_add_paragraphs (DaybookFlow *flow, DaybookStyle style, const char *text,
                                   double space_before);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookFlow, _daybook_flow_free)

/* daybook-report-flow.c */
void _daybook_report_setup_fonts (DaybookReport *self);
PangoLayout *_daybook_report_new_layout (DaybookReport *self, DaybookStyle style, double width);
DaybookBlock *_daybook_flow_add_layout (DaybookFlow *flow, PangoLayout *layout);
DaybookBlock *_daybook_flow_add_text (DaybookFlow *flow, DaybookStyle style, const char *text);
DaybookBlock *_daybook_flow_add_drawing (DaybookFlow *flow, double height, DaybookDrawFunc draw,
                                         gpointer data, GDestroyNotify destroy);
void _daybook_flow_add_heading (DaybookFlow *flow, const char *text);
void _daybook_flow_set_continued (DaybookFlow *flow, const char *text);
void _daybook_flow_measure_in (DaybookFlow *flow, PangoContext *context, GHashTable *fonts);
PangoContext *_daybook_report_new_context (DaybookReport *self);
PangoLayout *_daybook_report_new_layout_in (DaybookReport *self, PangoContext *context,
                                            DaybookStyle style, double width);
double _daybook_report_body_width (DaybookReport *self);
void _daybook_report_start_measurers (DaybookReport *self, gboolean drawing);
void _daybook_report_stop_measurers (DaybookReport *self);
gboolean _daybook_report_fill_page (DaybookReport *self, cairo_t *cr, const DaybookCursor *start,
                                    DaybookCursor *next);
void _daybook_report_draw_frame (DaybookReport *self, cairo_t *cr, guint page);
void _daybook_report_clear_frame (DaybookReport *self);

/* daybook-report-lines.c */
gboolean _daybook_lines_break (DaybookBlock *block, PangoLayout *layout);
void _daybook_lines_cut (DaybookBlock *block);
void _daybook_lines_draw (DaybookBlock *block, cairo_t *cr, guint first, guint n, double x,
                          double y);
void _daybook_lines_free (DaybookBlock *block);
gboolean _daybook_lines_starts_paragraph (DaybookBlock *block, guint i);

/* daybook-report-table.c: label/value rows, the values in one layout and each label drawn
 * beside its row */
typedef struct _DaybookTable DaybookTable;
DaybookTable *_daybook_table_new (double label_width);
void _daybook_table_add (DaybookTable *table, const char *label, const char *value);
void _daybook_table_add_markup (DaybookTable *table, const char *label, const char *value_markup);
gboolean _daybook_table_is_empty (DaybookTable *table);
DaybookBlock *_daybook_flow_add_table (DaybookFlow *flow, DaybookTable *table);
void _daybook_report_draw_labels (DaybookReport *self, cairo_t *cr, DaybookBlock *block,
                                  guint first, guint n, double y);

/* the sections, in order */
extern const DaybookSection _daybook_report_cover;
extern const DaybookSection _daybook_report_summary;
extern const DaybookSection _daybook_report_since;
extern const DaybookSection _daybook_report_orders;
extern const DaybookSection _daybook_report_contacts;
extern const DaybookSection _daybook_report_timeline;
extern const DaybookSection _daybook_report_schedule;
extern const DaybookSection _daybook_report_history;
extern const DaybookSection _daybook_report_verify;
extern const DaybookSection _daybook_report_message_summary;
extern const DaybookSection _daybook_report_message_log;

/* daybook-report-chart.c: a bar chart of counts over time; one series is
 * drawn plain, several are stacked with a legend. */
typedef struct
{
  guint n_bars;
  guint n_series;
  guint *values;       /* n_bars × n_series, bar by bar */
  char **bar_labels;   /* n_bars, NULL where a bar has no label */
  char **series_names; /* n_series, shown in the legend when more than one */
} DaybookChart;

DaybookChart *_daybook_chart_new (guint n_bars, guint n_series);
void _daybook_chart_free (DaybookChart *chart);
double _daybook_chart_get_height (const DaybookChart *chart);
void _daybook_chart_draw (DaybookReport *self, cairo_t *cr, double x, double y, double width,
                          gpointer data);
DaybookBlock *_daybook_flow_add_chart (DaybookFlow *flow, DaybookChart *chart);
DaybookBucket _daybook_report_bucket_for (guint32 first, guint32 last, GDate *origin);
guint _daybook_report_bucket_index (DaybookBucket bucket, const GDate *origin, guint32 julian);
char *_daybook_report_bucket_label (DaybookBucket bucket, const GDate *origin, guint i);

/* daybook-report-messages.c */
gboolean _daybook_report_collect_messages (DaybookReport *self, GError **error);

/* daybook-report-summary.c */
gboolean _daybook_report_collect_stats (DaybookReport *self, GCancellable *cancellable,
                                        GError **error);
void _daybook_report_stats_clear (DaybookReportStats *stats);

guint _daybook_report_month_of (DaybookReport *self, guint i);
char *_daybook_report_format_date (const GDate *date, const char *format);
char *_daybook_report_format_gap (gint64 seconds);

/* daybook-report-registers.c */
gboolean _daybook_report_collect_registers (DaybookReport *self, GError **error);
void _daybook_report_registers_clear (DaybookReportRegisters *registers);
void _daybook_report_add_breach_summary (DaybookReport *self, DaybookFlow *flow);

/* daybook-report-exhibits.c */
void _daybook_report_add_thumbnails (DaybookFlow *flow, GPtrArray *exhibits);

/* daybook-report-since.c */
char *_daybook_report_format_link (gint64 length);

/* daybook-report-history.c */
gboolean _daybook_report_load_histories (DaybookReport *self, GCancellable *cancellable,
                                         GError **error);

/* daybook-report-timeline.c */
char *_daybook_report_dup_types_text (DaybookBehaviour types);

G_END_DECLS
