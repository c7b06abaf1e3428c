"""
Comment writes: posting, moderating, reporting, erasing. Each decision appends a
ModerationEvent, keeps the article's published comment count exact and sends its
emails only once the transaction has committed.
"""

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article
from comments import notifications, signals
from comments.models import Comment, ModerationEvent, RejectionReason, Report
from comments.rules import comments_open
from infra import generations
from infra.clients import address_group, keyed_hash
from infra.models import OutgoingMail
from infra.people import display_name

logger = logging.getLogger("newsroom.moderation")


class CommentsClosed(Exception):
    """The article does not take comments (closed by an editor or by age)."""


@dataclass(frozen=True)
class PostResult:
    comment: Comment
    created: bool


def _normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fingerprint(*, article_id: int, email: str, body: str) -> str:
    raw = f"{article_id}\x1f{email.strip().lower()}\x1f{_normalized(body)}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _record(comment: Comment, action: str, *, by=None, automated=False, reason="", note=""):
    return ModerationEvent.objects.create(
        comment=comment,
        action=action,
        actor=by,
        actor_name=display_name(by),
        automated=automated,
        reason_code=reason,
        note=note,
    )


def _change_count(comment: Comment, delta: int) -> None:
    """
    A comment was published (+1) or withdrawn (-1): the article's counter and its
    page change, and the rooms that count comments are told (``published_count_changed``:
    audience's "most commented" counter, in the same transaction).
    """
    Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)
    signals.published_count_changed.send(
        sender=Comment,
        article_id=comment.article_id,
        delta=delta,
        when=comment.published_at or comment.created_at,
    )
    generations.article_changed(comment.article_id)


def publishes_at_once(article: Article) -> bool:
    """Whether a new comment on this article is published at once (post-moderation)."""
    return article.comment_mode == Article.CommentMode.POST_MODERATED


def post_comment(
    *, article: Article, name: str, email: str, body: str, ip_address: str
) -> PostResult:
    """
    Store a reader's comment: pending by default, published at once when the
    article is post-moderated. The same comment posted twice (same article, email
    and text, even at the same instant) is stored once.
    """
    if not comments_open(article):
        raise CommentsClosed
    post_moderated = publishes_at_once(article)
    now = timezone.now()
    comment = Comment(
        article=article,
        name=name,
        email=email,
        body=body,
        status=Comment.Status.PUBLISHED if post_moderated else Comment.Status.PENDING,
        published_at=now if post_moderated else None,
        fingerprint=fingerprint(article_id=article.pk, email=email, body=body),
        ip_hash=keyed_hash(address_group(ip_address), "ip") if ip_address else "",
        created_at=now,
    )
    try:
        with transaction.atomic():
            comment.save()
            _record(comment, ModerationEvent.Action.SUBMITTED)
            if post_moderated:
                _record(comment, ModerationEvent.Action.AUTO_PUBLISHED, automated=True)
                _change_count(comment, +1)
    except IntegrityError:
        existing = Comment.objects.filter(fingerprint=comment.fingerprint).first()
        if existing is None:
            raise
        return PostResult(comment=existing, created=False)
    return PostResult(comment=comment, created=True)


