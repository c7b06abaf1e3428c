"""The audience's link on the admin's home page (registered in ``AudienceConfig.ready``)."""

from infra.dashboard import Panel

PANEL = Panel(
    "audience",
    template="admin/dashboard/_audience.html",
    permission="articles.view_article",
    context=lambda request: {},
    order=20,
)
