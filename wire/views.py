"""
The wire's HTTP doors: agencies push items in, partners read our articles as ninjs.
Both are machine-to-machine: authenticated by a bearer token in a header, never by a
session cookie, which is why the push is exempt from CSRF (CSRF protects cookie
sessions from forged cross-site requests; a forged request carries no token).
"""

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from infra.pagecache import reader_page
from wire import pages
from wire.models import PartnerToken, ReceivedItem, WireSource, hash_token
from wire.ninjs_out import article_to_ninjs, for_ninjs
from wire.services import ingest


def _bearer(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _json(data, status=200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


STATUS = {
    ReceivedItem.Outcome.ACCEPTED: 201,
    ReceivedItem.Outcome.DUPLICATE: 200,
}


@csrf_exempt  # token-authenticated machine endpoint, no cookie session: see the docstring
@require_POST
def push(request):
    token = _bearer(request)
    source = (
        WireSource.objects.select_related("agency")
        .filter(token_hash=hash_token(token), active=True)
        .first()
        if token
        else None
    )
    if source is None:
        return _error(gettext("Jeton d'agence absent ou invalide."), 401)
    limit = settings.NEWSROOM["WIRE_MAX_BYTES"]
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        received = ingest(content=b"", origin=ReceivedItem.Origin.PUSH, source=source, size=length)
        return _json({"outcome": received.outcome, "log": received.log}, status=413)
    # Read from the stream, never more than the limit (Content-Length may lie).
    content = request.read(limit + 1)
    received = ingest(content=content, origin=ReceivedItem.Origin.PUSH, source=source)
    status = STATUS.get(received.outcome, 413 if len(content) > limit else 422)
    return _json(
        {
            "outcome": received.outcome,
            "log": received.log,
            "dispatches": [
                {"uri": d.uri, "version": d.version, "status": d.status}
                for d in received.dispatches.all()
            ],
        },
        status=status,
    )


def _partner(request):
    """None for a reader; the partner for a valid token; False for a token that is not."""
    token = _bearer(request)
    if token is None:
        return None
    return PartnerToken.objects.filter(token_hash=hash_token(token), active=True).first() or False


def _visible(partner):
    published = Article.objects.published()
    if partner:
        return published | Article.objects.scheduled()
    return published


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _article(request, pk, partner=None):
    article = get_object_or_404(for_ninjs(_visible(partner)), pk=pk)
    return _json(article_to_ninjs(article))


@reader_page(pages.NINJS_ARTICLE)
def _public_article(request, pk):
    return _article(request, pk)


@require_GET
def article(request, pk):
    partner = _partner(request)
    if partner is False:
        return _error(gettext("Jeton de partenaire invalide."), 401)
    if partner:
        return _private(_article(request, pk, partner))
    return _public_article(request, pk=pk)


def _feed(request, partner=None):
    articles = _visible(partner)
    since = request.GET.get("since")
    if since:
        moment = parse_datetime(since)
        if moment is None or moment.tzinfo is None:
            return _error(
                gettext("« since » attend une date ISO 8601 avec fuseau, par exemple %(example)s.")
                % {"example": "2026-05-01T08:00:00+02:00"},
                400,
            )
        articles = articles.filter(published_at__gte=moment) | articles.filter(
            content_updated_at__gte=moment
        )
    section = request.GET.get("section")
    if section:
        articles = articles.filter(section__slug=section)
    paginator = Paginator(
        for_ninjs(articles.distinct().latest_first()), settings.NEWSROOM["NINJS_PAGE_SIZE"]
    )
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, ValueError, TypeError):
        raise Http404 from None
    query = {k: v for k, v in request.GET.items() if k != "page"}
    next_url = (
        reverse("wire:ninjs-feed") + "?" + urlencode({**query, "page": page.next_page_number()})
        if page.has_next()
        else None
    )
    return _json(
        {
            "items": [article_to_ninjs(article) for article in page.object_list],
            "page": page.number,
            "pages": paginator.num_pages,
            "count": paginator.count,
            "next": next_url,
        }
    )


@reader_page(pages.NINJS_FEED)
def _public_feed(request):
    return _feed(request)


@require_GET
def feed(request):
    partner = _partner(request)
    if partner is False:
        return _error(gettext("Jeton de partenaire invalide."), 401)
    if partner:
        return _private(_feed(request, partner))
    return _public_feed(request)


__all__ = ["article", "feed", "push"]
