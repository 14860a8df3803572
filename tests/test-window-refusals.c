/* test-window-refusals.c — the window on paths it must refuse or show
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test prepares a path, then starts the real application on it with
 * --database in a subprocess of its own (a crash there fails the test and
 * nothing else), which prints the window's title and the status page it
 * shows and quits; the test then checks what it printed and that the path
 * is as it was: a mistyped path not created, a 0-byte file still 0 bytes.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "annalist-application.h"
#include "annalist-store.h"
#include "temp-tree.h"

static char *test_dir;

/* The subprocess: the application on $REFUSAL_DATABASE ---------------------------- */

static void
print_status_pages (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_STATUS_PAGE (child) && gtk_widget_get_mapped (child))
        g_print ("page: %s\ndescription: %s\n",
                 adw_status_page_get_title (ADW_STATUS_PAGE (child)),
                 adw_status_page_get_description (ADW_STATUS_PAGE (child)));
      print_status_pages (child);
    }
}

/* The banners shown over the pages (a read-only database). */
static void
print_banners (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          gtk_widget_get_ancestor (child, GTK_TYPE_REVEALER) != NULL &&
          gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (child,
                                                                              GTK_TYPE_REVEALER))))
        g_print ("banner: %s\n", gtk_label_get_text (GTK_LABEL (child)));
      print_banners (child);
    }
}

static gboolean
window_mapped (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static void
activated (GApplication *application)
{
  GtkWindow *window;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!window_mapped (application) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_print ("title: %s\n", gtk_window_get_title (window));
  print_status_pages (GTK_WIDGET (window));
  print_banners (GTK_WIDGET (window));
  g_application_quit (application);
}

/* The application's settings, in the memory backend this process shares
 * with it. */
static GSettings *
settings_new (void)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  source = g_settings_schema_source_new_from_directory (BUILD_DATADIR, NULL, FALSE, NULL);
  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, FALSE);
  g_assert_nonnull (schema);
  return g_settings_new_full (schema, NULL, NULL);
}

/* With $REFUSAL_DATABASE empty, no --database: the one remembered in
 * $REFUSAL_REMEMBERED. */
static void
run_application (void)
{
  g_autoptr(AnnalistApplication) application = annalist_application_new ();
  const char *database = g_getenv ("REFUSAL_DATABASE");
  g_autofree char *option = g_strconcat ("--database=", database, NULL);
  char *app_argv[] = { (char *) "annalist", option, NULL };
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *last = NULL;

  if (g_getenv ("REFUSAL_REMEMBERED") != NULL)
    g_settings_set_string (settings, "last-database", g_getenv ("REFUSAL_REMEMBERED"));
  g_signal_connect_after (application, "activate", G_CALLBACK (activated), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (application), *database ? 2 : 1, app_argv),
                   ==, 0);

  last = g_settings_get_string (settings, "last-database");
  g_print ("last-database: %s\n", last);
}

/* Runs the application on @path in a subprocess; it must not crash. */
static void
start_on (const char *path)
{
  if (g_test_subprocess ())
    {
      run_application ();
      return;
    }
  g_setenv ("REFUSAL_DATABASE", path, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @folder, sorted, separated by spaces. */
static char *
list_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Fails unless the names in @folder, sorted, are @expected. */
static void
assert_listing (const char *folder,
                const char *expected)
{
  g_autofree char *listing = list_folder (folder);

  g_assert_cmpstr (listing, ==, expected);
}

/* A new Annalist database at @path. */
static void
create_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AnnalistStore) store = annalist_store_create (path, &error);

  g_assert_no_error (error);
  annalist_store_close (store);
}

static char *
case_folder (const char *name)
{
  char *folder = g_build_filename (test_dir, name, NULL);

  if (!g_test_subprocess ())
    g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  return folder;
}

/* Tests ------------------------------------------------------------------------------ */

/* A path in another encoding than UTF-8 (byte 0xff in the folder's and
 * the file's names): the window opens it, its title shows the name for
 * display; it used to crash on the GSettings key and the title. */
static void
test_non_utf8 (void)
{
  g_autofree char *folder = case_folder ("non-utf8");
  g_autofree char *inner = g_build_filename (folder, "folder-\xff", NULL);
  g_autofree char *path = g_build_filename (inner, "district-\xff.db", NULL);

  if (!g_test_subprocess ())
    {
      g_assert_cmpint (g_mkdir (inner, 0700), ==, 0);
      create_database (path);
    }
  start_on (path);
  if (g_test_subprocess ())
    return;
  g_test_trap_assert_stdout ("*title: district-\xef\xbf\xbd.db — Annalist\n*");
  g_test_trap_assert_stdout ("*page: Welcome to Annalist*");
  g_test_trap_assert_stdout_unmatched ("*Cannot Be Opened*");
  /* The key is a UTF-8 string: the path is remembered as its URI. */
  g_test_trap_assert_stdout ("*last-database: file:///*/folder-%FF/district-%FF.db\n*");
}

