from django.contrib.postgres.search import SearchVectorExact
from django.db import models
from django.utils.translation import gettext_lazy as _


class VectorField(models.Field):
    """
    A ``tsvector`` on PostgreSQL, matched with ``vector=SearchQuery(…)`` (``@@``).
    Elsewhere an unused text column: SQLite keeps the terms in its FTS5 table
    (``search_fts``, made by the migration). Not Django's ``SearchVectorField``,
    which asks for ``django.contrib.postgres`` in every deployment.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


VectorField.register_lookup(SearchVectorExact)


class Entry(models.Model):
    """
    One indexed object: its kind ("article", "image"), its id in its own table, the
    date recency counts from, its scope, and (on PostgreSQL) its weighted terms. The rooms that
    own the objects write their entries through ``search.index`` in the transaction
    that changes them, and read which ids match.
    """

    kind = models.CharField(_("type"), max_length=40)
    object_id = models.BigIntegerField(_("identifiant"))
    date = models.DateTimeField(_("date"), null=True, blank=True)
    # What the owner files the object under (an article: its section), so that a
    # search filtered on it walks the entries of that scope only (``Document.scope``).
    scope = models.BigIntegerField(_("périmètre"), null=True, blank=True)
    vector = VectorField(_("termes"), null=True, editable=False)

    class Meta:
        verbose_name = _("entrée de l'index")
        verbose_name_plural = _("entrées de l'index")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]
        indexes = [
            models.Index(fields=["kind", "-date"], name="search_entry_date_idx"),
            models.Index(fields=["kind", "scope", "-date"], name="search_entry_scope_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
