"""
The soak's view of the database (Django set up by bench/soak.py): what the traffic
needs before it starts, the wait for the queue to drain, and the final checks and
table.
"""

import time
from collections import Counter

from django.contrib.auth.models import Group
from django.db import DatabaseError, connections
from django.db.models import Sum
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from articles import services as article_services
from articles.models import Article, Section
from audience import counters
from audience.models import HourlyReadCount
from comments import services as comment_services
from comments.models import Comment, Report
from comments.rules import comments_open
from infra.mail import message_id
from infra.models import OutgoingMail
from infra.staff.twofactor import TOTP_NAME

FOLD_TASK = "audience.tasks.fold_reads"


def fixtures(*, drafts: int, editor: str, password: str) -> dict:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(editor, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name="Éditeurs"))
    device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
    live = list(Article.objects.published().select_related("section", "main_image")[:40])
    models = [article for article in live if article.main_image_id and article.section_id]
    made = [
        article_services.create_draft_article(
            by=user,
            title=f"Endurance {number} : {model.title}"[:110],
            lead=model.lead,
            body=model.body,
            section=model.section,
            main_image=model.main_image,
        ).pk
        for number, model in enumerate(models[i % len(models)] for i in range(drafts))
    ]
    open_ones = [article for article in live if comments_open(article)]
    for number, article in enumerate(open_ones * 3):  # comments to report, on every story
        posted = comment_services.post_comment(
            article=article,
            name=f"Abonné {number}",
            email=f"abonne{number}@example.org",
            body=f"Un avis publié d'avance, numéro {number}.",
            ip_address="192.0.2.1",
        )
        if posted.comment.status != Comment.Status.PUBLISHED:
            comment_services.accept_comment(comment=posted.comment, by=user)
    counters.fold_reads()  # the seeded reads, so the baseline is all in the database
    ids = [article.pk for article in live]
    return {
        "pages": ["/"]
        + [reverse("articles:section", kwargs={"slug": s.slug}) for s in Section.objects.all()]
        + [article.get_absolute_url() for article in live],
        "articles": ids,
        "commentable": [article.pk for article in open_ones],
        "comments": list(
            Comment.objects.published()
            .filter(article__in=Article.objects.published())
            .values_list("pk", flat=True)[:100]
        ),
        "drafts": made,
        "totp": (device.bin_key, device.step),
        "reads_before": reads_counted(ids),
    }


def reads_counted(ids: list[int]) -> int:
    total = HourlyReadCount.objects.filter(article__in=ids).aggregate(total=Sum("count"))
    return total["total"] or 0


