from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Une et alertes")

    def ready(self) -> None:
        from articles.signals import article_withdrawn
        from desk import handlers

        article_withdrawn.connect(handlers.article_withdrawn, dispatch_uid="desk.article_withdrawn")
