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
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from articles.models import Article
from comments import notifications, signals
from comments.complaints import Contested
from comments.models import (
    Comment,
    Complaint,
    Erasure,
    LegalHold,
    ModerationEvent,
    RejectionReason,
    Report,
    StatementOfReasons,
    ThreatReport,
)
from comments.record import anonymizing
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
        charter_version=settings.NEWSROOM["CHARTER_VERSION"],
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
        charter_version=settings.NEWSROOM["CHARTER_VERSION"],
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
    comment.notice_open = False
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
    event = _record(comment, ModerationEvent.Action.ACCEPTED, by=by)
    if not was_published:
        _change_count(comment, +1)
    notifications.notify_notifiers(reports=reports, comment=comment, removed=False, decision=event)
    return comment


@transaction.atomic
def reject_comment(
    *, comment: Comment, by, reason: str, note: str = "", send_statement: bool = True
) -> Comment:
    """
    Refuse (or remove) a comment for a charter clause or legal ground. The
    commenter receives a statement of reasons (stored, and not mailed when an
    authority's order withholds it: ``send_statement``); notifiers learn the decision.
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
    event = _record(comment, ModerationEvent.Action.REJECTED, by=by, reason=reason, note=note)
    if was_published:
        _change_count(comment, -1)
    notifications.state_reasons(
        comment=comment,
        restriction=StatementOfReasons.Restriction.REMOVAL,
        initiative=_initiative(reports),
        ground=comment.get_rejection_reason_display(),
        automated=False,
        note=note,
        decision=event,
        send=send_statement,
    )
    notifications.notify_notifiers(reports=reports, comment=comment, removed=True, decision=event)
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
    event = _record(comment, ModerationEvent.Action.REPORTS_DISMISSED, by=by, note=note)
    notifications.notify_notifiers(reports=reports, comment=comment, removed=False, decision=event)
    return comment


def _initiative(reports) -> str:
    """Whether a decision followed a notice, readers' reports, or the site's own initiative."""
    if any(r.reason == Report.Reason.ILLEGAL and not r.by_staff for r in reports):
        return StatementOfReasons.Initiative.NOTICE
    if any(not r.by_staff for r in reports):
        return StatementOfReasons.Initiative.REPORTS
    return StatementOfReasons.Initiative.OWN


def _hide(comment: Comment, action: str, *, by=None, reason: str) -> None:
    """
    Hide a published comment pending review: by readers' reports (automatically, a
    temporary measure) or by a staff member's report. Either way its author gets a
    statement of reasons (DSA Art. 17).
    """
    comment.status = Comment.Status.HIDDEN
    _change_count(comment, -1)
    event = _record(comment, action, by=by, automated=by is None, reason=reason)
    by_staff = action == ModerationEvent.Action.STAFF_HIDDEN
    notifications.state_reasons(
        comment=comment,
        restriction=(
            StatementOfReasons.Restriction.STAFF_HIDING
            if by_staff
            else StatementOfReasons.Restriction.TEMPORARY
        ),
        initiative=(
            StatementOfReasons.Initiative.OWN
            if by_staff
            else _initiative(comment.reports.filter(status=Report.Status.OPEN))
        ),
        ground=Report.Reason(reason).label,  # rendered in French by state_reasons
        automated=by is None,
        decision=event,
    )


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
    category: str = "",
    other_comments=(),
) -> Report:
    """
    Record a reader's report. The comment row is locked, so concurrent reports
    count exactly; a reader (same user, or same address group: one IPv4 address,
    one IPv6 /64, whatever the browser) counts once. At REPORTS_TO_HIDE distinct
    reporters that have not used up their REPORT_HIDES_PER_DAY, or at once for a
    staff member, the comment is hidden pending review, and the moderators are
    told (a mail, the dashboard, a line on the ``newsroom.moderation`` log).

    An illegal-content notice (DSA Art. 16) keeps the notifier's name and email,
    its category of illegality, may name ``other_comments`` (one report each, under
    the first's reference), puts the comments first in the queue and alerts the
    moderators at once. Any other report keeps no contact details (minimisation).
    """
    is_notice = reason == Report.Reason.ILLEGAL
    if not is_notice:
        notifier_name, notifier_email, good_faith, category = "", "", False, ""
    fields = {
        "reason": reason,
        "details": details,
        "notifier_name": notifier_name,
        "notifier_email": notifier_email,
        "good_faith": good_faith,
        "category": category,
    }
    report = _file_report(comment, fields, ip_address=ip_address, user=user)
    reports = [report]
    for other in other_comments if is_notice else ():
        if other.pk == comment.pk:
            continue
        try:
            reports.append(
                _file_report(
                    other,
                    {**fields, "notice_reference": report.reference},
                    ip_address=ip_address,
                    user=user,
                )
            )
        except AlreadyReported:
            continue
    notifications.acknowledge_notice(report=report, reports=reports)
    if is_notice:
        notifications.alert_new_notice(reports=reports)
    return report


def _file_report(comment: Comment, fields: dict, *, ip_address: str, user) -> Report:
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
        reporter_key=reporter_key,
        reporter=user if by_staff else None,
        by_staff=by_staff,
        snapshot={
            "name": comment.name,
            "body": comment.body,
            "created_at": comment.created_at.isoformat(),
            "article": comment.article.title,
            "article_url": comment.article.get_absolute_url(),
        },
        **fields,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise AlreadyReported from error

    comment.open_report_count += 1
    comment.priority = comment.priority or by_staff
    comment.notice_open = comment.notice_open or report.reason == Report.Reason.ILLEGAL
    reason = report.reason
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
            notifications.alert_hidden_by_reports(comment=comment)
    comment.save()
    return report


@transaction.atomic
def alert_overdue_notices(*, now=None) -> dict[str, int]:
    """
    The notices nobody has decided on in time: past NOTICE_ALERT_HOURS the moderators
    are reminded, past NOTICE_ESCALATION_HOURS the directeur de la publication is
    told (art. 93-3 of the 1982 law: the publisher answers once alerted). Each
    notice is reminded once and escalated once: run twice, this sends nothing new.
    """
    now = now or timezone.now()
    limits = settings.NEWSROOM
    overdue = list(
        Report.objects.overdue(hours=limits["NOTICE_ALERT_HOURS"], now=now)
        .filter(alerted_at=None)
        .select_for_update()
        .select_related("comment")
    )
    escalated = list(
        Report.objects.overdue(hours=limits["NOTICE_ESCALATION_HOURS"], now=now)
        .filter(escalated_at=None)
        .select_for_update()
        .select_related("comment")
    )
    if overdue:
        notifications.alert_overdue_notices(reports=overdue)
        Report.objects.filter(pk__in=[r.pk for r in overdue]).update(alerted_at=now)
    if escalated:
        notifications.escalate_notices(reports=escalated)
        Report.objects.filter(pk__in=[r.pk for r in escalated]).update(escalated_at=now)
    return {"reminded": len(overdue), "escalated": len(escalated)}


@transaction.atomic
def record_threat(
    *, report: Report, by, authority: str, informed_at, note: str, authority_reference: str = ""
) -> ThreatReport:
    """
    DSA Art. 18: record that a notice concerns a threat to life or safety and that
    the authorities were informed (when, whom, their reference). Never changed after.
    """
    if not authority.strip() or not note.strip():
        raise ValidationError(
            gettext("Indiquez l'autorité informée et ce qui lui a été transmis."),
            code="required",
        )
    if informed_at > timezone.now():
        raise ValidationError(gettext("La date d'information ne peut pas être dans le futur."))
    return ThreatReport.objects.create(
        report=report,
        authority=authority.strip(),
        informed_at=informed_at,
        authority_reference=authority_reference.strip(),
        note=note.strip(),
        recorded_by=by,
        recorded_by_name=display_name(by),
    )


class ComplaintRefused(ValidationError):
    """A complaint the rules refuse: reviewed by the moderator who decided, say."""


# What reversing each contestable decision does.
_REVERSIBLE = {
    ModerationEvent.Action.REJECTED: "publish",
    ModerationEvent.Action.AUTO_HIDDEN: "publish",
    ModerationEvent.Action.STAFF_HIDDEN: "publish",
    ModerationEvent.Action.ACCEPTED: "remove",
    ModerationEvent.Action.REPORTS_DISMISSED: "remove",
}


@transaction.atomic
def file_complaint(*, contested: Contested, text: str) -> Complaint:
    """
    Record a complaint (DSA Art. 20) against the decision a signed link names. The
    link was checked (``comments.complaints.read_token``); a decision already
    contested by the same person and still open gets no second complaint.
    """
    decision = ModerationEvent.objects.filter(
        pk=contested.decision_id, comment_id=contested.comment_id
    ).first()
    if decision is None or decision.action not in _REVERSIBLE:
        raise ComplaintRefused(gettext("Cette décision ne peut pas être contestée."))
    report = None
    if contested.report_id is not None:
        report = Report.objects.filter(
            pk=contested.report_id, comment_id=contested.comment_id
        ).first()
        if report is None:
            raise ComplaintRefused(gettext("Cette décision ne peut pas être contestée."))
    existing = Complaint.objects.filter(
        decision=decision, report=report, outcome=Complaint.Outcome.OPEN
    ).first()
    if existing is not None:
        return existing
    complaint = Complaint.objects.create(
        comment_id=contested.comment_id,
        report=report,
        role=Complaint.Role.NOTIFIER if report else Complaint.Role.AUTHOR,
        decision=decision,
        text=text.strip(),
    )
    notifications.alert_complaint(complaint=complaint)
    return complaint


@transaction.atomic
def decide_complaint(
    *, complaint: Complaint, by, reverse: bool, reason: str, rejection_reason: str = ""
) -> Complaint:
    """
    Decide a complaint: by a moderator other than the one who took the decision
    (Art. 20(6)), with a reason. Reversing publishes a removed or hidden comment
    again (a refusal is reopened first, with this reason) or removes a comment that
    was kept (with ``rejection_reason``). The complainant is told; the comment's
    history records the review.
    """
    complaint = (
        Complaint.objects.select_for_update().select_related("decision").get(pk=complaint.pk)
    )
    reason = reason.strip()
    if complaint.outcome != Complaint.Outcome.OPEN:
        raise ComplaintRefused(gettext("Cette réclamation a déjà été examinée."))
    if complaint.decision.actor_id is not None and complaint.decision.actor_id == by.pk:
        raise ComplaintRefused(
            gettext("Une réclamation est examinée par un autre modérateur que celui qui a décidé."),
            code="same_moderator",
        )
    if not reason:
        raise ComplaintRefused(
            gettext("Indiquez le motif de votre décision sur la réclamation."),
            code="reason_required",
        )
    comment = complaint.comment
    if reverse:
        effect = _REVERSIBLE[complaint.decision.action]
        if effect == "remove" and rejection_reason not in RejectionReason.values:
            raise ComplaintRefused(
                gettext("Choisissez le motif du retrait (clause de la charte ou fondement légal)."),
                code="rejection_reason_required",
            )
        if effect == "publish":
            if comment.status == Comment.Status.REJECTED:
                comment = reopen_comment(comment=comment, by=by, reason=reason)
            accept_comment(comment=comment, by=by)
        else:
            reject_comment(comment=comment, by=by, reason=rejection_reason, note=reason)
    complaint.outcome = Complaint.Outcome.REVERSED if reverse else Complaint.Outcome.MAINTAINED
    complaint.reviewed_by, complaint.reviewed_by_name = by, display_name(by)
    complaint.reviewed_at = timezone.now()
    complaint.review_reason = reason
    complaint.save()
    _record(
        complaint.comment,
        ModerationEvent.Action.COMPLAINT_DECIDED,
        by=by,
        reason=complaint.outcome,
        note=reason,
    )
    notifications.answer_complaint(complaint=complaint)
    return complaint


def _held_comment_ids():
    """Comments under an active legal hold: no erasure or purge touches them."""
    return LegalHold.objects.active().values("comment_id")


@transaction.atomic
def place_legal_hold(*, comment: Comment, by, reason: str, report: Report | None = None):
    """Put a comment (and its notices) under a legal hold, recording who, why and when."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            gettext("Indiquez le motif de la conservation (plainte, réquisition, avis…)."),
            code="reason_required",
        )
    if report is not None and report.comment_id != comment.pk:
        raise ValidationError(gettext("Ce signalement ne concerne pas ce commentaire."))
    return LegalHold.objects.create(
        comment=comment, report=report, reason=reason, set_by=by, set_by_name=display_name(by)
    )