def drain(*, seconds: float, watch) -> float:
    """Wait until every mail is sent and no task is due; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        watch()
        connections.close_all()
        try:
            unsent = OutgoingMail.objects.filter(sent_at=None).count()
            due = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
            if unsent == 0 and not due.exclude(task_path=FOLD_TASK).exists():
                break
        except DatabaseError:
            pass  # the database may still be coming back from its restart: ask again
        time.sleep(2)
    counters.fold_reads()  # what Redis still holds, as the next minute's fold would
    return time.monotonic() - started


def verify(
    tally, sink, windows, *, articles: list[int], reads_before: int, exits: dict, drained: float
) -> bool:
    connections.close_all()
    failures = []

    statuses = tally.statuses
    errors = {kind: c for kind, seen in statuses.items() if (c := seen.get(500, 0))}
    if errors:
        failures.append(f"500 answers: {errors}")

    stored = set(Comment.objects.filter(body__in=tally.comments).values_list("body", flat=True))
    lost_comments = len(set(tally.comments) - stored)
    reports = set(
        Report.objects.filter(reference__in=tally.reports).values_list("reference", flat=True)
    )
    lost_reports = len(set(tally.reports) - reports)
    published = set(
        Article.objects.published().filter(pk__in=tally.published).values_list("pk", flat=True)
    )
    lost_publications = len(set(tally.published) - published)
    for what, lost in (("comments", lost_comments), ("reports", lost_reports)):
        if lost:
            failures.append(f"{lost} {what} answered as received are not in the database")
    if lost_publications:
        failures.append(f"{lost_publications} publications answered are not live")

    # The soak's forms are valid: a refusal means its data no longer matches the form,
    # and the checks below would pass on nothing.
    refused = {kind: seen[400] for kind, seen in tally.statuses.items() if seen[400]}
    if refused:
        failures.append(f"valid forms refused (400), the soak's data is out of date: {refused}")

    mails = list(OutgoingMail.objects.all())
    acknowledged = Counter(
        OutgoingMail.objects.filter(to__in=tally.notices).values_list("to", flat=True)
    )
    unacknowledged = [a for a in tally.notices if acknowledged[a] != 1]
    received = sink.received
    ids = {message_id(mail) for mail in mails}
    undelivered = [m for m in mails if received[message_id(m)] == 0 or m.sent_at is None]
    duplicated = sum(count - 1 for mid, count in received.items() if count > 1)
    strangers = sum(count for mid, count in received.items() if mid not in ids)
    if unacknowledged:
        failures.append(f"{len(unacknowledged)} notices without exactly one acknowledgement")
    if undelivered or duplicated or strangers:
        failures.append(
            f"mail: {len(undelivered)} undelivered, {duplicated} duplicated, {strangers} unknown"
        )

    sent = len(tally.reads)
    counted = reads_counted(articles) - reads_before
    redis_window = next((w for w in windows if w[0] == "redis"), None)
    at_risk = 0
    if redis_window:
        last_fold = (
            DBTaskResult.objects.filter(
                task_path=FOLD_TASK,
                status=TaskResultStatus.SUCCESSFUL,
                started_at__lt=redis_window[1],
            )
            .order_by("-started_at")
            .values_list("started_at", flat=True)
            .first()
        )
        since = last_fold or min((when for when, _a in tally.reads), default=redis_window[1])
        at_risk = sum(1 for when, _a in tally.reads if since <= when <= redis_window[1])
    lost_reads = sent - counted
    if not (-tally.unanswered_reads <= lost_reads <= at_risk):
        failures.append(
            f"reads: {sent} answered, {counted} counted, outside the bound "
            f"(-{tally.unanswered_reads} … {at_risk})"
        )

    print_table(
        tally,
        rows={
            "comments answered / stored": (len(tally.comments), len(stored)),
            "reports answered / stored": (len(tally.reports), len(reports)),
            "notices acknowledged (one mail each)": (
                len(tally.notices),
                len(tally.notices) - len(unacknowledged),
            ),
            "publications answered / live": (len(tally.published), len(published)),
            "mails queued / delivered once": (len(mails), len(mails) - len(undelivered)),
            "mails duplicated / unknown at the sink": (duplicated, strangers),
            "reads answered 204 / counted": (sent, counted),
            "reads lost / bound (unfolded when Redis stopped)": (max(lost_reads, 0), at_risk),
            "beacons unanswered (may count)": (tally.unanswered_reads, ""),
        },
        windows=windows,
        exits=exits,
        drained=drained,
    )
    for failure in failures:
        print(f"FAILED: {failure}")
    print("PASSED" if not failures else f"{len(failures)} check(s) failed")
    return not failures


def print_table(tally, *, rows: dict, windows, exits: dict, drained: float) -> None:
    columns = sorted({str(s) for seen in tally.statuses.values() for s in seen})
    print()
    print("| requests | total | " + " | ".join(columns) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in columns) + " |")
    for kind, seen in sorted(tally.statuses.items()):
        cells = [str(seen.get(int(c) if c.isdigit() else c, "")) for c in columns]
        print(f"| {kind} | {sum(seen.values())} | " + " | ".join(cells) + " |")
    print()
    print("| check | figures |")
    print("| --- | --- |")
    for label, (first, second) in rows.items():
        print(f"| {label} | {first}{f' / {second}' if second != '' else ''} |")
    print()
    print("| outage | from | to | seconds |")
    print("| --- | --- | --- | ---: |")
    for what, began, ended in windows:
        local = timezone.localtime
        print(
            f"| {what} | {local(began):%H:%M:%S} | {local(ended):%H:%M:%S} "
            f"| {(ended - began).total_seconds():.0f} |"
        )
    print()
    print(
        "Process exits (restarted after 5 s): "
        + ", ".join(f"{name} {count}" for name, count in exits.items())
        + f"; queue drained in {drained:.0f} s after the traffic."
    )
