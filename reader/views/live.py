"""The document a live page's readers poll for new posts (see docs/live.md)."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from infra.pagecache import reader_page
from reader import content, live, pages


@require_safe
@reader_page(pages.LIVE_UPDATES)
def updates(request, pk):
    article = content.published_article(request, pk)
    if article is None or not article.is_live:
        raise Http404(_("Ce direct n'existe pas ou n'est plus en ligne."))
    return JsonResponse(live.update_document(article))
