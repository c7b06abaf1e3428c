"""
Our articles as ninjs 2.2 (the IPTC schema shipped in ``wire/schemas/``), for partners
and aggregators: headline, lead, body, authors and agencies, section and topics as
subjects, the main image's renditions as an association, copyright and usage terms.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from articles.body import READ_ALSO_MARKER
from articles.models import Article, Author, Topic

SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif"}


def for_ninjs(queryset):
    """What ``article_to_ninjs`` reads, in a fixed number of queries for any number of articles."""
    return queryset.select_related("section", "main_image").prefetch_related(
        Prefetch("authors", queryset=Author.objects.only("name", "slug")),
        Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
        "agencies",
    )


def _absolute(path: str) -> str:
    return settings.NEWSROOM["SITE_URL"].rstrip("/") + path


def article_uri(article: Article) -> str:
    return _absolute(reverse("wire:ninjs-article", kwargs={"pk": article.pk}))


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _picture(article: Article, site: str) -> dict:
    image = article.main_image
    renditions = [
        {
            "name": f"w{rendition['width']}",
            "href": _absolute(default_storage.url(rendition["path"])),
            "contenttype": MEDIA_TYPES.get(rendition["format"].upper(), "image/jpeg"),
            "width": rendition["width"],
            "height": rendition["height"],
        }
        for rendition in image.renditions
    ]
    if image.file:
        renditions.append(
            {
                "name": "original",
                "href": _absolute(image.file.url),
                "width": image.width,
                "height": image.height,
            }
        )
    picture = {
        "name": "mainpicture",
        "uri": _absolute(f"/images/{image.pk}"),
        "type": "picture",
        "by": image.credit,
        "copyrightholder": image.credit,
        "descriptions": [{"role": "caption", "value": image.caption or image.alt_text}],
        "renditions": renditions,
    }
    if image.alt_text:
        picture["headlines"] = [{"role": "alt", "value": image.alt_text}]
    return picture


def article_to_ninjs(article: Article, *, now=None) -> dict:
    """One article as a ninjs 2.2 object (``for_ninjs`` prefetches what it reads)."""
    site = settings.NEWSROOM["SITE_NAME"]
    now = now or timezone.now()
    authors = list(article.authors.all())
    agencies = list(article.agencies.all())
    by = ", ".join(author.name for author in authors) or article.credit_line
    body = READ_ALSO_MARKER.sub("", article.body)
    subjects = []
    if article.section_id:
        subjects.append(
            {
                "name": article.section.name,
                "rel": "section",
                "uri": _absolute(article.section.get_absolute_url()),
            }
        )
    subjects += [
        {"name": topic.name, "rel": "topic", "uri": _absolute(topic.get_absolute_url())}
        for topic in article.topics.all()
    ]
    item = {
        "uri": article_uri(article),
        "standard": {"name": "ninjs", "version": "2.2", "schema": SCHEMA},
        "type": "text",
        "version": str(article.version),
        "firstcreated": _iso(article.published_at or article.created_at),
        "versioncreated": _iso(article.date_modified or article.modified_at),
        "pubstatus": "usable",
        "language": settings.LANGUAGE_CODE,
        "headlines": [{"role": "main", "value": article.title}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
        "copyrightholder": site,
        "copyrightnotice": f"© {timezone.localtime(article.published_at or now).year} {site}",
        "usageterms": settings.NEWSROOM["NINJS_USAGE_TERMS"],
        "subjects": subjects,
    }
    if article.lead:
        item["descriptions"] = [{"role": "summary", "value": article.lead}]
    if by:
        item["by"] = by
    if authors:
        item["people"] = [
            {"name": author.name, "rel": "author", "uri": _absolute(author.get_absolute_url())}
            for author in authors
        ]
    if agencies:
        item["infosources"] = [
            {
                "name": agency.short_name,
                "role": "agency",
                **({"uri": agency.url} if agency.url else {}),
            }
            for agency in agencies
        ]
    holds = [t for t in (article.published_at, article.embargo_until) if t and t > now]
    if holds:
        item["embargoed"] = _iso(max(holds))
    if article.main_image_id and article.main_image.is_usable:
        item["associations"] = [_picture(article, site)]
    return item
