from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudienceConfig(AppConfig):
    name = "audience"
    verbose_name = _("Audience")

    def ready(self) -> None:
        from audience import handlers
        from audience.dashboard import PANEL
        from comments.signals import published_count_changed
        from infra import dashboard

        dashboard.register(PANEL)
        published_count_changed.connect(
            handlers.count_published_comment, dispatch_uid="audience.count_published_comment"
        )
