"""
The article body's rich text editor in the admin, and its "Lire aussi" search.

django-prose-editor's "configurable" preset builds the editor from the extensions
listed in the widget's config (a JSON data attribute, so nothing inline runs under
the CSP) and imports the JS modules listed in ``js_modules``; ours,
``js/admin/body-editor.js``, exports the ``ReadAlso`` node and ``NoInjectedStyles``.
The extensions produce only what ``articles.body`` allows; the server still
cleans the body with ``sanitize_body`` on every save.
"""

from collections.abc import Iterable, Sequence

from django import forms
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_prose_editor.config import expand_extensions, js_from_extensions
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import indexing
from articles.models import Article
from search.query import parse

BODY_EDITOR_JS = "js/admin/body-editor.js"
BODY_EDITOR_CSS = "css/admin-editor.css"
READ_ALSO_LIMIT = 20

# The toolbar: block type (paragraph, h2, h3), lists, quote, bold/italic, link,
# "Lire aussi", undo/redo.
MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "readAlso"},
    {"group": "history"},
]


def body_extensions() -> dict:
    """
    The editor's extensions, one per tag of ``articles.body.ALLOWED_TAGS``. Built
    at render time: the search URL and the labels follow the request's language.
    """
    return {
        "Heading": {"levels": [2, 3]},
        "Bold": True,
        "Italic": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "BulletList": True,
        "OrderedList": {"enableListAttributes": False},
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "ReadAlso": {
            "searchUrl": reverse("admin:articles_article_read_also_search"),
            "labels": {
                "button": gettext("Lire aussi"),
                "buttonTitle": gettext("Insérer un « Lire aussi » à la position du curseur"),
                "dialogTitle": gettext("Insérer un « Lire aussi »"),
                "search": gettext("Rechercher un article publié"),
                "placeholder": gettext("Mots de l’article…"),
                "searching": gettext("Recherche…"),
                "noResult": gettext("Aucun article publié ne correspond."),
                "error": gettext("La recherche a échoué, réessayez."),
                "cancel": gettext("Annuler"),
                "blockLabel": gettext("Lire aussi"),
                "loading": gettext("Chargement du titre…"),
                "missing": gettext(
                    "Article non publié ou supprimé : ce bloc ne sera pas affiché aux lecteurs."
                ),
                "unavailable": gettext("Titre indisponible pour le moment."),
                # JS replaces %(id)s.
                "articleNumber": gettext("Article n° %(id)s"),
                "remove": gettext("Retirer"),
                "removeTitle": gettext("Retirer ce « Lire aussi »"),
            },
        },
        # Tiptap's <style> element would break the CSP: admin-editor.css has its rules.
        "NoInjectedStyles": True,
        # Journalists want their browser's spell checking.
        "NoSpellCheck": False,
        "Menu": {"groups": MENU_GROUPS},
    }


class BodyEditorWidget(AdminProseEditorWidget):
    """The body's editor: prose-editor's configurable preset with our extensions."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, preset="configurable")

    @property
    def media(self):
        # After prose-editor's overrides, so that our rules win ties.
        return super().media + forms.Media(
            css={"all": ["django_prose_editor/overrides.css", BODY_EDITOR_CSS]}
        )

    def get_config(self):
        extensions = body_extensions()
        return {
            "extensions": expand_extensions(extensions),
            # The preset imports these modules before building the editor and finds
            # the extensions it does not ship among their exports.
            "js_modules": [*js_from_extensions(extensions), static(BODY_EDITOR_JS)],
        }


def _ids(values: Iterable[str]) -> list[int]:
    return [int(value) for value in values if value.isdecimal()][:READ_ALSO_LIMIT]


def search_read_also(*, query: str = "", ids: Sequence[str] = ()) -> list[dict]:
    """
    Published articles a "Lire aussi" may point to, newest first, in one query:
    those the site's French search finds for ``query`` (accents and case aside,
    stems, the last word as a prefix while the editor types), or those whose id is
    in ``ids`` (to show the title of existing blocks).
    """
    articles = (
        Article.objects.published()
        .latest_first()
        .select_related("section")
        .only("title", "published_at", "section__name")
    )
    if ids:
        articles = articles.filter(pk__in=_ids(ids))
    if query.strip():
        articles = indexing.matching(articles, parse(query, prefix=True))
    return [
        {
            "id": article.pk,
            "title": article.title,
            "section": article.section.name if article.section else "",
            "date": date_format(timezone.localtime(article.published_at), "DATE_FORMAT"),
        }
        for article in articles[:READ_ALSO_LIMIT]
    ]