/* The non-UTF-8 path remembered as its URI is opened at the next start. */
static void
test_non_utf8_remembered (void)
{
  g_autofree char *folder = case_folder ("remembered");
  g_autofree char *path = g_build_filename (folder, "district-\xff.db", NULL);
  g_autofree char *data = g_build_filename (folder, "data", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *data_home = g_strdup (g_getenv ("XDG_DATA_HOME"));

  if (!g_test_subprocess ())
    {
      create_database (path);
      /* Were it not found, the default database goes here, not home. */
      g_setenv ("XDG_DATA_HOME", data, TRUE);
      g_setenv ("REFUSAL_REMEMBERED", uri, TRUE);
    }
  start_on ("");
  if (g_test_subprocess ())
    return;
  g_unsetenv ("REFUSAL_REMEMBERED");
  /* Put back, not unset: without it the later cases' backups and
   * recent databases went to the real ~/.local/share. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_trap_assert_stdout ("*title: district-\xef\xbf\xbd.db — Annalist\n*");
  /* The data folder itself now holds the day's backup of the database
   * opened; the default database is not there. */
  {
    g_autofree char *fallback = g_build_filename (data, "annalist", "annalist.db", NULL);

    g_assert_false (g_file_test (fallback, G_FILE_TEST_EXISTS));
  }
}

/* A mistyped path: nothing is created, neither the file nor its folders,
 * and the window says that it is not there. */
static void
test_missing (void)
{
  g_autofree char *folder = case_folder ("missing");
  g_autofree char *absent = g_build_filename (folder, "no-such-folder", NULL);
  g_autofree char *path = g_build_filename (absent, "deeper", "district.db", NULL);

  start_on (path);
  if (g_test_subprocess ())
    return;
  g_test_trap_assert_stdout ("*page: The Database Cannot Be Opened\n"
                             "description: The database “*district.db” does not exist.*");
  g_test_trap_assert_stdout ("*last-database: \n*");
  g_assert_false (g_file_test (absent, G_FILE_TEST_EXISTS));
  assert_listing (folder, "");
}

/* A 0-byte file stays 0 bytes, and nothing is written beside it. */
static void
test_empty_file (void)
{
  g_autofree char *folder = case_folder ("empty");
  g_autofree char *path = g_build_filename (folder, "district.db", NULL);
  GStatBuf st;

  if (!g_test_subprocess ())
    g_assert_true (g_file_set_contents (path, "", 0, NULL));
  start_on (path);
  if (g_test_subprocess ())
    return;
  g_test_trap_assert_stdout ("*page: The Database Cannot Be Opened\n"
                             "description: “*district.db” is an empty file (0 bytes), "
                             "not an Annalist database.*");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  assert_listing (folder, "district.db");
}

/* A folder given as the database: a sentence, and the folder stays empty. */
static void
test_folder (void)
{
  g_autofree char *folder = case_folder ("folder");
  g_autofree char *path = g_build_filename (folder, "district.db", NULL);

  if (!g_test_subprocess ())
    g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  start_on (path);
  if (g_test_subprocess ())
    return;
  g_test_trap_assert_stdout ("*page: The Database Cannot Be Opened\n"
                             "description: “*district.db” is a folder, not an Annalist database*");
  assert_listing (path, "");
  assert_listing (folder, "district.db");
}

/* A file that is not a database: a sentence, and the file as it was. */
static void
test_not_a_database (void)
{
  static const char text[] = "Протокол заседания методического совета\n";
  g_autofree char *folder = case_folder ("text");
  g_autofree char *path = g_build_filename (folder, "district.db", NULL);
  g_autofree char *contents = NULL;

  if (!g_test_subprocess ())
    g_assert_true (g_file_set_contents (path, text, -1, NULL));
  start_on (path);
  if (g_test_subprocess ())
    return;
  g_test_trap_assert_stdout ("*page: The Database Cannot Be Opened\n"
                             "description: “*district.db” is not an Annalist database: "
                             "it is not an SQLite file.*");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  assert_listing (folder, "district.db");
}

/* An SQLite database of another program: a sentence, the file
 * byte-identical and nothing beside it. */
static void
other_program (gboolean wal)
{
  g_autofree char *folder = case_folder (wal ? "other-wal" : "other");
  g_autofree char *path = g_build_filename (folder, "district.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_size = 0, after_size = 0;

  if (!g_test_subprocess ())
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      if (wal)
        g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL),
                         ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (text TEXT);"
                                         "INSERT INTO notes VALUES ('заметка');",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      g_assert_true (g_file_get_contents (path, &before, &before_size, NULL));
    }
  start_on (path);
  if (g_test_subprocess ())
    return;
  g_test_trap_assert_stdout ("*page: The Database Cannot Be Opened\n"
                             "description: “*district.db” is an SQLite database of another "
                             "program, not an Annalist database.*");
  g_assert_true (g_file_get_contents (path, &after, &after_size, NULL));
  g_assert_cmpmem (before, before_size, after, after_size);
  assert_listing (folder, "district.db");
}

