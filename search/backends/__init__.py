"""
Search engines. An engine is a class with these methods (``search.index`` calls
them; ``kind`` names the indexed objects, ``query`` is a parsed ``search.query.Query``):

- ``save(kind, [(object_id, Document), …])``, ``delete(kind, [object_id, …])``,
  ``clear(kind)``: keep the index, in the caller's transaction when it is the database;
- ``matching(kind, query)``: a queryset of the matching object ids (for ``pk__in``);
- ``ranked(kind, query, within=…, now=…, limit=…, offset=…, newest=…, scope=…,
  since=…)``: a list of object ids, best (or newest) first, among those ``within``
  holds (``scope`` and ``since`` are hints an engine may use to read fewer entries).

``DatabaseBackend`` (the default) uses the database's own full-text search. An
engine outside the database (OpenSearch, say) implements the same methods; see
docs/search.md.
"""

from django.db import connection

from search.backends import postgres, sqlite


class DatabaseBackend:
    """PostgreSQL's full-text search or SQLite's FTS5, whichever the database is."""

    engines = {"postgresql": postgres, "sqlite": sqlite}

    def _engine(self):
        return self.engines[connection.vendor]

    def save(self, kind, documents):
        if documents:
            self._engine().save(kind, documents)

    def delete(self, kind, object_ids):
        if object_ids:
            self._engine().delete(kind, object_ids)

    def clear(self, kind):
        self._engine().clear(kind)

    def matching(self, kind, query):
        return self._engine().matching(kind, query)

    def ranked(self, kind, query, **options):
        return self._engine().ranked(kind, query, **options)
