"""
Writes of live coverage: posting, editing, deleting and pinning posts, ending a live
page. Each records what it changed and, after the commit, gives the live page a new
generation (its page, its updates endpoint) and purges its surrogate keys.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext

from articles import services as articles
from articles.body import sanitize_body
from articles.models import Article
from infra import generations
from infra.people import display_name
from live.models import LivePost, LivePostChange

TEXT_MAX_LENGTH = 20_000


def surrogate_keys(article_id: int) -> list[str]:
    """What a CDN keeps of a live page: the page itself and its updates endpoint."""
    return [f"article-{article_id}", f"live-{article_id}"]


def can_post(user, article: Article) -> bool:
    """Any staff member allowed to post on live pages, on any live page."""
    return bool(
        user
        and user.is_active
        and user.has_perm("live.add_livepost")
        and article.kind == Article.Kind.LIVE
    )


def can_change(user, post: LivePost) -> bool:
    """Journalists edit and delete their own posts; editors everyone's."""
    if not (user and user.is_active and user.has_perm("live.change_livepost")):
        return False
    return post.author_id == user.pk or articles.is_editor(user)


def can_pin(user) -> bool:
    """Whoever runs a live page may choose its key post ("L'essentiel")."""
    return bool(user and user.is_active and user.has_perm("live.change_livepost"))


def can_end(user) -> bool:
    return articles.is_editor(user)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def author_name(user) -> str:
    """The name a post is signed with: the author profile's, else the staff member's."""
    profile = getattr(user, "author_profile", None)
    return profile.name if profile is not None else display_name(user)


def clean_text(text: str) -> str:
    """The text of a post as it is stored (sanitized), or ValidationError when nothing is left."""
    if len(text or "") > TEXT_MAX_LENGTH:
        raise ValidationError(
            gettext("Le message fait %(length)d caractères, %(max)d au plus.")
            % {"length": len(text), "max": TEXT_MAX_LENGTH},
            code="too_long",
        )
    # Sanitized again on save; cleaned here so that a post with nothing left is refused.
    cleaned = sanitize_body(text or "")
    if not strip_tags(cleaned).strip() and "data-read-also" not in cleaned:
        raise ValidationError(gettext("Le message est vide."), code="empty")
    return cleaned


def _changed(article_id: int, *, dated: bool) -> None:
    """The live page and its updates change now; a post dates the page's last update."""
    if dated:
        Article.objects.filter(pk=article_id).update(content_updated_at=timezone.now())
    generations.bump(generations.article_key(article_id))
    generations.purge(surrogate_keys(article_id))


def _record(post: LivePost, action: str, by, previous_text: str = "") -> None:
    LivePostChange.objects.create(
        post=post, action=action, by=by, by_name=display_name(by), previous_text=previous_text
    )


def _unpin_others(post: LivePost, by) -> None:
    for other in (
        LivePost.objects.visible()
        .filter(article_id=post.article_id, pinned=True)
        .exclude(pk=post.pk)
    ):
        other.pinned = False
        other.save(update_fields=["pinned"])
        _record(other, LivePostChange.Action.UNPINNED, by)


@transaction.atomic
def create_post(
    *,
    article: Article,
    by,
    text: str,
    important: bool = False,
    pinned: bool = False,
    image=None,
    read_also: Article | None = None,
) -> LivePost:
    """A new post on a live page, shown to readers at once (newest first)."""
    _require(can_post(by, article))
    if article.live_has_ended:
        raise ValidationError(gettext("Ce direct est terminé."), code="ended")
    now = timezone.now()
    post = LivePost(
        article=article,
        author=by,
        author_name=author_name(by),
        text=clean_text(text),
        important=important,
        image=image,
        read_also=read_also,
        created_at=now,
        updated_at=now,
    )
    if pinned:
        _require(can_pin(by))
        _unpin_others(post, by)
        post.pinned = True
    post.save()
    _changed(article.pk, dated=True)
    return post


_UNCHANGED = object()


@transaction.atomic
def edit_post(
    *,
    post: LivePost,
    by,
    text: str | None = None,
    important: bool | None = None,
    image=_UNCHANGED,
    read_also=_UNCHANGED,
) -> LivePost:
    """Change a post; the text it had before is recorded with who changed it and when."""
    _require(can_change(by, post))
    if post.is_deleted:
        raise ValidationError(gettext("Ce message a été supprimé."), code="deleted")
    previous = post.text
    if text is not None:
        post.text = clean_text(text)
    if important is not None:
        post.important = important
    if image is not _UNCHANGED:
        post.image = image
    if read_also is not _UNCHANGED:
        post.read_also = read_also
    post.updated_at = timezone.now()
    post.save()
    _record(post, LivePostChange.Action.EDITED, by, previous_text=previous)
    _changed(post.article_id, dated=True)
    return post


@transaction.atomic
def delete_post(*, post: LivePost, by) -> LivePost:
    """Take a post off the live page; it is kept, with its text and who deleted it."""
    _require(can_change(by, post))
    if post.is_deleted:
        return post
    post.deleted_at = post.updated_at = timezone.now()
    post.deleted_by = by
    post.pinned = False
    post.save(update_fields=["deleted_at", "deleted_by", "pinned", "updated_at"])
    _record(post, LivePostChange.Action.DELETED, by, previous_text=post.text)
    _changed(post.article_id, dated=False)
    return post


@transaction.atomic
def pin_post(*, post: LivePost, by, pinned: bool = True) -> LivePost:
    """Make a post the key post of its live page ("L'essentiel"), or stop it being so."""
    _require(can_pin(by))
    if post.is_deleted:
        raise ValidationError(gettext("Ce message a été supprimé."), code="deleted")
    if post.pinned == pinned:
        return post
    if pinned:
        _unpin_others(post, by)
    post.pinned = pinned
    post.save(update_fields=["pinned"])
    _record(post, LivePostChange.Action.PINNED if pinned else LivePostChange.Action.UNPINNED, by)
    _changed(post.article_id, dated=False)
    return post


@transaction.atomic
def end_coverage(*, article: Article, by) -> Article:
    """
    End a live page now: readers see "Ce direct est terminé", their pages stop asking
    for updates, and the page stays in the archive as it is.
    """
    _require(can_end(by) and article.kind == Article.Kind.LIVE)
    if article.live_ended_at is not None:
        return article
    article.live_ended_at = timezone.now()
    articles.save_article(article=article, by=by, changed_fields=["live_ended_at"])
    generations.purge(surrogate_keys(article.pk))
    return article
