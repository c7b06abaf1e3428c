"""
The reader's search page: what it reads from the query string and what it shows.
The engine (French analysis, the index, highlighting) is the search room's; which
articles may be found is ``published()``, with the page's filters.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Prefetch, Value
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from articles import indexing
from articles.models import Article, Author, Topic
from audience.rankings import most_read
from infra import generations, pagecache
from reader import content
from search.highlight import highlight, snippet
from search.query import parse

TEMPLATE = "articles/search.html"
# A card's parts that do not depend on the query, each a partial of TEMPLATE.
PARTS = ("figure", "kicker", "meta")

# A count is shown up to this many results; beyond, "plus de 100 résultats".
COUNT_LIMIT = 100
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _settings() -> dict:
    return settings.NEWSROOM


class SearchForm(forms.Form):
    """The query string of /recherche/: every field may be absent; bad values are errors."""

    q = forms.CharField(label=_("Rechercher"), max_length=200, required=False)
    rubrique = forms.ChoiceField(label=_("Rubrique"), required=False)
    sujet = forms.SlugField(label=_("Sujet"), required=False, max_length=80)
    auteur = forms.SlugField(label=_("Auteur"), required=False, max_length=120)
    du = forms.DateField(
        label=_("Du"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    au = forms.DateField(
        label=_("Au"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[("", _("Pertinence")), ("recents", _("Plus récents"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = content.navigation()  # the menu's, from the shared cache
        self.fields["rubrique"].choices = [("", _("Toutes les rubriques"))] + [
            (section["slug"], section["name"]) for section in sections
        ]

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            self.add_error("au", gettext("La date de fin précède la date de début."))
        return data


def page_number(request) -> int:
    """``?page=N``, 404 for anything but a page a reader may reach."""
    page = request.GET.get("page") or "1"
    last = _settings()["SEARCH_MAX_RESULTS"] // _settings()["SEARCH_PAGE_SIZE"]
    if not (page.isascii() and page.isdigit()) or len(page) > 3 or not 1 <= int(page) <= last:
        raise Http404(gettext("Cette page n'existe pas."))
    return int(page)


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _section_id(data: dict) -> int | None:
    """The id of the section filtered on (the menu's, from the shared cache), or None."""
    slug = data.get("rubrique")
    return (
        next((s["pk"] for s in content.navigation() if s["slug"] == slug), None) if slug else None
    )


def _within(data: dict, now):
    """The published articles the filters keep."""
    articles = Article.objects.published(now)
    if data.get("rubrique"):
        articles = articles.filter(section_id=_section_id(data))
    if data.get("sujet"):
        articles = articles.filter(topics__slug=data["sujet"])
    if data.get("auteur"):
        articles = articles.filter(authors__slug=data["auteur"])
    if data.get("du"):
        articles = articles.filter(published_at__gte=_day_start(data["du"]))
    if data.get("au"):
        articles = articles.filter(published_at__lt=_day_start(data["au"] + timedelta(days=1)))
    return articles


def _filter_names(data: dict) -> dict[str, str]:
    """The names of the topic and author filtered on: one query, none without them."""
    parts = []
    if data.get("sujet"):
        topics = Topic.objects.filter(slug=data["sujet"]).annotate(kind=Value("sujet"))
        parts.append(topics.values_list("kind", F("name")).order_by())
    if data.get("auteur"):
        authors = Author.objects.filter(slug=data["auteur"]).annotate(kind=Value("auteur"))
        parts.append(authors.values_list("kind", F("name")).order_by())
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return dict(rows)


@dataclass(frozen=True)
class Result:
    """One result as the page shows it: its card's parts, the words found marked."""

    pk: int
    url: str
    title_html: SafeString
    snippet: SafeString
    figure: SafeString
    kicker: SafeString
    meta: SafeString


def _card_key(pk: int) -> str:
    """Where an article's card is kept: per release (its markup) and language (its date)."""
    return f"search-card:{pagecache.release()}:{get_language()}:{pk}"


def _card(article: Article) -> dict:
    """
    What an article's card shows whatever the query: its address, its headline and
    text (for the extract), and its picture, section and byline rendered (the partials
    of the search template).
    """
    context = {"article": article}
    return {
        "url": article.get_absolute_url(),
        "title": article.title,
        "text": f"{article.lead}\n{indexing.plain_text(article.body)}",
        **{part: render_to_string(f"{TEMPLATE}#result_{part}", context) for part in PARTS},
    }


def _cards(ids: list[int]) -> dict[int, dict]:
    """
    The cards of these articles, from the shared cache when stored under the article
    page's current generation (every change to what the card shows bumps it), in one
    round trip; the others in two queries (the articles, their authors), then stored.
    """
    generation_keys = {pk: generations.article_key(pk) for pk in ids}
    card_keys = {pk: _card_key(pk) for pk in ids}
    found = cache.get_many([*generation_keys.values(), *card_keys.values()])
    cards, missing = {}, []
    for pk in ids:
        entry = found.get(card_keys[pk])
        current = found.get(generation_keys[pk])
        if entry is not None and current is not None and entry["generation"] == current:
            cards[pk] = entry["card"]
        else:
            missing.append(pk)
    if not missing:
        return cards
    articles = (
        Article.objects.filter(pk__in=missing)
        .select_related("section", "main_image")
        .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name", "slug")))
    )
    for article in articles:
        key = generation_keys[article.pk]
        generation = found.get(key) or generations.create(key)
        cards[article.pk] = _card(article)
        pagecache.cached_set(
            card_keys[article.pk],
            {"generation": generation, "card": cards[article.pk]},
            settings.NEWSROOM["DATA_CACHE_SECONDS"],
        )
    return cards


def results(form: SearchForm, number: int, now=None) -> dict:
    """
    What the page shows for a valid form: the page's results (at most four queries:
    the ranked ids, the filters' names, and for the cards not in the shared cache the
    articles and their authors), the count when
    it is at most ``COUNT_LIMIT``, whether another page follows, and the most read
    stories when nothing matches.
    """
    now = now or timezone.now()
    data = form.cleaned_data
    query = parse(data.get("q") or "")
    size = _settings()["SEARCH_PAGE_SIZE"]
    found = {"query": query, "filter_names": _filter_names(data), "articles": []}
    if not query:
        return found
    offset = (number - 1) * size
    # Enough ids to count up to the limit and to know whether a next page exists.
    wanted = min(max(COUNT_LIMIT + 1, offset + size + 1), _settings()["SEARCH_MAX_RESULTS"] + 1)
    ids = indexing.ranked_ids(
        query,
        within=_within(data, now),
        now=now,
        limit=wanted,
        newest=data.get("tri") == "recents",
        section_id=_section_id(data),
        since=_day_start(data["du"]) if data.get("du") else None,
    )
    if number > 1 and len(ids) <= offset:
        raise Http404(gettext("Cette page n'existe pas."))
    stems = query.stems
    page_ids = ids[offset : offset + size]
    cards = _cards(page_ids)
    articles = [
        Result(
            pk=pk,
            url=card["url"],
            title_html=highlight(card["title"], stems),
            snippet=snippet(card["text"], stems),
            **{part: card[part] for part in PARTS},
        )
        for pk in page_ids
        if (card := cards.get(pk)) is not None
    ]
    found.update(
        articles=articles,
        count=len(ids) if len(ids) <= COUNT_LIMIT else None,
        number=number,
        has_next=len(ids) > offset + size and offset + size < _settings()["SEARCH_MAX_RESULTS"],
        suggestions=[] if ids else most_read(hours=24),
    )
    return found
