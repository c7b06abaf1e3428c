"""
What reader pages show, prepared for the templates.

Views call these functions; templates receive finished data and never build
queries. Each function costs a fixed number of queries whatever it lists.
"""

import hashlib
from datetime import UTC, datetime
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import F, Prefetch, Value, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.body import Block, expand_blocks, expand_read_also, parse_blocks, read_also_ids
from articles.models import Agency, Article, Author, Section, Topic
from desk.models import Arrangement, Slot
from embeds.models import Embed
from images.models import Image
from images.renditions import best_crop, best_rendition
from infra import generations, pagecache
from infra.prepared import PreparedQuery
from infra.site import absolute_url
from reader import live, metadata

# Stand-ins for the prepared queries below: values no real query ever uses.
_STAND_IN_PK = -918_273_645
_STAND_IN_NOW = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def article_queryset(queryset):
    """The article with its section and main image, in one query."""
    return queryset.select_related("section", "main_image")


@memoize
def _row_schema() -> str:
    """The stored rows' shape: a deploy that changes these models' fields changes it."""
    fields = ["generation", "article"] + [
        f"{model._meta.label}.{field.attname}"
        for model in (Article, Section, Image)
        for field in model._meta.concrete_fields
    ]
    return hashlib.blake2b(" ".join(fields).encode(), digest_size=4).hexdigest()


def article_row_key(pk: int) -> str:
    """Where a published article's row (with its section and main image) is kept."""
    return f"article-row:{_row_schema()}:{pk}"


def published_article(request, pk: int) -> Article | None:
    """
    The published article ``pk`` with its section and main image, or None.

    From the shared cache when it was stored under the article page's current
    generation, otherwise one query, then stored. Every change to the article, its
    image or its comments gives the page a new generation, and time alone cannot make
    a published article invisible, so a row stored under the current generation is
    still the truth (a renamed section changes the generations of its articles too).

    Reader pages come with their generation (``request.page_generation``, fetched with
    the page; see ``infra.pagecache.reader_page``). Other requests (logged-in readers,
    the comment form's POST) fetch it with the row in one round trip and keep it on the
    request, so that the page's parts follow it as well.
    """
    key = article_row_key(pk)
    generation = getattr(request, "page_generation", None)
    if generation is None:
        generation_key = generations.article_key(pk)
        found = cache.get_many([generation_key, key])
        generation = found.get(generation_key) or generations.current(generation_key)
        request.page_generation = generation
        entry = found.get(key)
    else:
        entry = pagecache.cached_get(key)
    if entry is not None and entry["generation"] == generation:
        return entry["article"]
    article = _published_row(pk)
    if article is not None:
        pagecache.cached_set(
            key,
            {"generation": generation, "article": article},
            settings.NEWSROOM["DATA_CACHE_SECONDS"],
        )
    return article


# The article's row with its section and main image: each model's columns in turn.
_ROW_MODELS = (("", Article), ("section__", Section), ("main_image__", Image))


@memoize
def _row_columns() -> list[tuple[str, type, list[str]]]:
    return [
        (prefix, model, [field.attname for field in model._meta.concrete_fields])
        for prefix, model in _ROW_MODELS
    ]


def _row_query(pk, now):
    """``article_queryset(Article.objects.published(now)).filter(pk=pk)``, as columns."""
    names = [prefix + name for prefix, _model, names in _row_columns() for name in names]
    return Article.objects.published(now).filter(pk=pk).values_list(*names)[:1]


_ROW_QUERY = PreparedQuery(_row_query, pk=_STAND_IN_PK, now=_STAND_IN_NOW)


def _published_row(pk: int) -> Article | None:
    """
    The published article ``pk`` with its section and main image (as
    ``article_queryset`` gives it), in one query compiled once per process
    (``infra.prepared``): an archive page that misses every cache runs it each time.
    """
    rows = _ROW_QUERY(pk=pk, now=timezone.now())
    if not rows:
        return None
    row, position, found = rows[0], 0, []
    for _prefix, model, names in _row_columns():
        values = row[position : position + len(names)]
        position += len(names)
        pk_value = values[names.index(model._meta.pk.attname)]
        found.append(None if pk_value is None else model.from_db("default", names, values))
    article, section, image = found
    Article._meta.get_field("section").set_cached_value(article, section)
    Article._meta.get_field("main_image").set_cached_value(article, image)
    return article


