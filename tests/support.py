"""Helpers shared by several test modules."""

import hashlib
import hmac
from html.parser import HTMLParser

from django.conf import settings


def keyed_sha256(value: str, *, purpose: str) -> str:
    """
    How personal data is stored, worked out here independently of the code under
    test: HMAC-SHA256 of the value, keyed by SHA-256 of "<SECRET_KEY>:<purpose>".
    """
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class _ResultTable(HTMLParser):
    """Collects the cells of an admin changelist's ``<table id="result_list">``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, str]] = []
        self._in_table = self._in_body = False
        self._field: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id") == "result_list":
            self._in_table = True
        elif tag == "tbody" and self._in_table:
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append({})
        elif self._in_body and tag in {"td", "th"}:
            classes = (attributes.get("class") or "").split()
            names = [name.removeprefix("field-") for name in classes if name.startswith("field-")]
            self._field = names[0] if names else None
            if self._field:
                self.rows[-1][self._field] = ""

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._field:
            self.rows[-1][self._field] = " ".join(self.rows[-1][self._field].split())
            self._field = None
        elif tag == "table":
            self._in_table = self._in_body = False

    def handle_data(self, data):
        if self._in_body and self._field:
            self.rows[-1][self._field] += data


def changelist_rows(html: str) -> list[dict[str, str]]:
    """
    The rows of an admin changelist as shown: for each row, the visible text of each
    ``list_display`` cell keyed by its field name (the cell's ``field-<name>`` class),
    so an assertion looks at one row's cell, not at the whole page (the filters in the
    sidebar print the same labels on every page).
    """
    parser = _ResultTable()
    parser.feed(html)
    parser.close()
    return parser.rows