static void
test_other_program (void)
{
  other_program (FALSE);
}

/* In WAL mode, whose reading makes -wal and -shm beside it. */
static void
test_other_program_wal (void)
{
  other_program (TRUE);
}

/* A database in a folder that cannot be written (0555, which root may
 * write but Annalist reads by its mode too): the window opens it
 * read-only and says why; the file and the folder stay as they were, no
 * journal beside it. */
static void
test_readonly_folder (void)
{
  g_autofree char *folder = case_folder ("readonly-folder");
  g_autofree char *inner = g_build_filename (folder, "shared", NULL);
  g_autofree char *path = g_build_filename (inner, "district.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_size = 0, after_size = 0;
  GStatBuf st_before, st_after;

  if (!g_test_subprocess ())
    {
      g_assert_cmpint (g_mkdir (inner, 0700), ==, 0);
      create_database (path);
      g_assert_true (g_file_get_contents (path, &before, &before_size, NULL));
      g_assert_cmpint (g_stat (path, &st_before), ==, 0);
      g_assert_cmpint (g_chmod (inner, 0555), ==, 0);
    }
  start_on (path);
  if (g_test_subprocess ())
    return;
  g_assert_cmpint (g_chmod (inner, 0700), ==, 0);
  g_test_trap_assert_stdout ("*title: district.db — Annalist\n*");
  g_test_trap_assert_stdout ("*banner: The database is open for reading only: you have no "
                             "permission to change the folder “*shared” the file is in. Records "
                             "can be viewed and exported to documents.\n*");
  g_test_trap_assert_stdout_unmatched ("*Cannot Be Opened*");
  g_assert_true (g_file_get_contents (path, &after, &after_size, NULL));
  g_assert_cmpmem (before, before_size, after, after_size);
  g_assert_cmpint (g_stat (path, &st_after), ==, 0);
  g_assert_cmpint (st_after.st_mtim.tv_sec, ==, st_before.st_mtim.tv_sec);
  g_assert_cmpint (st_after.st_mtim.tv_nsec, ==, st_before.st_mtim.tv_nsec);
  assert_listing (inner, "district.db");
}

/* A writable database shows no banner. */
static void
test_writable_no_banner (void)
{
  g_autofree char *folder = case_folder ("writable");
  g_autofree char *path = g_build_filename (folder, "district.db", NULL);

  if (!g_test_subprocess ())
    create_database (path);
  start_on (path);
  if (g_test_subprocess ())
    return;
  g_test_trap_assert_stdout ("*title: district.db — Annalist\n*");
  g_test_trap_assert_stdout_unmatched ("*banner:*");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_PO_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", FALSE);

  /* The subprocess finds the parent's folder in the environment. */
  if (g_getenv ("REFUSAL_TEST_DIR") != NULL)
    test_dir = g_strdup (g_getenv ("REFUSAL_TEST_DIR"));
  else
    {
      g_autoptr(GError) error = NULL;

      test_dir = g_dir_make_tmp ("annalist-refusals-XXXXXX", &error);
      g_assert_no_error (error);
      g_setenv ("REFUSAL_TEST_DIR", test_dir, TRUE);
    }
  /* The day's backups and the recent databases of every case go with
   * the test's folder, never to the user's data. */
  if (!g_test_subprocess ())
    {
      g_autofree char *data = g_build_filename (test_dir, "data", NULL);

      g_setenv ("XDG_DATA_HOME", data, TRUE);
    }

  g_test_add_func ("/window-refusals/non-utf8", test_non_utf8);
  g_test_add_func ("/window-refusals/non-utf8-remembered", test_non_utf8_remembered);
  g_test_add_func ("/window-refusals/missing", test_missing);
  g_test_add_func ("/window-refusals/empty-file", test_empty_file);
  g_test_add_func ("/window-refusals/folder", test_folder);
  g_test_add_func ("/window-refusals/not-a-database", test_not_a_database);
  g_test_add_func ("/window-refusals/readonly-folder", test_readonly_folder);
  g_test_add_func ("/window-refusals/writable-no-banner", test_writable_no_banner);
  g_test_add_func ("/window-refusals/other-program", test_other_program);
  g_test_add_func ("/window-refusals/other-program-wal", test_other_program_wal);
  status = g_test_run ();

  if (!g_test_subprocess ())
    remove_tree (test_dir);
  g_free (test_dir);
  return status;
}