@transaction.atomic
def release_legal_hold(*, hold: LegalHold, by, reason: str) -> LegalHold:
    """Lift a hold; the hold stays in the record with who lifted it and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            gettext("Indiquez pourquoi la conservation est levée."), code="reason_required"
        )
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is None:
        hold.released_at = timezone.now()
        hold.released_by_name = display_name(by)
        hold.release_reason = reason
        hold.save(update_fields=["released_at", "released_by_name", "release_reason"])
    return hold


@transaction.atomic
def erase_email(*, email: str, source: str = Erasure.Source.COMMAND) -> Erasure:
    """
    Erase a person's personal data on request (GDPR art. 17): their comments' name,
    email, text and IP fingerprint, and their notices' contact details and text. The
    moderation record stays, anonymized, and the erasure records itself (``Erasure``).
    A comment under a legal hold is kept whole; one with an open report waits for the
    decision (its text is the evidence of the pending case): both are counted.
    """
    email = email.strip()
    mine = Comment.objects.filter(email__iexact=email)
    held = mine.filter(pk__in=_held_comment_ids())
    deferred = mine.exclude(pk__in=_held_comment_ids()).filter(open_report_count__gt=0)
    comments = list(
        mine.exclude(pk__in=_held_comment_ids()).filter(open_report_count=0).select_for_update()
    )
    with anonymizing():
        for comment in comments:
            if comment.status == Comment.Status.PUBLISHED:
                _change_count(comment, -1)
                comment.status = Comment.Status.REJECTED
                # Stored, not mailed: the address is being erased at its owner's request.
                notifications.state_reasons(
                    comment=comment,
                    restriction=StatementOfReasons.Restriction.ERASURE,
                    initiative=StatementOfReasons.Initiative.REQUEST,
                    ground=gettext_lazy("Demande d'effacement des données (RGPD, article 17)"),
                    automated=True,
                    send=False,
                )
            comment.name, comment.email, comment.body, comment.ip_hash = "—", "", "", ""
            comment.save()
            _record(comment, ModerationEvent.Action.ERASED, automated=True)
        Report.objects.filter(comment__in=comments).update(snapshot={})
        notices = Report.objects.filter(notifier_email__iexact=email).exclude(
            comment__in=_held_comment_ids()
        )
        notices_erased = notices.update(notifier_email="", notifier_name="", details="")
        StatementOfReasons.objects.filter(sent_to__iexact=email).exclude(
            comment__in=_held_comment_ids()
        ).update(sent_to="")
    # The outbox's copies of the mails to this address, sent or not.
    OutgoingMail.objects.filter(to__iexact=email).delete()
    return Erasure.objects.create(
        email_hash=keyed_hash(email.lower(), "erasure"),
        source=source,
        comments_erased=len(comments),
        notices_erased=notices_erased,
        comments_held=held.count(),
        comments_deferred=deferred.count(),
    )


@transaction.atomic
def purge_expired_personal_data(*, now=None) -> dict[str, int]:
    """
    The retention periods of docs/compliance.md, for every personal field, run daily:
    IP fingerprints, commenters' emails, the name and text of comments never
    published, the notices' details, contacts and snapshots and the events' notes once
    the case is closed, the reporters' keys. Anything under a legal hold, and every
    open case, is left as it is.
    """
    now = now or timezone.now()
    limits = settings.NEWSROOM

    def cutoff(name: str):
        return now - timedelta(days=limits[name])

    held = _held_comment_ids()
    comments = Comment.objects.exclude(pk__in=held)
    closed_reports = Report.objects.exclude(comment__in=held).exclude(status=Report.Status.OPEN)
    record_cutoff = cutoff("CASE_RECORD_RETENTION_DAYS")
    with anonymizing():
        counts = {
            "ip_hashes": comments.filter(created_at__lt=cutoff("IP_HASH_RETENTION_DAYS"))
            .exclude(ip_hash="")
            .update(ip_hash=""),
            "emails": comments.filter(created_at__lt=cutoff("COMMENT_EMAIL_RETENTION_DAYS"))
            .exclude(email="")
            .update(email=""),
            "unpublished_texts": comments.filter(
                status__in=[Comment.Status.PENDING, Comment.Status.REJECTED],
                created_at__lt=cutoff("UNPUBLISHED_COMMENT_RETENTION_DAYS"),
                open_report_count=0,
            )
            .exclude(body="")
            .update(name="—", body=""),
            "notifier_emails": closed_reports.filter(decided_at__lt=record_cutoff)
            .exclude(notifier_email="", notifier_name="")
            .update(notifier_email="", notifier_name=""),
            "notice_details": closed_reports.filter(decided_at__lt=record_cutoff)
            .exclude(details="", snapshot={})
            .update(details="", snapshot={}),
            "reporter_keys": closed_reports.filter(
                decided_at__lt=cutoff("REPORTER_KEY_RETENTION_DAYS")
            )
            .exclude(reporter_key__startswith="purged-")
            .update(reporter_key=Concat(Value("purged-"), Cast("pk", CharField()))),
            "statement_addresses": StatementOfReasons.objects.exclude(comment__in=held)
            .filter(created_at__lt=cutoff("COMMENT_EMAIL_RETENTION_DAYS"))
            .exclude(sent_to="")
            .update(sent_to=""),
            "event_notes": ModerationEvent.objects.exclude(comment__in=held)
            .exclude(comment__reports__status=Report.Status.OPEN)
            .filter(created_at__lt=record_cutoff)
            .exclude(note="")
            .exclude(action=ModerationEvent.Action.REPORTED)  # a notice's reference
            .update(note=""),
        }
    return counts