def _people_and_topics_query(article_id):
    columns = ("kind", "label", "key")
    authors = (
        Author.objects.filter(articles=article_id)
        .order_by()
        .annotate(kind=Value("author"), label=F("name"), key=F("slug"))
        .values_list(*columns)
    )
    topics = (
        Topic.objects.filter(articles=article_id)
        .order_by()
        .annotate(kind=Value("topic"), label=F("name"), key=F("slug"))
        .values_list(*columns)
    )
    agencies = (
        Agency.objects.filter(articles=article_id)
        .order_by()
        .annotate(kind=Value("agency"), label=F("short_name"), key=F("short_name"))
        .values_list(*columns)
    )
    return authors.union(topics, agencies, all=True).order_by("kind", "label")


_PEOPLE_AND_TOPICS_QUERY = PreparedQuery(_people_and_topics_query, article_id=_STAND_IN_PK)


def article_people_and_topics(article: Article) -> dict:
    """
    The article's authors, topics and agencies in one query (a UNION, compiled once
    per process: ``infra.prepared``), as plain data the templates and the JSON-LD
    use: ``{"authors": [{"name", "url"}], ...}``.
    """
    result: dict[str, list[dict]] = {"authors": [], "topics": [], "agencies": []}
    for kind, label, key in _PEOPLE_AND_TOPICS_QUERY(article_id=article.pk):
        if kind == "author":
            url = reverse("articles:author", kwargs={"slug": key})
            result["authors"].append({"name": label, "url": url})
        elif kind == "topic":
            result["topics"].append(
                {"name": label, "url": reverse("articles:topic", kwargs={"slug": key})}
            )
        else:
            result["agencies"].append({"short_name": label})
    return result


def _on_card(slot) -> Article:
    """The slot's story, showing the slot's headline, lead and image where it has them."""
    article = slot.article
    article.card_headline = slot.headline
    article.card_lead = slot.lead
    article.card_image = slot.image
    return article


def shown_slots(arrangement: Arrangement | None) -> list:
    """
    An arrangement's slots whose story readers may see (``published()`` when the
    page is read), with what their cards need: two queries whatever their number.
    """
    if arrangement is None:
        return []
    return list(
        arrangement.slots.shown()
        .select_related("article__section", "article__main_image", "image")
        .defer("article__body")
        .prefetch_related(
            Prefetch("article__authors", queryset=Author.objects.only("name", "slug"))
        )
    )


def home_context(*, slots: list | None = None, section_order: list[int] | None = None) -> dict:
    """
    La une as the desk arranged it (``desk``'s current arrangement of the home page):
    the lead, the secondary stories, then one block per section in the desk's order,
    the curated stories first, filled with the section's newest stories. Without a
    lead, the first secondary story leads, or else the newest story. A preview passes
    unsaved ``slots`` and ``section_order``. A fixed number of queries whatever the slots.
    """
    per_section = settings.NEWSROOM["HOME_STORIES_PER_SECTION"]
    published = Article.objects.published()
    if slots is None:
        arrangement = Arrangement.objects.current(None)
        slots = shown_slots(arrangement)
        section_order = arrangement.section_order if arrangement else []
    by_zone: dict[str, list[Article]] = {zone: [] for zone in Slot.Zone.values}
    for slot in slots:
        by_zone[slot.zone].append(_on_card(slot))
    lead = by_zone[Slot.Zone.LEAD][0] if by_zone[Slot.Zone.LEAD] else None
    secondary = by_zone[Slot.Zone.SECONDARY]
    if lead is None and secondary:
        # The lead left the site (or was never placed): the first secondary story leads.
        lead, secondary = secondary[0], secondary[1:]
    placed = [article.pk for article in secondary + by_zone[Slot.Zone.SECTION]]
    if lead is None:
        lead = published.for_cards().exclude(pk__in=placed).latest_first().first()
    if lead is not None:
        placed.append(lead.pk)
    curated: dict[int, list[Article]] = {}
    for article in by_zone[Slot.Zone.SECTION]:
        curated.setdefault(article.section_id, []).append(article)
    newest: dict[int, list[Article]] = {}
    for article in latest_by_section(published, per_section, exclude=placed):
        newest.setdefault(article.section_id, []).append(article)
    rank = {pk: index for index, pk in enumerate(section_order or [])}
    sections = sorted(
        (section for section in navigation()), key=lambda s: rank.get(s["pk"], len(rank))
    )
    blocks = []
    for section in sections:
        stories = curated.get(section["pk"], [])
        stories = stories + newest.get(section["pk"], [])[: max(per_section - len(stories), 0)]
        if stories:
            blocks.append({"section": stories[0].section, "articles": stories})
    return {"lead": lead, "secondary": secondary, "section_blocks": blocks}


