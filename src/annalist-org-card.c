/* annalist-org-card.c — an organisation's records, under its form
 *
 * Copyright 2026 The Annalist authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything the database holds of one organisation over the years, as
 * the lists a form shows of the records that belong to it (its statuses,
 * the events it organised, the products it authored …), each row opening
 * its record's form, and the button that writes its account. The lists are
 * the form's own (annalist-related-list.c): as long as their records, an
 * empty one a single line. Which lists,
 * in which order, is the table below: a kind, the field by which its
 * records name the organisation (a column, or a field of organisations
 * kept in a junction table), the order of its rows, and, where a form
 * has no room for all the kind's columns, the ones shown.
 */

#define G_LOG_DOMAIN "annalist-org-card"

#include "config.h"

#include <glib/gi18n.h>

#include "annalist-exporter.h"
#include "annalist-org-card.h"
#include "annalist-related-list.h"

static const struct
{
  const char *kind;
  const char *column;    /* REFERENCE to the organisation, or REFERENCES */
  const char *heading;   /* NULL: the kind's name */
  const char *order_by;  /* NULL: the kind's order */
  const char *columns[6];/* empty: the kind's LISTED fields */
} sections[] = {
  { "innovation_status", "organisation_id", NULL, "valid_from IS NULL, valid_from, id" },
  { "project", "organisation_id", NULL, "period_start IS NULL, period_start, id" },
  { "event", "organisers", N_("Events it organised"),
    "academic_year, date_start IS NULL, date_start, id",
    { "academic_year", "kind_id", "title", "date_start", "period_text" } },
  { "event", "presenters", N_("Events where it presented its results"),
    "academic_year, date_start IS NULL, date_start, id",
    { "academic_year", "kind_id", "title", "date_start", "period_text" } },
  { "competition_entry", "organisation_id", NULL,
    "(SELECT academic_year FROM competition WHERE competition.id = competition_id), id",
    { "competition_id", "title", "result_id" } },
  { "innovation_product", "authors", NULL, "academic_year, id" },
  { "publication", "authors", NULL, "academic_year, id" },
  { "network_project", "members", NULL, "academic_year, id" },
  { "historical_figure", "organisation_id", NULL, NULL },
  { "rating_value", "organisation_id", NULL, "academic_year, indicator_id" },
  { "plan", "organisation_id", NULL, "year_from, id" },
};

struct _AnnalistOrgCard
{
  AdwBin            parent_instance;

  AnnalistStore    *store;
  gint64            organisation_id;
  AnnalistExporter *exporter;
};

G_DEFINE_FINAL_TYPE (AnnalistOrgCard, annalist_org_card, ADW_TYPE_BIN)

void
annalist_org_card_export (AnnalistOrgCard *self)
{
  AnnalistDocumentParams given = { .organisation_id = self->organisation_id };

  g_return_if_fail (ANNALIST_IS_ORG_CARD (self));

  annalist_exporter_export_with (self->exporter, ANNALIST_DOCUMENT_ORGANISATION_ACTIVITY, &given);
}

GtkWidget *
annalist_org_card_get_exporter (AnnalistOrgCard *self)
{
  g_return_val_if_fail (ANNALIST_IS_ORG_CARD (self), NULL);
  return GTK_WIDGET (self->exporter);
}

static void
annalist_org_card_dispose (GObject *object)
{
  AnnalistOrgCard *self = (AnnalistOrgCard *) object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (annalist_org_card_parent_class)->dispose (object);
}

static void
annalist_org_card_class_init (AnnalistOrgCardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = annalist_org_card_dispose;
  /* A group, named as its heading says: GTK 4.8 would read a plain
   * widget by its type («AnnalistOrgCard»), and GTK 4.18 names no generic
   * one. */
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
annalist_org_card_init (AnnalistOrgCard *self)
{
}

AnnalistOrgCard *
annalist_org_card_new (AnnalistStore *store,
                       gint64         organisation_id)
{
  AnnalistOrgCard *self;
  GtkWidget *box, *group, *button;

  g_return_val_if_fail (ANNALIST_IS_STORE (store), NULL);

  self = g_object_new (ANNALIST_TYPE_ORG_CARD, NULL);
  self->store = g_object_ref (store);
  self->organisation_id = organisation_id;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  adw_bin_set_child (ADW_BIN (self), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Innovation Activity"), -1);

  /* The account first: it is what the card is opened for at the end of
   * a year. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Innovation Activity"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Everything recorded of the organisation over "
                                           "the years. A row opens its record by a click "
                                           "or Enter."));
  button = gtk_button_new_with_mnemonic (_("Innovation Activity _Report…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (button, 12);
  gtk_widget_set_tooltip_text (button, _("Export the organisation's account of its innovation "
                                         "activity for a period of years"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (annalist_org_card_export), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  self->exporter = g_object_new (ANNALIST_TYPE_EXPORTER, NULL);
  annalist_exporter_set_store (self->exporter, store);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->exporter));
  gtk_box_append (GTK_BOX (box), group);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      const AnnalistKind *kind = annalist_kind_lookup (sections[i].kind);
      AnnalistRelatedList *list;

      g_assert (kind != NULL && annalist_kind_field (kind, sections[i].column) != NULL);
      list = annalist_related_list_new (store, kind, sections[i].column, organisation_id);
      if (sections[i].columns[0] != NULL)
        annalist_related_list_set_columns (list, sections[i].columns);
      annalist_related_list_set_heading (list, sections[i].heading ? _(sections[i].heading) : NULL,
                                         sections[i].order_by);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));
    }
  return self;
}
