"""
Migration operations for one database engine only, and the folded trigram index
the admin's "contains" searches use (``search.folding``). A migration of another
room imports them: comments index their text with ``FoldedTrigramIndex``.
"""

from django.db import migrations


class VendorSQL(migrations.RunSQL):
    """``RunSQL`` that runs on one engine (``vendor``: "postgresql", "sqlite") only."""

    def __init__(self, vendor: str, sql, reverse_sql=None, **kwargs):
        self.vendor = vendor
        super().__init__(sql, reverse_sql or migrations.RunSQL.noop, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def FoldedTrigramIndex(table: str, column: str, name: str) -> VendorSQL:
    """
    A GIN trigram index on ``search_fold(column)`` (PostgreSQL: pg_trgm and unaccent,
    made by search's first migration), which ``search.folding.contains_all`` uses:
    "elysee" finds "Élysée" among a million comments without reading them all.
    """
    return VendorSQL(
        "postgresql",
        f"CREATE INDEX {name} ON {table} USING gin (search_fold({column}) gin_trgm_ops)",
        f"DROP INDEX IF EXISTS {name}",
    )
