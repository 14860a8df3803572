/* window-test.h — the harness of the ui test programs
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ui test program runs the real application on a database of its own
 * in a temporary folder and, from its "activate", its tests, which drive
 * the real widgets:
 *
 *   window_test_init (&argc, &argv, "window", FALSE);
 *   g_test_add_func ("/window/...", test_...);
 *   return window_test_run (NULL);
 *
 * The application's strings are in the environment's language, as
 * src/main.c sets it up; meson runs the tests under C.UTF-8, in English.
 */

#pragma once

#include <adwaita.h>

#include "annalist-documents-page.h"
#include "annalist-editor.h"
#include "annalist-list-page.h"
#include "annalist-related-list.h"
#include "annalist-window.h"

G_BEGIN_DECLS

/* The application's window, once the tests run. */
extern AnnalistWindow *window;
/* The temporary folder of the database, removed with what the tests
 * write into it. */
extern char *test_dir;

/* @name names the folder; with @sample the database holds the sample
 * district, otherwise it starts empty. Before the tests are added. */
void              window_test_init       (int             *argc,
                                          char          ***argv,
                                          const char      *name,
                                          gboolean         sample);
/* Runs the application and, once its window is drawn, @started (if any)
 * and the tests; returns what g_test_run() does. */
int               window_test_run        (void           (*started) (void));

/* Runs what the main loop has to do now. */
void              iterate                (void);
/* Runs the main loop until @widget has been drawn @n times: what a
 * resize or a scroll lays out is then in place. */
void              wait_frames            (GtkWidget       *widget,
                                          guint            n);

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; FALSE if it does not within
 * 30 seconds. */
gboolean          wait_for               (Condition        condition,
                                          gpointer         data);

/* Presents @toplevel and runs the main loop until it is the active window;
 * FALSE if it does not become so within 30 seconds. The ui tests share
 * one display, and another test's window may have just taken the
 * keyboard; GTK 4.18's list box rows move the focus on Tab as a user
 * sees it only in the active window (an inactive one's row takes the
 * focus back to itself, and Tab seems to stay on it). */
gboolean          wait_for_active        (GtkWindow       *toplevel);

/* The first shown toplevel of @type, or NULL; and conditions on it. */
gpointer          find_window            (GType            type);
gboolean          window_shown           (gpointer         type);
/* The visible window whose widget name is @name. */
GtkWidget        *find_window_named      (const char      *name);
gboolean          window_named_shown     (gpointer         name);
gboolean          window_gone            (gpointer         widget);

/* The first descendant of @root (depth first) @match accepts, or NULL.
 * A @match that never accepts visits every descendant in that order. */
GtkWidget        *find_widget            (GtkWidget       *root,
                                          gboolean       (*match) (GtkWidget *widget,
                                                                   gpointer   data),
                                          gpointer         data);
/* A @match for find_widget (): a check button on screen. Whether
 * @root (a column's filter popover, once filled) holds one. */
gboolean          is_mapped_check        (GtkWidget       *widget,
                                          gpointer         data);
gboolean          has_mapped_check       (gpointer         root);
/* The first descendant of @root (depth first) of @type; the mapped
 * button labelled @label. */
GtkWidget        *find_descendant        (GtkWidget       *root,
                                          GType            type);
GtkWidget        *find_button            (GtkWidget       *root,
                                          const char      *label);

/* The list of the records of @kind_name under a form (or a card), or
 * NULL. */
AnnalistRelatedList *find_related_list   (GtkWidget       *root,
                                          const char      *kind_name);

/* Gives @toplevel (a form, the main window) the default size @width ×
 * @height and waits until it has it (give or take 10 pixels: its frame
 * aside); if it does not, says in the test's log what size it is. */
void              wait_for_size          (GtkWindow       *toplevel,
                                          int              width,
                                          int              height);

/* The one integer the query @sql gives on the window's database, ?1
 * being @parameter (where the query has it); the query must give a row. */
gint64            window_db_number       (const char      *sql,
                                          gint64           parameter);

/* The entry (a grid's cell) that has the window's focus, the focus
 * being in its text; NULL when the focus is elsewhere or nowhere. */
GtkWidget        *focused_cell           (void);

/* A message dialog, once shown and drawn; of that heading (others, older,
 * may still be open). */
AdwMessageDialog *wait_for_dialog        (void);
AdwMessageDialog *wait_for_dialog_headed (const char      *heading);
/* The GtkDropTarget of @widget itself, NULL when it takes no drops. */
GtkDropTarget    *find_drop_target       (GtkWidget       *widget);
/* Drops @files at @x, @y of @widget as a file manager would, after a
 * motion there; whether the drop was taken. */
gboolean          drop_files             (GtkWidget       *widget,
                                          GSList          *files,
                                          double           x,
                                          double           y);
/* Presses the button of @response, as the user does: the dialog closes. */
void              respond                (AdwMessageDialog *dialog,
                                          const char       *response);

/* A shown form other than @except (NULL: any), once drawn. */
AnnalistEditor   *wait_for_editor        (AnnalistEditor  *except);
/* Typing into the input of @column, choosing in its combo row, saving. */
void              type_into              (AnnalistEditor  *editor,
                                          const char      *column,
                                          const char      *text);
void              choose_in_combo        (AnnalistEditor  *editor,
                                          const char      *column,
                                          guint            position);
gboolean          can_save               (AnnalistEditor  *editor);
void              save_editor            (AnnalistEditor  *editor);

/* The page shown, which the test asserts is a list of records, or the
 * documents page. */
AnnalistListPage      *list_page         (void);
AnnalistDocumentsPage *documents_page    (void);

/* @path is written and the documents page (if shown) no longer busy
 * exporting. */
gboolean          file_written           (gpointer         path);
/* Presses the Export… button of the document @row, the file chooser
 * answered with @path, and waits until the file is written. */
void              export_row             (AdwActionRow    *row,
                                          const char      *path);

/* With $ANNALIST_SCREENSHOT_DIR set, @widget once drawn as the PNG
 * @name in that folder; otherwise nothing. */
void              save_screenshot        (GtkWidget       *widget,
                                          const char      *name);

/* A shown label that says @text (a part of it); a Condition: the window
 * shows a label (a toast's) saying @data. */
gboolean          is_label_saying        (GtkWidget       *widget,
                                          gpointer         text);
gboolean          toast_says             (gpointer         data);

/* @keyval pressed on @widget's key controller (as GTK delivers it, without
 * a real keyboard): whether it was handled. */
gboolean          press_key              (GtkWidget       *widget,
                                          guint            keyval);

/* @keyval pressed with the focus on @widget, as GTK delivers it: the
 * application's key controllers (each named; GTK's own need a real
 * event) of its window down to it (capture), then of it and up again
 * (bubble); Enter nobody took activates the window's default widget (a
 * dialog's default answer). Whether it was handled. */
gboolean          press_key_on_focus     (GtkWidget       *widget,
                                          guint            keyval);

/* The text on the window's clipboard, once read (NULL: none). */
char             *clipboard_text         (void);

G_END_DECLS
