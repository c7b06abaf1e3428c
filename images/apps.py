from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")

    def ready(self) -> None:
        from images import dashboard as images_dashboard
        from images import indexing
        from infra import dashboard
        from search import index

        index.register(indexing.KIND, indexing.all_documents)
        dashboard.register(images_dashboard.PANEL)
