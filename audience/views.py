from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article
from articles.services import visible_to
from audience import charts, reports
from audience.counters import ReadOutcome, count_read_in_redis, mark_live, record_read
from audience.readers import limits_skip, quick_skip, reader_keys
from infra.requestlimits import body_limit

# A published article stays "live" for the beacon this long without a query;
# unpublishing takes effect on counting after at most this delay.
LIVE_CACHE_SECONDS = 60


def _empty(status: int) -> HttpResponse:
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


def _is_live(article_id: int) -> bool:
    key = f"audience:live:{article_id}"
    if cache.get(key):
        return True
    live = Article.objects.published().filter(pk=article_id).exists()
    if live:
        # Only the positive answer is kept: a scheduled story counts as soon as it is out.
        cache.set(key, 1, timeout=LIVE_CACHE_SECONDS)
    return live


# CSRF exempt on purpose: the beacon is an anonymous counter that changes no
# session or account state, is sent by navigator.sendBeacon without a token (and
# often from a page served by a shared cache, which cannot hold one). What a
# forged request could do, add reads, is bounded by the honesty rules instead:
# robots, prefetches, staff and previews are ignored, a reader counts once per
# article per window, and each address is rate limited (audience.readers).
@body_limit(1024)  # a beacon has no body
@csrf_exempt
@require_POST
def read_beacon(request, article_id: int):
    """Count one read of a published article; always an empty answer."""
    now = timezone.now()
    skipped = quick_skip(request) is not None
    if not skipped:
        reader, address = reader_keys(request, now=now)
        # With Redis, the liveness check, the limits and the increment are one script.
        for _attempt in range(2):
            outcome = count_read_in_redis(
                article_id=article_id, reader=reader, rate_key=address, now=now
            )
            if outcome is None:
                break
            if outcome != ReadOutcome.UNKNOWN_LIVENESS:
                return _empty(204)
            if not _is_live(article_id):
                return _empty(404)
            mark_live(article_id)
    if not _is_live(article_id):
        return _empty(404)
    # Without Redis (or with Redis down): the same rules through the cache and the database.
    if not skipped and limits_skip(reader, address, article_id=article_id, now=now) is None:
        record_read(article_id=article_id, now=now)
    return _empty(204)


def _require_article_view(request) -> None:
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied


def _visible(request):
    """Live stories, and the unpublished ones this staff member may see in the admin."""
    return Article.objects.published() | visible_to(request.user)


def _admin_context(request, title: str) -> dict:
    return {**admin.site.each_context(request), "title": title}


@require_safe
def dashboard(request):
    """Most read articles today, over 7 days and over 30 days, with their comments."""
    _require_article_view(request)
    now = timezone.now()
    visible = _visible(request)
    periods = [
        (_("Aujourd'hui"), list(reports.top_articles(days=1, now=now, among=visible))),
        (_("7 derniers jours"), list(reports.top_articles(days=7, now=now, among=visible))),
        (_("30 derniers jours"), list(reports.top_articles(days=30, now=now, among=visible))),
    ]
    return render(
        request,
        "audience/dashboard.html",
        {**_admin_context(request, _("Audience")), "periods": periods},
    )


@require_safe
def article_audience(request, pk: int):
    """One article's reads and comments per day for 30 days, as two charts and a table."""
    _require_article_view(request)
    article = get_object_or_404(_visible(request).only("title", "slug", "status"), pk=pk)
    days = reports.daily_counts(article)
    reads_chart = charts.bar_chart(
        [(row.day, row.reads) for row in days], title=_("Lectures par jour")
    )
    comments_chart = charts.bar_chart(
        [(row.day, row.comments) for row in days], title=_("Commentaires publiés par jour")
    )
    return render(
        request,
        "audience/article.html",
        {
            **_admin_context(request, _("Audience : %(title)s") % {"title": article.title}),
            "article": article,
            "days": days,
            "total_reads": sum(row.reads for row in days),
            "total_comments": sum(row.comments for row in days),
            "charts": [("reads", reads_chart), ("comments", comments_chart)],
        },
    )


staff_dashboard = admin.site.admin_view(dashboard)
staff_article_audience = admin.site.admin_view(article_audience)