def section_front(section: Section) -> dict:
    """A section's page as the desk arranged it: its lead and secondary stories, if any."""
    slots = shown_slots(Arrangement.objects.current(section))
    return section_front_from(slots)


def section_front_from(slots: list) -> dict:
    lead = next((_on_card(s) for s in slots if s.zone == Slot.Zone.LEAD), None)
    secondary = [_on_card(s) for s in slots if s.zone == Slot.Zone.SECONDARY]
    placed = [article.pk for article in [lead, *secondary] if article is not None]
    return {"lead": lead, "secondary": secondary, "placed": placed}


def navigation_key() -> str:
    return generations.navigation_key(get_language())


def _navigation() -> dict:
    """
    The sections in menu order, and the menu rendered once for each section it can
    mark as the current page (``menus[slug]``; ``menus[""]`` marks none), from the
    shared cache: one query and a few small renderings when cold, once a minute.
    Its ``stamp`` (a digest of the menus) goes into the ETag of every reader page.
    """

    def compute() -> dict:
        sections = [
            {"pk": s.pk, "name": s.name, "slug": s.slug, "url": s.get_absolute_url()}
            for s in Section.objects.only("name", "slug").order_by("position", "name")
        ]
        menus = {
            current: render_to_string(
                "includes/sections_menu.html", {"sections": sections, "current": current}
            )
            for current in ["", *(section["slug"] for section in sections)]
        }
        return {"sections": sections, "menus": menus, "stamp": pagecache.stamp(*menus.values())}

    return pagecache.cached(navigation_key(), compute)


def navigation() -> list[dict]:
    """The sections, in menu order: ``{pk, name, slug, url}`` each."""
    return _navigation()["sections"]


def sections_menu(current_slug: str = "") -> str:
    """The sections menu, the current section (if any) marked for assistive technologies."""
    menus = _navigation()["menus"]
    return mark_safe(menus.get(current_slug or "", menus[""]))  # rendered by our template


def latest_by_section(published, per_section: int, *, exclude=()) -> list[Article]:
    """
    The ``per_section`` latest stories of every section, in section order, in one
    query whatever the archive's size: a UNION ALL of one small index scan per
    section (article_section_pub_idx). SQLite cannot order and limit inside a
    UNION; there a window function over the published stories does the same.
    """
    candidates = published.filter(section__isnull=False).exclude(pk__in=exclude or [])
    order = ("section__position", "section__name", "-published_at", "-pk")
    if connection.features.supports_slicing_ordering_in_compound:
        section_ids = [section["pk"] for section in navigation()]
        if not section_ids:
            return []
        parts = [
            candidates.filter(section_id=pk)
            .order_by("-published_at", "-pk")
            .values("pk")[:per_section]
            for pk in section_ids
        ]
        ids = parts[0].union(*parts[1:], all=True)
        return list(Article.objects.filter(pk__in=ids).for_cards().order_by(*order))
    ranked = candidates.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("section_id")],
            order_by=[F("published_at").desc(), F("pk").desc()],
        )
    ).filter(rank__lte=per_section)
    return list(ranked.for_cards().order_by(*order))


def render_body(article: Article) -> str:
    """The body HTML with each "Lire aussi" marker replaced by a link to a live story."""
    ids = read_also_ids(article.body)
    targets = {}
    if ids:
        targets = {
            target.pk: target
            for target in Article.objects.published()
            .filter(pk__in=ids)
            .select_related("section")
            .only("title", "slug", "section__name", "section__slug")
        }

    def render(target_id: int) -> str:
        target = targets.get(target_id)
        if target is None:
            return ""
        return render_to_string("articles/_read_also.html", {"target": target})

    # The body was sanitized on save and the blocks come from our own escaped template.
    return mark_safe(expand_read_also(article.body, render))


PHOTO_SIZES = {
    "column": "(min-width: 64rem) 45rem, 100vw",
    "wide": "(min-width: 80rem) 70rem, 100vw",
}


def body_media(body: str) -> dict:
    """
    What the body's blocks show, from live data, in at most two queries whatever
    their number: the usable library images of its photos and galleries (a withdrawn
    or expired one is left out) and the stored answers of its embeds.
    """
    blocks = parse_blocks(body)
    image_ids = {pk for block in blocks for pk in block.image_ids}
    urls = {block.url for block in blocks if block.kind == "embed"}
    images = (
        {image.pk: image for image in Image.objects.usable().filter(pk__in=image_ids)}
        if image_ids
        else {}
    )
    embeds = {embed.url: embed for embed in Embed.objects.filter(url__in=urls)} if urls else {}
    return {"blocks": blocks, "images": images, "embeds": embeds}


