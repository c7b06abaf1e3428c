"""
The transparency report (DSA Art. 15, Art. 24 for the figures it shares), computed
from the moderation record for one calendar year (Paris time). Each row is
(section, item, value); the command writes them as CSV, the admin page as a table.
"""

import statistics
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from comments.models import (
    Complaint,
    IllegalityCategory,
    ModerationEvent,
    Report,
    StatementOfReasons,
)
from compliance.models import AuthorityOrder

# The decisions the report counts as automated or human.
DECISIONS = (
    ModerationEvent.Action.ACCEPTED,
    ModerationEvent.Action.AUTO_PUBLISHED,
    ModerationEvent.Action.REJECTED,
    ModerationEvent.Action.AUTO_HIDDEN,
    ModerationEvent.Action.STAFF_HIDDEN,
    ModerationEvent.Action.REPORTS_DISMISSED,
)
EXEMPT_SIZES = ("micro", "small")


def _hours(deltas) -> str:
    """The median of durations, in hours with one decimal ("" when there are none)."""
    hours = [delta.total_seconds() / 3600 for delta in deltas]
    return f"{statistics.median(hours):.1f}" if hours else ""


def build(year: int) -> list[tuple[str, str, str]]:
    zone = ZoneInfo(settings.TIME_ZONE)
    start, end = datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    size = settings.NEWSROOM["ENTERPRISE_SIZE"]
    rows = [
        (_("Rapport"), _("Année"), str(year)),
        (_("Rapport"), _("Taille de l'entreprise"), size),
        (
            _("Rapport"),
            _("Exemptée (micro ou petite entreprise, art. 15 § 2)"),
            _("oui") if size in EXEMPT_SIZES else _("non"),
        ),
    ]

    notices = list(
        Report.objects.notices()
        .filter(received_at__gte=start, received_at__lt=end)
        .values_list("category", "status", "received_at", "decided_at")
    )
    section = _("Notifications (art. 16)")
    rows.append((section, _("Reçues"), str(len(notices))))
    categories = Counter(category for category, *_rest in notices)
    for value, label in IllegalityCategory.choices:
        rows.append(
            (section, _("Catégorie : %(label)s") % {"label": label}, str(categories[value]))
        )
    if categories[""]:
        rows.append((section, _("Catégorie : non précisée"), str(categories[""])))
    outcomes = Counter(status for _c, status, *_rest in notices)
    for value, label in Report.Status.choices:
        rows.append((section, _("Issue : %(label)s") % {"label": label}, str(outcomes[value])))
    rows.append(
        (
            section,
            _("Délai médian avant décision (heures)"),
            _hours(decided - received for *_x, received, decided in notices if decided),
        )
    )
    reports = Report.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        reason=Report.Reason.ILLEGAL
    )
    rows.append((_("Signalements ordinaires"), _("Reçus"), str(reports.count())))

    decisions = Counter(
        ModerationEvent.objects.filter(
            created_at__gte=start, created_at__lt=end, action__in=DECISIONS
        ).values_list("automated", flat=True)
    )
    section = _("Décisions de modération")
    rows.append((section, _("Automatisées"), str(decisions[True])))
    rows.append((section, _("Prises par un modérateur"), str(decisions[False])))

    own = Counter(
        StatementOfReasons.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            initiative=StatementOfReasons.Initiative.OWN,
        ).values_list("restriction", flat=True)
    )
    section = _("Mesures à l'initiative de la rédaction")
    rows.append((section, _("Total"), str(sum(own.values()))))
    for value, label in StatementOfReasons.Restriction.choices:
        if value != StatementOfReasons.Restriction.ERASURE:
            rows.append((section, str(label), str(own[value])))

    complaints = list(
        Complaint.objects.filter(received_at__gte=start, received_at__lt=end).values_list(
            "outcome", "received_at", "reviewed_at"
        )
    )
    section = _("Réclamations (art. 20)")
    rows.append((section, _("Reçues"), str(len(complaints))))
    outcomes = Counter(outcome for outcome, *_rest in complaints)
    for value, label in Complaint.Outcome.choices:
        rows.append((section, str(label), str(outcomes[value])))
    rows.append(
        (
            section,
            _("Délai médian de traitement (heures)"),
            _hours(reviewed - received for _o, received, reviewed in complaints if reviewed),
        )
    )

    orders = list(
        AuthorityOrder.objects.filter(received_at__gte=start, received_at__lt=end).values_list(
            "kind", "received_at", "effect_at"
        )
    )
    section = _("Injonctions des autorités (art. 9 et 10)")
    kinds = Counter(kind for kind, *_rest in orders)
    for value, label in AuthorityOrder.Kind.choices:
        rows.append((section, str(label), str(kinds[value])))
    rows.append(
        (
            section,
            _("Délai médian avant exécution (heures)"),
            _hours(effect - received for _k, received, effect in orders if effect),
        )
    )
    return [(str(a), str(b), str(c)) for a, b, c in rows]
