"""
What search engines and social networks read of an article page: its schema.org
JSON-LD and its descriptions.
"""

import unicodedata

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.timezone import localtime

from articles.models import Article
from images.models import Image
from images.renditions import best_rendition
from infra.site import absolute_url


def _iso(value) -> str | None:
    return localtime(value).isoformat(timespec="seconds") if value else None


# What a page's description meta tags show of the lead: search engines (and Open
# Graph) up to DESCRIPTION_LENGTH characters, the smaller social cards up to
# CARD_DESCRIPTION_LENGTH.
DESCRIPTION_LENGTH = 300
CARD_DESCRIPTION_LENGTH = 200


def shortened(text: str, limit: int) -> str:
    """
    ``text`` in at most ``limit`` characters, as Django's ``truncatechars`` gives it
    (normalized, cut with an ellipsis counted in the limit). A text that fits, as
    most leads do, is not walked character by character as ``Truncator`` does.
    """
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else Truncator(text).chars(limit)


def json_ld_headline(title: str, limit: int | None = None) -> str:
    """
    The headline for the JSON-LD, at most ``limit`` characters (JSON_LD_HEADLINE_LENGTH,
    what search engines show): a longer one is cut on a word, its trailing punctuation
    dropped, and ends with an ellipsis (counted in the limit).
    """
    limit = limit or settings.NEWSROOM["JSON_LD_HEADLINE_LENGTH"]
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if title[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.!?-\u2013\u2014'\u2019«") + "…"


def _image_object(image: Image) -> dict:
    rendition = best_rendition(image)
    url = absolute_url(default_storage.url(rendition["path"]) if rendition else image.file.url)
    return {
        "@type": "ImageObject",
        "contentUrl": url,
        "url": url,
        "width": rendition["width"] if rendition else image.width,
        "height": rendition["height"] if rendition else image.height,
        "caption": image.caption,
        "creditText": image.credit,
    }


def _gallery_json_ld(images: list[Image]) -> dict:
    return {"@type": "ImageGallery", "associatedMedia": [_image_object(i) for i in images]}


def article_json_ld(article: Article, extras: dict, media: dict, image: Image | None) -> dict:
    """
    schema.org NewsArticle; serialized by the ``json_ld`` filter, never by string
    templating. ``image`` is the main image the page shows (``content.shown_image``);
    each gallery of the body is an ImageGallery of ImageObjects in ``hasPart``.
    """
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "headline": json_ld_headline(article.title),
        "description": strip_tags(article.lead),
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.date_modified),
        "isAccessibleForFree": True,
        "inLanguage": "fr-FR",
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.NEWSROOM["SITE_NAME"],
            "logo": {
                "@type": "ImageObject",
                "url": absolute_url(static(settings.NEWSROOM["PUBLISHER_LOGO"])),
            },
        },
    }
    authors = extras["authors"]
    if authors:
        data["author"] = [
            {"@type": "Person", "name": a["name"], "url": absolute_url(a["url"])} for a in authors
        ]
    if article.credit_line or not authors:
        data["creditText"] = article.credit_line or settings.NEWSROOM["SITE_NAME"]
    if article.section:
        data["articleSection"] = article.section.name
    if image:
        rendition = best_rendition(image)
        url = default_storage.url(rendition["path"]) if rendition else image.file.url
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute_url(url),
            "width": rendition["width"] if rendition else image.width,
            "height": rendition["height"] if rendition else image.height,
            "caption": image.caption,
            "creditText": image.credit,
        }
    galleries = [
        _gallery_json_ld([media["images"][pk] for pk in block.image_ids if pk in media["images"]])
        for block in media["blocks"]
        if block.kind == "gallery"
    ]
    galleries = [gallery for gallery in galleries if gallery["associatedMedia"]]
    if galleries:
        data["hasPart"] = galleries
    agencies = [agency["short_name"] for agency in extras["agencies"]]
    if agencies:
        data["sourceOrganization"] = [{"@type": "Organization", "name": a} for a in agencies]
    return data