def _lock(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


def _close_reports(comment: Comment, status: str, now) -> list[Report]:
    reports = list(comment.reports.filter(status=Report.Status.OPEN))
    comment.reports.filter(status=Report.Status.OPEN).update(status=status, decided_at=now)
    comment.open_report_count = 0
    comment.priority = False
    return reports


class DecisionStands(ValidationError):
    """A refusal is not reversed by a plain "accept": it must be reopened, with a reason."""


def _erased_message() -> str:
    return gettext(
        "Les données de ce commentaire ont été effacées à la demande de son auteur : il ne "
        "peut être ni publié ni rouvert."
    )


def _is_erased(comment: Comment) -> bool:
    return comment.events.filter(action=ModerationEvent.Action.ERASED).exists()


@transaction.atomic
def accept_comment(*, comment: Comment, by) -> Comment:
    """
    Publish a pending or hidden comment; open reports against it are dismissed. A
    rejected comment is refused (``DecisionStands``): another moderator's refusal is
    reversed only by ``reopen_comment``, with a reason, never by a second click; an
    erased one is never published again.
    """
    comment = _lock(comment)
    if _is_erased(comment):
        raise DecisionStands(_erased_message(), code="erased")
    if comment.status == Comment.Status.REJECTED:
        raise DecisionStands(
            gettext("Ce commentaire a été refusé : rouvrez-le d'abord, en indiquant pourquoi."),
            code="rejected",
        )
    if comment.status == Comment.Status.PUBLISHED and not comment.open_report_count:
        return comment
    now = timezone.now()
    was_published = comment.status == Comment.Status.PUBLISHED
    reports = _close_reports(comment, Report.Status.DISMISSED, now)
    comment.status = Comment.Status.PUBLISHED
    comment.published_at = comment.published_at or now
    comment.moderated_at, comment.moderated_by = now, by
    comment.rejection_reason = ""
    comment.save()
    _record(comment, ModerationEvent.Action.ACCEPTED, by=by)
    if not was_published:
        _change_count(comment, +1)
    notifications.notify_notifiers(reports=reports, comment=comment, removed=False)
    return comment


@transaction.atomic
def reject_comment(*, comment: Comment, by, reason: str, note: str = "") -> Comment:
    """
    Refuse (or remove) a comment for a charter clause or legal ground. The
    commenter receives a statement of reasons; notifiers learn the decision.
    """
    if reason not in RejectionReason.values:
        raise ValueError(f"Unknown rejection reason: {reason!r}")
    comment = _lock(comment)
    if comment.status == Comment.Status.REJECTED:
        return comment
    now = timezone.now()
    was_published = comment.status == Comment.Status.PUBLISHED
    reports = _close_reports(comment, Report.Status.UPHELD, now)
    comment.status = Comment.Status.REJECTED
    comment.moderated_at, comment.moderated_by = now, by
    comment.rejection_reason = reason
    comment.save()
    _record(comment, ModerationEvent.Action.REJECTED, by=by, reason=reason, note=note)
    if was_published:
        _change_count(comment, -1)
    notifications.send_statement_of_reasons(comment=comment, automated=False)
    notifications.notify_notifiers(reports=reports, comment=comment, removed=True)
    return comment


@transaction.atomic
def reopen_comment(*, comment: Comment, by, reason: str) -> Comment:
    """
    Put a rejected comment back in the queue (pending) for a new decision, with the
    reason recorded. A comment whose personal data were erased on request stays
    refused: its text is gone and its author asked for it to go.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            gettext("Indiquez pourquoi ce commentaire est rouvert."), code="reason_required"
        )
    comment = _lock(comment)
    if comment.status != Comment.Status.REJECTED:
        raise ValidationError(gettext("Seul un commentaire refusé peut être rouvert."))
    if _is_erased(comment):
        raise DecisionStands(_erased_message(), code="erased")
    comment.status = Comment.Status.PENDING
    comment.rejection_reason = ""
    comment.moderated_at, comment.moderated_by = timezone.now(), by
    comment.save()
    _record(comment, ModerationEvent.Action.REOPENED, by=by, note=reason)
    return comment


@transaction.atomic
def dismiss_reports(*, comment: Comment, by, note: str = "") -> Comment:
    """Close the open reports of a comment and publish it again if they had hidden it."""
    comment = _lock(comment)
    if comment.status == Comment.Status.HIDDEN:
        return accept_comment(comment=comment, by=by)
    reports = _close_reports(comment, Report.Status.DISMISSED, timezone.now())
    comment.save()
    _record(comment, ModerationEvent.Action.REPORTS_DISMISSED, by=by, note=note)
    notifications.notify_notifiers(reports=reports, comment=comment, removed=False)
    return comment


def _hide(comment: Comment, action: str, *, by=None, reason: str) -> None:
    comment.status = Comment.Status.HIDDEN
    _change_count(comment, -1)
    _record(comment, action, by=by, automated=by is None, reason=reason)


def _reporters_who_may_hide(comment: Comment) -> int:
    """
    How many distinct readers reporting ``comment`` still may hide a comment today: a
    reader (an address group, see ``report_comment``) whose reports already hid
    REPORT_HIDES_PER_DAY comments since midnight still reports, for the moderators,
    but no longer hides. Queried only once the comment has enough open reports.
    """
    if comment.open_report_count < settings.NEWSROOM["REPORTS_TO_HIDE"]:
        return 0
    keys = set(
        comment.reports.filter(status=Report.Status.OPEN, by_staff=False).values_list(
            "reporter_key", flat=True
        )
    )
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    hid_today = dict(
        Report.objects.filter(
            reporter_key__in=keys,
            received_at__gte=midnight,
            comment__events__action=ModerationEvent.Action.AUTO_HIDDEN,
            comment__events__created_at__gte=midnight,
        )
        .exclude(comment=comment)
        .values_list("reporter_key")
        .annotate(hidden=Count("comment", distinct=True))
    )
    cap = settings.NEWSROOM["REPORT_HIDES_PER_DAY"]
    return sum(1 for key in keys if hid_today.get(key, 0) < cap)


class AlreadyReported(Exception):
    """This reader has already reported this comment; it counts once."""


@transaction.atomic
def report_comment(
    *,
    comment: Comment,
    reason: str,
    details: str = "",
    ip_address: str = "",
    user=None,
    notifier_name: str = "",
    notifier_email: str = "",
    good_faith: bool = False,
) -> Report:
    """
    Record a reader's report. The comment row is locked, so concurrent reports
    count exactly; a reader (same user, or same address group: one IPv4 address,
    one IPv6 /64, whatever the browser) counts once. At REPORTS_TO_HIDE distinct
    reporters that have not used up their REPORT_HIDES_PER_DAY, or at once for a
    staff member, the comment is hidden pending review, and the moderators are
    told (the dashboard's count, a line on the ``newsroom.moderation`` log).
    """
    comment = _lock(comment)
    by_staff = bool(user is not None and user.is_authenticated and user.is_staff)
    if user is not None and user.is_authenticated:
        reporter_key = keyed_hash(f"user:{user.pk}", "reporter")
    else:
        # One reader per address group (an IPv6 /64): a reader's addresses in their own
        # network, or one address with several browsers, count once.
        reporter_key = keyed_hash(f"ip:{address_group(ip_address)}", "reporter")
    report = Report(
        comment=comment,
        reason=reason,
        details=details,
        reporter_key=reporter_key,
        reporter=user if by_staff else None,
        by_staff=by_staff,
        notifier_name=notifier_name,
        notifier_email=notifier_email,
        good_faith=good_faith,
        snapshot={
            "name": comment.name,
            "body": comment.body,
            "created_at": comment.created_at.isoformat(),
            "article": comment.article.title,
            "article_url": comment.article.get_absolute_url(),
        },
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise AlreadyReported from error

    comment.open_report_count += 1
    comment.priority = comment.priority or by_staff
    _record(
        comment,
        ModerationEvent.Action.REPORTED,
        by=user if by_staff else None,
        reason=reason,
        note=report.reference,
    )
    if comment.status == Comment.Status.PUBLISHED:
        if by_staff:
            _hide(comment, ModerationEvent.Action.STAFF_HIDDEN, by=user, reason=reason)
        elif _reporters_who_may_hide(comment) >= settings.NEWSROOM["REPORTS_TO_HIDE"]:
            _hide(comment, ModerationEvent.Action.AUTO_HIDDEN, reason=reason)
            logger.warning(
                "Comment %s on article %s hidden by %s reports, awaiting a moderator",
                comment.pk,
                comment.article_id,
                comment.open_report_count,
            )
    comment.save()
    notifications.acknowledge_notice(report=report)
    return report


@transaction.atomic
def erase_email(*, email: str) -> int:
    """
    Erase a commenter's personal data on request: their comments' name, email,
    text and IP fingerprint, and their notices' contact details. The moderation
    record stays, anonymized. Returns the number of comments erased.
    """
    email = email.strip()
    comments = list(Comment.objects.select_for_update().filter(email__iexact=email))
    for comment in comments:
        if comment.status == Comment.Status.PUBLISHED:
            _change_count(comment, -1)
            comment.status = Comment.Status.REJECTED
        comment.name, comment.email, comment.body, comment.ip_hash = "—", "", "", ""
        comment.save()
        _record(comment, ModerationEvent.Action.ERASED, automated=True)
    Report.objects.filter(comment__in=comments).update(snapshot={})
    Report.objects.filter(notifier_email__iexact=email).update(
        notifier_email="", notifier_name="", snapshot={}
    )
    # The outbox's copies of the mails to this address, sent or not.
    OutgoingMail.objects.filter(to__iexact=email).delete()
    return len(comments)


def purge_expired_personal_data(*, now=None) -> dict[str, int]:
    """Drop IP fingerprints and commenters' emails past their retention periods."""
    now = now or timezone.now()
    limits = settings.NEWSROOM
    ip_cutoff = now - timedelta(days=limits["IP_HASH_RETENTION_DAYS"])
    email_cutoff = now - timedelta(days=limits["COMMENT_EMAIL_RETENTION_DAYS"])
    return {
        "ip_hashes": Comment.objects.filter(created_at__lt=ip_cutoff)
        .exclude(ip_hash="")
        .update(ip_hash=""),
        "emails": Comment.objects.filter(created_at__lt=email_cutoff)
        .exclude(email="")
        .update(email=""),
        "notifier_emails": Report.objects.filter(received_at__lt=email_cutoff)
        .exclude(notifier_email="")
        .update(notifier_email="", notifier_name=""),
    }
