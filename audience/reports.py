"""
What the admin's "Audience" pages show: the most read articles of a period and
one article's reads and comments per day. Editor-facing, so every article is
included whatever its status; each function costs a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from articles.models import Article
from audience.counters import local_day, start_of_day
from audience.models import DailyCommentCount, DailyReadCount, HourlyReadCount
from audience.rankings import comment_totals, read_totals, top

CHART_DAYS = 30


@dataclass(frozen=True)
class TopArticle:
    article: Article
    reads: int
    comments: int


def top_articles(
    *, days: int, limit: int = 10, now: datetime | None = None, among=None
) -> list[TopArticle]:
    """
    The most read articles of the last ``days`` calendar days (today included),
    with the comments published on them over the same days; ties by recency.
    ``among`` (a queryset) leaves out the articles its viewer may not see.
    At most four queries: hours, rolled-up days, the articles, their comments.
    """
    now = now or timezone.now()
    first_day = local_day(now) - timedelta(days=days - 1)
    totals = read_totals(since=start_of_day(first_day), now=now)
    articles = (
        (Article.objects.all() if among is None else among)
        .select_related("section")
        .only("title", "slug", "status", "published_at", "section__name")
    )
    ranked = top(totals, limit=limit, articles=articles)
    comments = comment_totals(first_day=first_day, article_ids=[a.pk for a, _reads in ranked])
    return [
        TopArticle(article=article, reads=reads, comments=comments.get(article.pk, 0))
        for article, reads in ranked
    ]


@dataclass(frozen=True)
class DayCounts:
    day: date
    reads: int
    comments: int


def daily_counts(
    article: Article, *, days: int = CHART_DAYS, now: datetime | None = None
) -> list[DayCounts]:
    """Reads and comments of one article per day for the last ``days`` days. Three queries."""
    today = local_day(now or timezone.now())
    first_day = today - timedelta(days=days - 1)
    reads = dict.fromkeys((first_day + timedelta(days=n) for n in range(days)), 0)
    comments = dict(reads)
    hours = HourlyReadCount.objects.filter(article=article, hour__gte=start_of_day(first_day))
    for hour, count in hours.values_list("hour", "count"):
        day = local_day(hour)
        if day in reads:
            reads[day] += count
    rolled_up = DailyReadCount.objects.filter(article=article, day__range=(first_day, today))
    for day, count in rolled_up.values_list("day", "count"):
        reads[day] += count
    published = DailyCommentCount.objects.filter(article=article, day__range=(first_day, today))
    for day, count in published.values_list("day", "count"):
        comments[day] += count
    return [DayCounts(day=day, reads=reads[day], comments=comments[day]) for day in reads]
