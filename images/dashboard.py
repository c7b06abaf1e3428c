"""The photo desk's panel of the admin's home page (registered in ``ImagesConfig.ready``)."""

from datetime import timedelta

from django.utils import timezone

from images import rights
from images.models import Image
from infra.dashboard import Panel


def _context(request) -> dict:
    """
    The images whose usage rights expire within the alert's days, and those withdrawn
    in the last seven days: three queries.
    """
    expiring = rights.expiring_soon()
    return {
        "expiring_count": expiring.count(),
        "expiring": list(expiring[:10]),
        "withdrawn": list(
            Image.objects.filter(withdrawn_at__gte=timezone.now() - timedelta(days=7)).order_by(
                "-withdrawn_at"
            )[:10]
        ),
    }


PANEL = Panel(
    "images",
    template="admin/dashboard/_images.html",
    permission="images.change_image",
    context=_context,
    order=12,
)
