"""
Share links for previews of unpublished articles: signed and expiring, for reviewers
without an account. The previews themselves are reader pages (``reader.previews``).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SHARE_SALT = "articles.preview-share"


def link_days() -> int:
    return settings.NEWSROOM["PREVIEW_LINK_DAYS"]


def share_url(article) -> str:
    token = signing.dumps({"article": article.pk}, salt=SHARE_SALT, compress=True)
    return reverse("articles:preview_share", kwargs={"token": token})


def article_id_from_token(token: str) -> int | None:
    """The article id a share token grants, or None when forged or expired."""
    try:
        data = signing.loads(token, salt=SHARE_SALT, max_age=link_days() * 24 * 60 * 60)
    except signing.BadSignature:
        return None
    return data.get("article") if isinstance(data, dict) else None
