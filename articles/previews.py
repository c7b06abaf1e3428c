"""
Share links for previews of unpublished articles, for reviewers without an account:
a signed, expiring token naming a ``ShareLink`` record, which must still be alive
(``articles.services`` creates and revokes them). The previews themselves are reader
pages (``reader.previews``).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.models import ShareLink

# A new salt: tokens of the former links, which named the article and could not be
# revoked, no longer open anything.
SHARE_SALT = "articles.share-link"


def link_days() -> int:
    return settings.NEWSROOM["PREVIEW_LINK_DAYS"]


def expires_at(link: ShareLink):
    return link.created_at + timezone.timedelta(days=link_days())


def share_url(link: ShareLink) -> str:
    token = signing.dumps({"link": link.pk}, salt=SHARE_SALT, compress=True)
    return reverse("articles:preview_share", kwargs={"token": token})


def shared_article_id(token: str) -> int | None:
    """The article a share token opens, or None when forged, expired or revoked."""
    try:
        data = signing.loads(token, salt=SHARE_SALT, max_age=link_days() * 24 * 60 * 60)
    except signing.BadSignature:
        return None
    link_id = data.get("link") if isinstance(data, dict) else None
    if not isinstance(link_id, int):
        return None
    return ShareLink.objects.alive().filter(pk=link_id).values_list("article_id", flat=True).first()
