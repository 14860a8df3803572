/* annalist-ui.h — small helpers shared by the window's widgets
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "annalist-store.h"

G_BEGIN_DECLS

/* The name people know a record by: its title field, or its display text
 * in the store, or «Event 12». */
char     *annalist_ui_record_title   (AnnalistStore  *store,
                                      AnnalistRecord *record);

/* Shows @toast in the nearest AdwToastOverlay around @widget. */
void      annalist_ui_status_page_set_icon_when_shown (AdwStatusPage *page,
                                                      const char    *icon_name);
void      annalist_ui_present        (GtkWindow      *window);
void      annalist_ui_add_toast      (GtkWidget      *widget,
                                      AdwToast       *toast);

/* Tab and Shift+Tab leave @list (a GtkListView or GtkListBox) for the
 * next control: GTK 4.8 moves them from row to row, a stop per row. The
 * arrows go along the rows. */
void      annalist_ui_tab_leaves     (GtkWidget      *list);
/* Moves the focus to the next (or previous) control of @widget's window
 * outside @widget; FALSE when there is none. */
gboolean  annalist_ui_focus_past     (GtkWidget        *widget,
                                      GtkDirectionType  direction);

/* Shows an error sentence in a dialog over @widget's window. */
void      annalist_ui_show_error     (GtkWidget      *widget,
                                      const char     *heading,
                                      const char     *sentence);

GFile    *annalist_ui_dropped_file   (GtkWidget      *widget,
                                      const GValue   *value,
                                      const char     *heading);

/* An icon button as a row's suffix: centred, flat, with @label as its
 * tooltip and as the name a screen reader says. */
void      annalist_ui_flat_icon_button (GtkWidget    *button,
                                        const char   *label);

/* «Cancel» and one answer @response (@label) for @dialog, Escape
 * cancelling: a destructive answer leaves Cancel the default, any other
 * is the default. */
void      annalist_ui_dialog_add_answer (AdwMessageDialog      *dialog,
                                         const char            *response,
                                         const char            *label,
                                         AdwResponseAppearance  appearance);

/* A dropdown of GTK 4.8 takes the focus in its inner toggle button,
 * which a screen reader would call «GtkToggleButton»: it gets @name, the
 * dropdown's. */
void      annalist_ui_name_dropdown_button (GtkWidget  *dropdown,
                                            const char *name);

/* An icon that only decorates what says the same in words (a row's
 * arrow, an import row's verdict beside its subtitle): left out of the
 * accessibility tree, where GTK 4.8 would read it «GtkImage». */
GtkWidget *annalist_ui_decoration    (const char     *icon_name);

/* A dialog's rows, framed as libadwaita frames a group's: a list that
 * selects nothing, named @name for a screen reader. */
GtkWidget *annalist_ui_boxed_list    (const char     *name);

/* Reveals or folds @revealer, @shown (the revealer or a widget around
 * it, hidden at first) visible only while there is something to show: a
 * folded revealer keeps its child in the accessibility tree, where a
 * screen reader would find its empty labels and read them by their
 * types. Once folded, @shown is hidden. */
void      annalist_ui_reveal         (GtkRevealer    *revealer,
                                      GtkWidget      *shown,
                                      gboolean        reveal);

/* GTK 4.8 and libadwaita 1.2 read parts of their own windows by their
 * types («GtkShortcutLabel», «GtkSearchEntry», «AdwViewSwitcher»): below
 * @widget (but in an AdwPreferencesPage, ours), each key of a shortcuts
 * window is named by its accelerators' labels («Ctrl+N», «Tab /
 * Enter»), the search field and the button that shows it @search_name,
 * a view switcher @switcher_name (if not NULL). (Later GTK names the
 * keys by their parts, which a screen reader takes first.) */
void      annalist_ui_name_toolkit_parts (GtkWidget  *widget,
                                          const char *search_name,
                                          const char *switcher_name);

/* Enter on @row (in a dialog) opens its list, as Space does, instead of
 * answering the dialog; Enter anywhere else still answers it. */
void      annalist_ui_combo_row_opens_on_enter (AdwComboRow *row);

/* Opens @uri in the default application, from @widget's display; when
 * that fails, says why under @heading over @widget's window (with no
 * @widget, only in the log): @what is the sentence of what could not be
 * opened («The folder of “Отчёт.odt” could not be opened»), @no_handler
 * the reason when nothing here opens it («no application for opening
 * folders was found»). */
void      annalist_ui_launch_uri     (GtkWidget      *widget,
                                      const char     *uri,
                                      const char     *heading,
                                      const char     *what,
                                      const char     *no_handler);
/* The sentence annalist_ui_launch_uri () shows for @error: @what and
 * @no_handler when no application opens it, else @what with GIO's own
 * words apart. */
char     *annalist_ui_launch_failure (const char     *what,
                                      const char     *no_handler,
                                      const GError   *error);

/* A dropdown's factory for the names in a GtkStringList: with
 * @shorten_to 0, its list's, which shows a name whole, wrapped (60
 * characters wide at most); else its button's, which ellipsizes a long
 * name (at @shorten_to characters, or where the button ends when
 * negative) and tells it whole in a tooltip. */
GtkListItemFactory *annalist_ui_name_factory (int shorten_to);

/* @scroller scrolls sideways only and gives the vertical wheel to the
 * scrolled window around it (a table inside a form). */
void      annalist_ui_scroll_sideways_only (GtkScrolledWindow *scroller);

/* The kinds whose records are listed under a record of @kind in its
 * editor: every kind with a required reference to @kind. @columns gets
 * the referring column of each. */
GPtrArray *annalist_ui_related_kinds (const AnnalistKind *kind,
                                      GPtrArray          *columns);

/* Ids of the records of @kind whose @column is @id, or, @column being a
 * REFERENCES field, that name organisation @id in its junction table;
 * ordered by @order_by (SQL over the kind's columns), NULL: the kind's
 * order. */
GArray   *annalist_ui_ids_referring  (AnnalistStore      *store,
                                      const AnnalistKind *kind,
                                      const char         *column,
                                      gint64              id,
                                      const char         *order_by,
                                      GError            **error);

G_END_DECLS
