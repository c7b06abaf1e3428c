from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Commentaires")

    def ready(self) -> None:
        from comments.dashboard import NOTICES_PANEL, PANEL
        from infra import dashboard

        dashboard.register(PANEL)
        dashboard.register(NOTICES_PANEL)
