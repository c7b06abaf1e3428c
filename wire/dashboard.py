"""The wire's panel of the admin's home page: articles whose dispatch changed since."""

from infra.dashboard import Panel
from wire.models import WireAlert


def _context(request) -> dict:
    """Alerts not yet seen, urgent (withdrawn items) first: two queries."""
    open_alerts = WireAlert.objects.filter(acknowledged_at__isnull=True)
    return {
        "alert_count": open_alerts.count(),
        "alerts": list(open_alerts.select_related("article", "dispatch__source__agency")[:10]),
    }


PANEL = Panel(
    "wire",
    template="admin/dashboard/_wire.html",
    permission="wire.view_wirealert",
    context=_context,
    order=15,
)