def render_blocks(html: str, media: dict) -> str:
    """The body with its photo, gallery, embed, quote and box blocks rendered."""
    images, embeds = media["images"], media["embeds"]
    galleries = 0

    def render(block: Block) -> str:
        nonlocal galleries
        if block.kind == "photo":
            image = images.get(block.image_ids[0])
            if image is None:
                return ""
            context = {"block": block, "image": image, "sizes": PHOTO_SIZES[block.width]}
            return render_to_string("articles/blocks/_photo.html", context)
        if block.kind == "gallery":
            shown = [images[pk] for pk in block.image_ids if pk in images]
            if not shown:
                return ""
            galleries += 1
            context = {"images": shown, "number": galleries, "sizes": PHOTO_SIZES["column"]}
            return render_to_string("articles/blocks/_gallery.html", context)
        if block.kind == "embed":
            context = {"url": block.url, "embed": embeds.get(block.url)}
            return render_to_string("articles/blocks/_embed.html", context)
        return render_to_string(f"articles/blocks/_{block.kind}.html", {"block": block})

    # The body was sanitized on save and the blocks come from our own escaped templates.
    return mark_safe(expand_blocks(html, render))


def shown_image(article: Article):
    """The article's main image, when a public page may still show it (``is_usable``)."""
    image = article.main_image
    return image if image is not None and image.is_usable else None


def article_context(article: Article) -> dict:
    """
    The article page's data, lazily: the template reads it only when its stored
    parts (head and article) have to be rebuilt.
    """
    return {"page": SimpleLazyObject(lambda: article_page_data(article))}


def article_extras_key(pk: int) -> str:
    """
    Where the article page's extras (the body with its "Lire aussi" blocks, the
    people, topics and agencies) are kept in a language: one of the page's parts, read
    with the others, its entry valid for the article's edit ``version`` it names.
    """
    return f"article-extras:{pk}:{get_language()}"


def article_extras(article: Article) -> dict:
    """
    The article page's extras, kept in the shared cache for the article's edit
    ``version`` (an edit shows at once; a renamed "Lire aussi" target within
    DATA_CACHE_SECONDS; an accepted comment, which gives the page a new generation,
    does not make them computed again).
    """
    key = article_extras_key(article.pk)
    stored = pagecache.cached_get(key)
    if stored is not None and stored["version"] == article.version:
        return stored
    extras = {
        "version": article.version,
        **article_people_and_topics(article),
        "body_html": str(render_body(article)),
    }
    pagecache.cached_set(key, extras, settings.NEWSROOM["DATA_CACHE_SECONDS"])
    return extras


def article_page_data(article: Article) -> dict:
    """Everything the article page shows beyond the article row (``article_extras``)."""
    extras = article_extras(article)
    # The blocks' images and embeds are live data, read each time the page's parts
    # are made (a new image or embed state gives the page a new generation).
    media = body_media(article.body)
    image = shown_image(article)
    # The social networks' cards: the 16:9 crop around the focal point, once made.
    rendition = (best_crop(image) or best_rendition(image)) if image else None
    # Until the renditions are made (a task, after the upload), the original.
    og_image = rendition or ({"width": image.width, "height": image.height} if image else None)
    og_url = (
        default_storage.url(rendition["path"]) if rendition else image.file.url if image else ""
    )
    json_ld = metadata.article_json_ld(article, extras, media, image)
    plain_lead = json_ld["description"]  # the lead without its markup
    live_page = None
    if article.is_live:
        live_page = live.live_data(article)
        json_ld = live.json_ld(article, json_ld, live_page)
    return {
        "live": live_page,
        "body_html": render_blocks(extras["body_html"], media),
        "json_ld": json_ld,
        "canonical_url": absolute_url(article.get_absolute_url()),
        "description": metadata.shortened(plain_lead, metadata.DESCRIPTION_LENGTH),
        "card_description": metadata.shortened(plain_lead, metadata.CARD_DESCRIPTION_LENGTH),
        "og_image_url": absolute_url(og_url) if og_url else "",
        "og_image": og_image,
        "authors": extras["authors"],
        "topics": extras["topics"],
        "agencies": extras["agencies"],
        # Only an article announced as updated has corrections to fetch.
        "corrections": list(article.corrections.all()) if article.content_updated_at else [],
    }
