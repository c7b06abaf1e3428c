"""Writes with side effects for articles. Views and the admin call these."""

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from articles import indexing, signals
from articles.body import body_embed_urls, body_image_ids
from articles.models import Article, Correction, Section, ShareLink, WorkflowEvent
from embeds import services as embeds_services
from images import usage
from images.models import Image
from infra import generations, jobs
from infra.people import display_name

# Changing any of these on a live story is announced to readers as "Mis à jour le …".
ANNOUNCED_FIELDS = frozenset({"title", "lead", "body", "main_image"})


# --- Editorial workflow -------------------------------------------------------------------

EDITABLE_BY_JOURNALISTS = frozenset({Article.Status.DRAFT, Article.Status.REVIEW})


def is_editor(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.publish_article"))


def visible_to(user, queryset=None):
    """
    The articles a staff member may see in the admin, titles included: editors all of
    them, journalists their own (other people's drafts stay theirs).
    """
    queryset = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    return queryset.filter(created_by=user) if user.is_authenticated else queryset.none()


def can_edit(user, article: Article) -> bool:
    """
    Editors edit everything; journalists only their own articles that are not
    live yet (draft or in review).
    """
    if is_editor(user):
        return True
    if not (user and user.is_active and user.has_perm("articles.change_article")):
        return False
    if article.pk is None:
        return True
    return article.created_by_id == user.pk and article.status in EDITABLE_BY_JOURNALISTS


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _transition(article: Article, to_status: str, by, *, publish_at=None, note="") -> None:
    WorkflowEvent.objects.create(
        article=article,
        from_status=article.status,
        to_status=to_status,
        by=by,
        by_name=display_name(by),
        publish_at=publish_at,
        note=note,
    )
    article.status = to_status


def prepublish_problems(article: Article, *, at=None) -> list[str]:
    """
    What stops an article from going live (now, or at ``at`` when scheduled), as
    messages for the editor.
    """
    limits = settings.NEWSROOM
    problems = []
    if not article.title.strip():
        problems.append(gettext("Le titre est vide."))
    lead = article.lead.strip()
    if not lead:
        problems.append(gettext("Le chapô est vide."))
    elif len(lead) > limits["LEAD_MAX_LENGTH"]:
        problems.append(
            gettext("Le chapô fait %(length)d caractères, %(max)d au plus.")
            % {"length": len(lead), "max": limits["LEAD_MAX_LENGTH"]}
        )
    if article.section_id is None:
        problems.append(gettext("Choisissez une rubrique."))
    image = article.main_image
    if image is None:
        problems.append(gettext("Ajoutez une image principale."))
    else:
        if not image.credit.strip():
            problems.append(gettext("L'image principale n'a pas de crédits."))
        if not image.alt_text.strip():
            problems.append(gettext("L'image principale n'a pas de texte alternatif."))
    problems.extend(_image_rights_problems(article, at or timezone.now()))
    return problems


def _image_rights_problems(article: Article, at) -> list[str]:
    """Every image the article uses (main image, body…) must be usable when it goes live."""
    problems = []
    now = timezone.now()
    for image in usage.images_of(article):
        expires = image.usage_expires_at
        names = {"image": image}
        if expires is not None:
            names["date"] = date_format(timezone.localtime(expires), "DATETIME_FORMAT")
        if expires is not None and expires <= now:
            message = gettext(
                "Les droits d'utilisation de l'image « %(image)s » ont expiré le %(date)s : "
                "remplacez-la ou prolongez ses droits."
            )
        elif image.withdrawn_at is not None:
            message = gettext("L'image « %(image)s » a été retirée du site : remplacez-la.")
        elif expires is not None and expires <= at:
            message = gettext(
                "Les droits d'utilisation de l'image « %(image)s » expirent le %(date)s, "
                "avant la mise en ligne : remplacez-la ou prolongez ses droits."
            )
        else:
            continue
        problems.append(message % names)
    return problems


def headline_advice(article: Article) -> list[str]:
    """
    Warnings, not refusals: a headline longer than HEADLINE_ADVISED_LENGTH may be
    published (French dailies' headlines run long); the editor is told, and a short
    headline serves where space is tight.
    """
    advised = settings.NEWSROOM["HEADLINE_ADVISED_LENGTH"]
    length = len(article.title.strip())
    if length <= advised:
        return []
    advice = gettext("Le titre fait %(length)d caractères, %(advised)d conseillés au plus.") % {
        "length": length,
        "advised": advised,
    }
    if not article.short_headline.strip():
        advice += " " + gettext("Un titre court servira sur les cartes et les réseaux sociaux.")
    return [advice]


def _section_slug(article: Article) -> str:
    return article.section.slug if article.section_id else ""


def live_at(article: Article):
    """
    When a published article appears to readers: its publication time, or the end
    of its embargo when that is later (the published rule, on one article).
    """
    if article.status != Article.Status.PUBLISHED or article.published_at is None:
        return None
    return max(filter(None, (article.published_at, article.embargo_until)))


def _schedule_go_live(article: Article) -> None:
    """
    A scheduled story appears by itself (the published rule compares with the
    time), but the shared caches and the CDN keep its 404 and the old listings:
    a task due when it goes live gives its pages a new generation and purges them.
    """
    at = live_at(article)
    if at is None or at <= timezone.now():
        return
    from articles import tasks  # the task module imports this one

    jobs.enqueue_after_commit(tasks.go_live, run_after=at, article_id=article.pk, at=at.isoformat())


def announce_go_live(*, article_id: int, at) -> bool:
    """
    The go-live task's work: if the article still goes live at ``at`` (not
    rescheduled, unpublished or deleted since), its page, the listings and the CDN
    change now. True when they did; harmless when run again.
    """
    article = Article.objects.published().select_related("section").filter(pk=article_id).first()
    if article is None or live_at(article) != at:
        return False
    generations.article_changed(article.pk, section_slug=_section_slug(article), listings=True)
    return True


def _save_with_revision(article: Article, by, comment: str, *, update_fields=None) -> None:
    generations.article_changed(article.pk, section_slug=_section_slug(article), listings=True)
    _schedule_go_live(article)
    with reversion.create_revision():
        article.modified_by = by
        if update_fields is not None:
            update_fields = [*update_fields, "modified_by", "modified_at", "version"]
        article.version = F("version") + 1
        article.save(update_fields=update_fields)
        article.refresh_from_db(fields=["version"])
        indexing.index_article(article)
        reversion.set_user(by)
        reversion.set_comment(comment)


@transaction.atomic
def submit_for_review(*, article: Article, by) -> Article:
    """A journalist hands a draft to the desk."""
    _require(can_edit(by, article))
    if article.status != Article.Status.DRAFT:
        raise ValidationError(gettext("Seul un brouillon peut être soumis à la relecture."))
    _transition(article, Article.Status.REVIEW, by)
    _save_with_revision(article, by, gettext("Soumis à la relecture"), update_fields=["status"])
    return article


@transaction.atomic
def publish_article(*, article: Article, by, at=None) -> Article:
    """
    Publish now, or schedule for ``at`` (a future time): the published rule
    compares with the current time, so the story appears on time by itself; a
    task due then makes the caches and the CDN follow (``_schedule_go_live``).
    Refused with the list of problems when pre-publication checks fail.
    """
    _require(is_editor(by))
    problems = prepublish_problems(article, at=at)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    publish_at = at or now
    first_time = article.published_at is None or article.status != Article.Status.PUBLISHED
    _transition(article, Article.Status.PUBLISHED, by, publish_at=publish_at)
    if first_time or at is not None:
        article.published_at = publish_at
    comment = (
        gettext("Programmé pour le %(date)s")
        % {"date": date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")}
        if publish_at > now
        else gettext("Publié")
    )
    _save_with_revision(article, by, comment, update_fields=["status", "published_at"])
    return article


@transaction.atomic
def unpublish_article(*, article: Article, by) -> Article:
    """Take an article off the site (its URL answers 404; nothing is deleted)."""
    _require(is_editor(by))
    if article.status != Article.Status.PUBLISHED:
        raise ValidationError(gettext("Cet article n'est pas publié."))
    _transition(article, Article.Status.UNPUBLISHED, by)
    _save_with_revision(article, by, gettext("Dépublié"), update_fields=["status"])
    _revoke_share_links(article, by)
    # The rooms above take it off what they show (the desk: every slot), in this transaction.
    signals.article_withdrawn.send(sender=Article, article=article)
    return article


@transaction.atomic
def return_to_draft(*, article: Article, by) -> Article:
    """Send an article in review (or unpublished) back to its author as a draft."""
    _require(is_editor(by) or (can_edit(by, article) and article.status == Article.Status.REVIEW))
    if article.status not in {Article.Status.REVIEW, Article.Status.UNPUBLISHED}:
        raise ValidationError(
            gettext("Seul un article en relecture ou dépublié redevient brouillon.")
        )
    _transition(article, Article.Status.DRAFT, by)
    _save_with_revision(article, by, gettext("Renvoyé en brouillon"), update_fields=["status"])
    _revoke_share_links(article, by)
    return article


# --- Share links ----------------------------------------------------------------------------


@transaction.atomic
def create_share_link(*, article: Article, by) -> ShareLink:
    """A preview link for a reviewer without an account: editors only, and recorded."""
    _require(is_editor(by))
    return ShareLink.objects.create(
        article=article, created_by=by, created_by_name=display_name(by)
    )


@transaction.atomic
def revoke_share_link(*, link: ShareLink, by) -> ShareLink:
    """Kill a share link at once (its page answers "expired")."""
    _require(is_editor(by))
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by_name = timezone.now(), display_name(by)
        link.save(update_fields=["revoked_at", "revoked_by_name"])
    return link


def _revoke_share_links(article: Article, by) -> None:
    """An article taken off the site or back to its author: its share links die."""
    article.share_links.alive().update(revoked_at=timezone.now(), revoked_by_name=display_name(by))


@transaction.atomic
def add_correction(*, article: Article, by, text: str, kind: str = Correction.Kind.UPDATE):
    """
    Add a dated correction or update note to a live article; the article's
    "Mis à jour le" and JSON-LD dateModified follow.
    """
    _require(is_editor(by))
    text = text.strip()
    if not text:
        raise ValidationError(gettext("Le texte de la correction est vide."))
    correction = Correction.objects.create(article=article, kind=kind, text=text, created_by=by)
    article.content_updated_at = correction.created_at
    _save_with_revision(
        article, by, gettext("Correction ajoutée"), update_fields=["content_updated_at"]
    )
    return correction


class StaleArticle(ValidationError):
    """Someone saved the article after this editor opened it; ``current`` says who and when."""

    def __init__(self, current: Article):
        super().__init__(
            gettext(
                "Cet article a été modifié par %(name)s le %(date)s, après que vous l'avez "
                "ouvert. Vos changements ne sont pas enregistrés : ils sont ci-dessous. "
                "Copiez-les, rechargez la page et reportez-les."
            ),
            code="stale",
            params={
                "name": display_name(current.modified_by) or "?",
                "date": date_format(timezone.localtime(current.modified_at), "DATETIME_FORMAT"),
            },
        )
        self.current = current


def check_version(*, article: Article, opened_version: int | None) -> None:
    """
    Optimistic locking, the one rule: an editor saves over the version they opened,
    or not at all (``StaleArticle``). The row stays locked until the transaction
    ends, so nobody saves in between (SQLite's write transactions are serialized).
    The admin form calls it to show the refusal next to what the editor typed;
    ``save_article`` calls it again before writing.
    """
    current = (
        Article.objects.select_for_update(of=("self",))
        .select_related("modified_by")
        .only(
            "version",
            "modified_at",
            "modified_by__username",
            "modified_by__first_name",
            "modified_by__last_name",
        )
        .get(pk=article.pk)
    )
    if current.version != opened_version:
        raise StaleArticle(current)


def save_article(
    *,
    article: Article,
    by=None,
    changed_fields: list[str] | tuple[str, ...] = (),
    expected_version: int | None = None,
) -> Article:
    """
    Save an editor's changes. With ``expected_version`` (the version the editor
    opened), the save is refused with ``StaleArticle`` if someone saved in between
    (``check_version``: the row stays locked until the save is done, so two saves
    can never both pass). When the readers' text of a live story changes, the
    change is dated so the page shows "Mis à jour le …".
    """
    if by is not None:
        _require(can_edit(by, article))
    now = timezone.now()
    with transaction.atomic():
        if article.pk is not None and expected_version is not None:
            check_version(article=article, opened_version=expected_version)
            Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
            article.version = expected_version + 1
        elif article.pk is not None:
            Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
            article.refresh_from_db(fields=["version"])
        if article.pk is None and by is not None:
            article.created_by = by
        if (
            article.pk
            and article.status == Article.Status.PUBLISHED
            and article.published_at
            and article.published_at <= now
            and ANNOUNCED_FIELDS.intersection(changed_fields)
        ):
            article.content_updated_at = now
        if by is not None:
            article.modified_by = by
        article.save()
        record_body_media(article=article)
        indexing.index_article(article)
        generations.article_changed(article.pk, section_slug=_section_slug(article), listings=True)
        _schedule_go_live(article)
    return article


def record_body_media(*, article: Article) -> None:
    """
    Keep ``body_images`` and ``body_embeds`` to what the body's blocks show (two
    queries and the changed rows), and have new embeds fetched after the commit.
    """
    ids = body_image_ids(article.body)
    article.body_images.set(Image.objects.filter(pk__in=ids).values_list("pk", flat=True))
    article.body_embeds.set(embeds_services.record_embeds(urls=body_embed_urls(article.body)))


@transaction.atomic
def create_draft_article(
    *,
    by,
    title: str,
    lead: str = "",
    body: str = "",
    section: Section | None = None,
    agencies=(),
    main_image=None,
    embargo_until=None,
) -> Article:
    """
    A new draft, saved as its first revision (the wire desk's "Reprendre" starts one
    from a dispatch). An embargo it is given holds it back even once published.
    """
    with reversion.create_revision():
        article = Article(
            title=title,
            lead=lead,
            body=body,
            section=section,
            main_image=main_image,
            embargo_until=embargo_until,
            status=Article.Status.DRAFT,
        )
        save_article(article=article, by=by)
        article.agencies.set(agencies)
        reversion.set_user(by)
        reversion.set_comment(gettext("Créé"))
    return article


def index_article(*, article: Article) -> None:
    """
    Index the article again once its topics, authors and agencies are saved (the
    admin saves them after the article): in the caller's transaction.
    """
    indexing.index_article(article)


# Fields a restore brings back: the content, not the workflow state.
RESTORED_FIELDS = ("title", "slug", "lead", "body", "credit_line", "section", "main_image")
RESTORED_M2M = ("topics", "authors", "agencies")


@transaction.atomic
def restore_revision(*, article: Article, revision, by) -> Article:
    """
    Bring back the content of an earlier revision (a django-reversion ``Version`` of
    the article: headline, lead, body, section, image, people, topics); the status and
    dates stay as they are. The restore is itself saved as a new revision.
    """
    _require(can_edit(by, article))
    data = revision.field_dict
    with reversion.create_revision():
        for name in RESTORED_FIELDS:
            field = Article._meta.get_field(name)
            setattr(article, field.attname, data.get(field.attname, data.get(name)))
        article.modified_by = by
        article.version = F("version") + 1
        if article.status == Article.Status.PUBLISHED:
            article.content_updated_at = timezone.now()
        article.save()
        article.refresh_from_db(fields=["version"])
        for name in RESTORED_M2M:
            getattr(article, name).set(data.get(name, []))
        record_body_media(article=article)
        indexing.index_article(article)
        generations.article_changed(article.pk, section_slug=_section_slug(article), listings=True)
        reversion.set_user(by)
        reversion.set_comment(
            gettext("Révision du %(date)s restaurée")
            % {
                "date": date_format(
                    timezone.localtime(revision.revision.date_created), "DATETIME_FORMAT"
                )
            }
        )
    return article


@transaction.atomic
def delete_articles(articles, *, by) -> None:
    """
    Delete articles (superusers only; editors unpublish instead): their pages, the
    listings and the cached rows go at once, and a comment form still open on a
    reader's screen gets a 404 instead of writing to a deleted article.
    """
    _require(by.is_superuser)
    articles = list(articles)
    generations.articles_changed([article.pk for article in articles])
    indexing.forget_articles([article.pk for article in articles])
    for article in articles:
        article.delete()


@transaction.atomic
def save_section(*, section: Section) -> Section:
    """
    Save a section. Its name and address show on its articles' pages, on the
    listings and in the menu: all of them change at once.
    """
    section.save()
    generations.sections_changed(list(section.articles.values_list("pk", flat=True)))
    return section


@transaction.atomic
def delete_section(*, section: Section) -> None:
    """Delete a section; only one without articles can go (the model protects them)."""
    section.delete()
    generations.sections_changed([])
