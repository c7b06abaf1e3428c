from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WireConfig(AppConfig):
    name = "wire"
    verbose_name = _("Fil des agences")

    def ready(self) -> None:
        from infra import dashboard
        from search import index
        from wire import indexing
        from wire.dashboard import PANEL

        dashboard.register(PANEL)
        index.register(indexing.KIND, indexing.all_documents)
