"""Notices handled in time (DSA Art. 16, art. 93-3 of the 1982 law) and Art. 18 records."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment, RejectionReason, Report, ThreatReport
from comments.record import RecordImmutable
from infra.models import OutgoingMail
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = get_user_model().objects.create_user(
        "modo", "modo@example.org", "pw-secret-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def alerts(settings):
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "MODERATION_ALERT_EMAIL": "moderation@example.org",
        "PUBLICATION_DIRECTOR_EMAIL": "directeur@example.org",
        "NOTICE_ALERT_HOURS": 24,
        "NOTICE_ESCALATION_HOURS": 48,
    }


def notice(comment, ip="192.0.2.1", **fields):
    return services.report_comment(
        comment=comment,
        reason=Report.Reason.ILLEGAL,
        category="illegal_or_harmful_speech",
        details="Diffamation manifeste.",
        ip_address=ip,
        notifier_name="Léa",
        notifier_email="lea@example.org",
        good_faith=True,
        **fields,
    )


def mails_to(address):
    return list(OutgoingMail.objects.filter(to=address).values_list("subject", flat=True))


def test_a_new_notice_alerts_the_moderators_at_once(moderator, alerts):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    report = notice(comment)

    subject = f"[Modération] Nouvelle notification de contenu illicite {report.reference}"
    assert mails_to("modo@example.org") == [subject]
    assert mails_to("moderation@example.org") == [subject]
    body = OutgoingMail.objects.get(to="modo@example.org").body
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in body
    assert comment.body not in body


def test_an_ordinary_report_alerts_no_one(moderator, alerts):
    services.report_comment(
        comment=CommentFactory(status=Comment.Status.PUBLISHED), reason="spam", ip_address="x"
    )

    assert OutgoingMail.objects.count() == 0


def test_a_comment_hidden_by_reports_alerts_the_moderators(moderator, alerts):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    for ip in ("192.0.2.1", "198.51.100.1", "203.0.113.1"):
        services.report_comment(comment=comment, reason="insult", ip_address=ip)

    assert mails_to("modo@example.org") == [
        "[Modération] Un commentaire a été masqué par des signalements"
    ]


def test_late_notices_are_reminded_then_escalated_once(moderator, alerts):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        report = notice(CommentFactory(status=Comment.Status.PUBLISHED))
    OutgoingMail.objects.all().delete()

    with time_machine.travel(start + timedelta(hours=23), tick=False):
        early = services.alert_overdue_notices()
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        reminded = services.alert_overdue_notices()
        again = services.alert_overdue_notices()
    with time_machine.travel(start + timedelta(hours=49), tick=False):
        escalated = services.alert_overdue_notices()

    assert (early, reminded, again, escalated) == (
        {"reminded": 0, "escalated": 0},
        {"reminded": 1, "escalated": 0},
        {"reminded": 0, "escalated": 0},
        {"reminded": 0, "escalated": 1},
    )
    assert mails_to("modo@example.org") == [
        "[Modération] 1 notification non traitée dans les délais"
    ]
    assert mails_to("directeur@example.org") == [
        "[Direction de la publication] 1 notification de contenu illicite sans décision"
    ]
    report.refresh_from_db()
    assert (report.alerted_at, report.escalated_at) == (
        start + timedelta(hours=25),
        start + timedelta(hours=49),
    )


def test_a_decided_notice_is_never_reminded(moderator, alerts):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = CommentFactory(status=Comment.Status.PUBLISHED)
        notice(comment)
        services.accept_comment(comment=comment, by=moderator)

    with time_machine.travel(start + timedelta(hours=50), tick=False):
        assert services.alert_overdue_notices() == {"reminded": 0, "escalated": 0}


def test_notices_come_first_in_the_queue():
    old = timezone.now() - timedelta(hours=5)
    pending = CommentFactory(created_at=old)
    most_reported = CommentFactory(status=Comment.Status.PUBLISHED, created_at=old)
    for ip in ("192.0.2.1", "198.51.100.1"):
        services.report_comment(comment=most_reported, reason="spam", ip_address=ip)
    noticed = CommentFactory(status=Comment.Status.PUBLISHED)
    notice(noticed)

    assert list(Comment.objects.for_moderation()) == [noticed, most_reported, pending]


def test_the_admin_queue_lists_notices_first(client, moderator):
    pending = CommentFactory(created_at=timezone.now() - timedelta(hours=5))
    noticed = CommentFactory(status=Comment.Status.PUBLISHED)
    notice(noticed)
    client.force_login(moderator)

    response = client.get(reverse("admin:comments_comment_changelist"))

    assert [c.pk for c in response.context["cl"].result_list] == [noticed.pk, pending.pk]


def test_one_notice_names_several_comments_under_one_reference(moderator):
    article = ArticleFactory()
    first, second, third = (
        CommentFactory(article=article, status=Comment.Status.PUBLISHED) for _ in range(3)
    )

    report = notice(first, other_comments=[second, third])

    rows = list(
        Report.objects.order_by("pk").values_list("comment", "notice_reference", "category")
    )
    assert rows == [
        (first.pk, "", "illegal_or_harmful_speech"),
        (second.pk, report.reference, "illegal_or_harmful_speech"),
        (third.pk, report.reference, "illegal_or_harmful_speech"),
    ]
    assert Comment.objects.filter(notice_open=True).count() == 3
    ack = OutgoingMail.objects.get(to="lea@example.org")
    assert "Il concerne 3 commentaires." in ack.body


def test_an_ordinary_report_keeps_no_contact_details():
    report = services.report_comment(
        comment=CommentFactory(status=Comment.Status.PUBLISHED),
        reason="spam",
        ip_address="192.0.2.1",
        notifier_name="Léa",
        notifier_email="lea@example.org",
        good_faith=True,
        category="violence",
    )

    report.refresh_from_db()
    assert (report.notifier_name, report.notifier_email, report.good_faith, report.category) == (
        "",
        "",
        False,
        "",
    )


def report_data(**overrides):
    return {
        "reason": "illegal",
        "category": "violence",
        "details": "Menaces.",
        "notifier_name": "Léa",
        "notifier_email": "lea@example.org",
        "good_faith": "on",
        "other_comments": "",
        **overrides,
    }


def test_the_notice_form_takes_several_comment_urls(client):
    article = ArticleFactory()
    first, second, third = (
        CommentFactory(article=article, status=Comment.Status.PUBLISHED) for _ in range(3)
    )
    lines = "\n".join(
        [
            f"https://exemple.fr{article.get_absolute_url()}#commentaire-{second.pk}",
            reverse("comments:report", args=[third.pk]),
        ]
    )

    response = client.post(
        reverse("comments:report", args=[first.pk]), report_data(other_comments=lines)
    )

    assert response.status_code == 302
    assert sorted(Report.objects.values_list("comment", flat=True)) == sorted(
        [first.pk, second.pk, third.pk]
    )


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        ("https://exemple.fr/sans-commentaire/", "« https://exemple.fr/sans-commentaire/ » n"),
        ("#commentaire-999999", "ne désigne aucun commentaire publié"),
    ],
)
def test_the_notice_form_explains_a_bad_url_and_keeps_what_was_typed(client, lines, error):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    response = client.post(
        reverse("comments:report", args=[comment.pk]), report_data(other_comments=lines)
    )

    assert response.status_code == 400
    assert error in response.text.replace("&#x27;", "'").replace("&quot;", '"')
    assert response.context["form"]["other_comments"].value() == lines
    assert Report.objects.count() == 0


def test_the_notice_form_requires_a_category(client):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)

    response = client.post(reverse("comments:report", args=[comment.pk]), report_data(category=""))

    assert response.status_code == 400
    assert response.context["form"].errors["category"] == [
        "Choisissez la catégorie d'illicéité la plus proche."
    ]


@pytest.mark.parametrize("removed", [True, False])
def test_the_decision_says_automation_and_every_redress_route(moderator, removed):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    notice(comment)
    if removed:
        services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.ILLEGAL)
    else:
        services.accept_comment(comment=comment, by=moderator)

    decision = OutgoingMail.objects.filter(to="lea@example.org").order_by("pk").last()
    body = decision.body
    assert ("le commentaire a été retiré" in body, "reste publié" in body) == (removed, not removed)
    assert "aucun moyen automatisé n'a été utilisé" in body
    assert "réclamation interne" in body
    assert "article 21 du règlement sur les services numériques" in body
    assert "saisir le juge compétent" in body


def test_a_threat_to_life_is_recorded_once_and_never_changed(moderator):
    report = notice(CommentFactory(status=Comment.Status.PUBLISHED))
    informed = timezone.now() - timedelta(minutes=10)

    threat = services.record_threat(
        report=report,
        by=moderator,
        authority="Pharos",
        informed_at=informed,
        authority_reference="PH-2026-12",
        note="Menace de mort contre un élu",
    )

    assert (threat.recorded_by_name, threat.authority, threat.informed_at) == (
        "modo",
        "Pharos",
        informed,
    )
    threat.authority = "Autre"
    with pytest.raises(RecordImmutable):
        threat.save()
    with pytest.raises(RecordImmutable):
        ThreatReport.objects.update(authority="Autre")
    with pytest.raises(RecordImmutable):
        ThreatReport.objects.all().delete()
    with pytest.raises(ValidationError):
        services.record_threat(
            report=report,
            by=moderator,
            authority="Pharos",
            informed_at=timezone.now() + timedelta(hours=1),
            note="x",
        )
    assert list(ThreatReport.objects.values_list("authority", flat=True)) == ["Pharos"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE comments_threatreport SET authority = 'Autre'",
        "DELETE FROM comments_threatreport",
        "UPDATE comments_report SET category = 'violence'",
    ],
)
def test_postgresql_keeps_the_threat_record_and_the_notice_category(moderator, sql):
    report = notice(CommentFactory(status=Comment.Status.PUBLISHED))
    services.record_threat(
        report=report, by=moderator, authority="Pharos", informed_at=timezone.now(), note="x"
    )

    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert list(ThreatReport.objects.values_list("authority", "report__category")) == [
        ("Pharos", "illegal_or_harmful_speech")
    ]


def test_a_moderator_records_a_threat_in_the_admin(client, moderator):
    report = notice(CommentFactory(status=Comment.Status.PUBLISHED))
    client.force_login(moderator)
    url = reverse("admin:comments_threatreport_add")
    data = {
        "report": report.pk,
        "authority": "Pharos",
        "informed_at_0": "01/12/2026",
        "informed_at_1": "10:00:00",
        "authority_reference": "PH-1",
        "note": "Menace",
    }

    future = client.post(url, {**data, "informed_at_0": "01/12/2099"})
    response = client.post(url, data)

    assert future.status_code == 200
    assert future.context["adminform"].form.errors["informed_at"] == [
        "La date d'information ne peut pas être dans le futur."
    ]
    assert response.status_code == 302
    assert list(ThreatReport.objects.values_list("authority", "recorded_by_name")) == [
        ("Pharos", "modo")
    ]


def test_the_dashboard_shows_open_and_late_notices(client, moderator, alerts):
    start = timezone.now()
    with time_machine.travel(start - timedelta(hours=30), tick=False):
        notice(CommentFactory(status=Comment.Status.PUBLISHED))
    notice(CommentFactory(status=Comment.Status.PUBLISHED), ip="198.51.100.4")
    client.force_login(moderator)

    response = client.get(reverse("admin:index"))

    text = " ".join(response.text.split())
    assert '<span class="count">2</span>' in text
    assert "notifications de contenu illicite à traiter" in text
    assert "notification sans décision depuis plus de 24 h" in text
    assert "transmise au directeur" not in text
