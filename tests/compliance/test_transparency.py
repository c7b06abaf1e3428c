"""The transparency report of a seeded year: every figure comes from the record."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from comments.models import Comment, Complaint, ModerationEvent, Report, StatementOfReasons
from compliance.models import AuthorityOrder
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(month, day=1, hour=10, year=2026):
    return datetime(year, month, day, hour, tzinfo=PARIS)


def notice(category, received, status="open", hours=None):
    report = Report.objects.create(
        comment=CommentFactory(status=Comment.Status.PUBLISHED),
        reason="illegal",
        category=category,
        reporter_key="k",
        received_at=received,
    )
    if hours is not None:
        Report.objects.filter(pk=report.pk).update(
            status=status, decided_at=received + timedelta(hours=hours)
        )
    return report


@pytest.fixture
def year_2026():
    notice("violence", at(3), "upheld", hours=2)
    notice("violence", at(4), "dismissed", hours=4)
    notice("illegal_or_harmful_speech", at(12, 31, 23))  # Paris time: still 2026
    notice("violence", at(12, 31, 23, year=2025))  # the year before
    for month in (5, 6):
        Report.objects.create(
            comment=CommentFactory(), reason="spam", reporter_key="k", received_at=at(month)
        )
    comment = CommentFactory()
    for action, automated in [
        ("rejected", False),
        ("rejected", False),
        ("auto_hidden", True),
        ("accepted", False),
        ("submitted", False),  # not a decision
    ]:
        ModerationEvent.objects.create(
            comment=comment, action=action, automated=automated, created_at=at(7)
        )
    for restriction, initiative in [
        ("removal", "own"),
        ("staff_hiding", "own"),
        ("temporary", "reports"),
    ]:
        StatementOfReasons.objects.create(
            comment=comment,
            restriction=restriction,
            initiative=initiative,
            ground="x",
            subject="x",
            text="x",
            created_at=at(8),
        )
    decision = ModerationEvent.objects.create(comment=comment, action="rejected", created_at=at(9))
    for outcome, hours in [("reversed", 10), ("maintained", 20), ("open", None)]:
        Complaint.objects.create(
            comment=comment,
            role="author",
            decision=decision,
            text="x",
            received_at=at(10),
            outcome=outcome,
            reviewed_at=at(10) + timedelta(hours=hours) if hours else None,
        )
    AuthorityOrder.objects.create(
        kind="act",
        authority="TJ",
        reference="1",
        issued_on=at(11).date(),
        received_at=at(11),
        effect_at=at(11) + timedelta(hours=5),
        scope="x",
    )
    AuthorityOrder.objects.create(
        kind="information",
        authority="Parquet",
        reference="2",
        issued_on=at(11).date(),
        received_at=at(11),
        scope="x",
    )


EXPECTED = {
    ("Rapport", "Année"): "2026",
    ("Rapport", "Taille de l'entreprise"): "medium",
    ("Rapport", "Exemptée (micro ou petite entreprise, art. 15 § 2)"): "non",
    ("Notifications (art. 16)", "Reçues"): "3",
    ("Notifications (art. 16)", "Catégorie : Violence (menaces, apologie, incitation)"): "2",
    (
        "Notifications (art. 16)",
        "Catégorie : Discours illicite ou préjudiciable (haine, diffamation, injure)",
    ): "1",
    ("Notifications (art. 16)", "Catégorie : Escroquerie ou fraude"): "0",
    ("Notifications (art. 16)", "Issue : Ouvert"): "1",
    ("Notifications (art. 16)", "Issue : Retenu"): "1",
    ("Notifications (art. 16)", "Issue : Écarté"): "1",
    ("Notifications (art. 16)", "Délai médian avant décision (heures)"): "3.0",
    ("Signalements ordinaires", "Reçus"): "2",
    ("Décisions de modération", "Automatisées"): "1",
    ("Décisions de modération", "Prises par un modérateur"): "4",
    ("Mesures à l'initiative de la rédaction", "Total"): "2",
    ("Mesures à l'initiative de la rédaction", "Retrait ou refus de publication"): "1",
    ("Mesures à l'initiative de la rédaction", "Masquage par la rédaction"): "1",
    (
        "Mesures à l'initiative de la rédaction",
        "Masquage temporaire dans l'attente d'un examen",
    ): "0",
    ("Réclamations (art. 20)", "Reçues"): "3",
    ("Réclamations (art. 20)", "Décision annulée"): "1",
    ("Réclamations (art. 20)", "Décision maintenue"): "1",
    ("Réclamations (art. 20)", "À examiner"): "1",
    ("Réclamations (art. 20)", "Délai médian de traitement (heures)"): "15.0",
    (
        "Injonctions des autorités (art. 9 et 10)",
        "Injonction d'agir contre un contenu illicite (art. 9)",
    ): "1",
    (
        "Injonctions des autorités (art. 9 et 10)",
        "Injonction de fournir des informations (art. 10)",
    ): "1",
    ("Injonctions des autorités (art. 9 et 10)", "Délai médian avant exécution (heures)"): "5.0",
}


def test_the_command_writes_the_years_figures_as_csv(year_2026, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "ENTERPRISE_SIZE": "medium"}
    out = io.StringIO()

    call_command("transparency_report", year=2026, stdout=out)

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["section", "indicateur", "valeur"]
    figures = {(section, item): value for section, item, value in rows[1:]}
    assert {key: figures.get(key) for key in EXPECTED} == EXPECTED
    assert len(rows) == 1 + 36


def test_a_small_enterprise_is_said_exempt(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "ENTERPRISE_SIZE": "small"}
    out = io.StringIO()

    call_command("transparency_report", year=2026, stdout=out)

    assert 'Rapport,"Exemptée (micro ou petite entreprise, art. 15 § 2)",oui' in out.getvalue()


def test_the_admin_page_shows_the_same_report(client, year_2026):
    user = get_user_model().objects.create_user("modo", "m@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(user)

    response = client.get(reverse("admin:compliance_transparency_report"), {"annee": "2026"})

    assert response.status_code == 200
    assert response.context["rows"][3] == ("Notifications (art. 16)", "Reçues", "3")
    assert "<td>Délai médian de traitement (heures)</td><td>15.0</td>" in response.text


def test_the_report_costs_the_same_queries_whatever_the_year_holds(
    year_2026, django_assert_num_queries
):
    from compliance import transparency

    # Notices, ordinary reports, decisions, own-initiative measures, complaints, orders.
    with django_assert_num_queries(6):
        transparency.build(2026)
