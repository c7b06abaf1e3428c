"""
The article body's rich text editor in the admin, its "Lire aussi" search, the image
search of its photo and gallery blocks and the preview of its embeds.

django-prose-editor's "configurable" preset builds the editor from the extensions
listed in the widget's config (a JSON data attribute, so nothing inline runs under
the CSP) and imports the JS modules listed in ``js_modules``; ours,
``js/admin/body-editor.js``, exports the ``ReadAlso`` node and ``NoInjectedStyles``;
``js/admin/body-blocks.js`` the ``Photo``, ``Gallery``, ``Embed``, ``Quote`` and
``Box`` nodes (docs/stories.md).
The extensions produce only what ``articles.body`` allows; the server still
cleans the body with ``sanitize_body`` on every save.
"""

from collections.abc import Iterable, Sequence

from django import forms
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_prose_editor.config import expand_extensions, js_from_extensions
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import indexing
from articles.models import Article
from embeds import providers
from embeds import services as embeds_services
from embeds.models import Embed
from images import indexing as images_indexing
from images.models import Image
from search.query import parse

BODY_EDITOR_JS = "js/admin/body-editor.js"
BODY_BLOCKS_JS = "js/admin/body-blocks.js"
IMAGE_SEARCH_LIMIT = 24
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
    {"group": "blocks"},
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
        **block_extensions(),
        # Tiptap's <style> element would break the CSP: admin-editor.css has its rules.
        "NoInjectedStyles": True,
        # Journalists want their browser's spell checking.
        "NoSpellCheck": False,
        "Menu": {"groups": MENU_GROUPS},
    }


def block_extensions() -> dict:
    """The photo, gallery, embed, quote and box blocks (js/admin/body-blocks.js)."""
    common = {
        "remove": gettext("Retirer"),
        "cancel": gettext("Annuler"),
        "insert": gettext("Insérer"),
        "loading": gettext("Chargement…"),
    }
    picker = {
        "dialogTitle": gettext("Choisir une photo de la photothèque"),
        "search": gettext("Rechercher une photo"),
        "placeholder": gettext("Légende, description, crédit…"),
        "searching": gettext("Recherche…"),
        "noResult": gettext("Aucune photo utilisable ne correspond."),
        "error": gettext("La recherche a échoué, réessayez."),
        "credit": gettext("Crédits : %(credit)s"),
        "missing": gettext("Photo introuvable ou retirée : elle ne sera pas affichée."),
    }
    image_search = reverse("admin:articles_article_image_search")
    return {
        "Photo": {
            "searchUrl": image_search,
            "labels": {
                **common,
                **picker,
                "button": gettext("Photo"),
                "buttonTitle": gettext("Insérer une photo de la photothèque"),
                "blockLabel": gettext("Photo"),
                "alt": gettext("Texte alternatif (obligatoire)"),
                "altMissing": gettext("Décrivez l’image pour les lecteurs qui ne la voient pas."),
                "caption": gettext("Légende (vide : celle de la photothèque)"),
                "width": gettext("Largeur"),
                "column": gettext("Colonne"),
                "wide": gettext("Large"),
            },
        },
        "Gallery": {
            "searchUrl": image_search,
            "labels": {
                **common,
                **picker,
                "button": gettext("Diaporama"),
                "buttonTitle": gettext("Insérer un diaporama de photos de la photothèque"),
                "dialogTitle": gettext("Ajouter des photos au diaporama"),
                "blockLabel": gettext("Diaporama"),
                "add": gettext("Ajouter des photos"),
                "done": gettext("Terminé"),
                # JS replaces %(count)s.
                "chosen": gettext("Photos choisies : %(count)s"),
                "earlier": gettext("Avant"),
                "later": gettext("Après"),
                "empty": gettext("Aucune photo : ce diaporama ne sera pas affiché."),
            },
        },
        "Embed": {
            "previewUrl": reverse("admin:articles_article_embed_preview"),
            "labels": {
                **common,
                "button": gettext("Intégrer"),
                "buttonTitle": gettext(
                    "Intégrer une vidéo, une publication ou un graphique par son adresse"
                ),
                "dialogTitle": gettext("Intégrer un contenu externe"),
                "url": gettext("Adresse du contenu"),
                "placeholder": "https://…",
                "preview": gettext("Aperçu"),
                "blockLabel": gettext("Contenu externe"),
                "pending": gettext("Récupération de l’aperçu en cours…"),
                "failed": gettext(
                    "Aperçu impossible : les lecteurs verront un simple lien vers le contenu."
                ),
                "unknown": gettext("Adresse non reconnue. Fournisseurs acceptés : %(names)s."),
                "providers": ", ".join(p.name for p in providers.providers()),
            },
        },
        "Quote": {
            "labels": {
                **common,
                "button": gettext("Citation"),
                "buttonTitle": gettext("Insérer une citation avec son auteur"),
                "blockLabel": gettext("Citation"),
                "author": gettext("Auteur de la citation"),
            }
        },
        "Box": {
            "labels": {
                **common,
                "button": gettext("Encadré"),
                "buttonTitle": gettext(
                    "Insérer un encadré (par exemple « Ce qu’il faut retenir »)"
                ),
                "blockLabel": gettext("Encadré"),
                "title": gettext("Titre de l’encadré"),
                "defaultTitle": gettext("Ce qu’il faut retenir"),
            }
        },
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
            "js_modules": [
                *js_from_extensions(extensions),
                static(BODY_EDITOR_JS),
                static(BODY_BLOCKS_JS),
            ],
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


def _thumbnail(image: Image) -> str:
    small = [r for r in image.renditions if r["format"] == "WEBP"][:1]
    return default_storage.url(small[0]["path"]) if small else image.file.url


def search_images(*, query: str = "", ids: Sequence[str] = ()) -> list[dict]:
    """
    Library images a photo or gallery block may show, newest first, in one query
    (two with a search): those the search finds for ``query`` (caption, alternative
    text, credit), or those whose id is in ``ids`` (to show existing blocks). Only
    usable ones: a withdrawn or expired image cannot be put in a story.
    """
    images = Image.objects.usable().order_by("-uploaded_at", "-pk")
    if ids:
        images = images.filter(pk__in=[int(i) for i in ids if i.isdecimal()][:IMAGE_SEARCH_LIMIT])
    if query.strip():
        images = images_indexing.matching(images, parse(query, prefix=True))
    return [
        {
            "id": image.pk,
            "caption": image.caption,
            "alt": image.alt_text,
            "credit": image.credit,
            "thumbnail": _thumbnail(image),
        }
        for image in images[:IMAGE_SEARCH_LIMIT]
    ]


def preview_embed(url: str) -> dict:
    """
    What the editor shows of an address pasted into an embed block: its provider and,
    once the fetch task has run, the answer's title and author (``status`` "pending",
    "ready" or "failed"); ``status`` "unknown" when no configured provider matches.
    """
    found = providers.match(url)
    if found is None:
        return {"status": "unknown"}
    embeds_services.record_embeds(urls=[url])
    embed = Embed.objects.get(url=url.strip())
    return {
        "status": embed.status,
        "url": embed.url,
        "provider": found.provider.name,
        "title": embed.title,
        "author": embed.author_name,
    }
